package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Brand voice choices.
var (
	Tones  = []string{"professional", "friendly", "casual", "formal"}
	Styles = []string{"concise", "detailed", "persuasive"}
)

// SampleMessage is one line of a sample conversation.
type SampleMessage struct {
	From string `json:"from" enum:"customer,agent"`
	Text string `json:"text" maxLength:"2000"`
}

// SampleConversation is a successful conversation the AI should sound like.
type SampleConversation struct {
	Title    string          `json:"title" maxLength:"200"`
	Messages []SampleMessage `json:"messages" maxItems:"50"`
}

// BrandVoice is how the company's replies sound.
type BrandVoice struct {
	Tone                string               `json:"tone" enum:"professional,friendly,casual,formal"`
	Style               string               `json:"style" enum:"concise,detailed,persuasive"`
	PrimaryLanguage     string               `json:"primary_language" enum:"en,ms,bm,zh,ta" doc:"bm is accepted for ms and stored as ms."`
	SecondaryLanguages  []string             `json:"secondary_languages" maxItems:"4" doc:"en, ms (or bm), zh, ta."`
	MirrorCustomer      bool                 `json:"mirror_customer" doc:"Reply in the customer's language when it is one of the company's."`
	Dos                 []string             `json:"dos" maxItems:"30"`
	Donts               []string             `json:"donts" maxItems:"30"`
	SampleConversations []SampleConversation `json:"sample_conversations" maxItems:"20"`
	UpdatedAt           *time.Time           `json:"updated_at,omitempty" nullable:"true" readOnly:"true"`
}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func defaultVoice() *BrandVoice {
	return &BrandVoice{Tone: "friendly", Style: "concise", PrimaryLanguage: "en", SecondaryLanguages: []string{}, MirrorCustomer: true,
		Dos: []string{}, Donts: []string{}, SampleConversations: []SampleConversation{}}
}

// GetBrandVoice returns the company's brand voice, or the defaults when none was saved.
func (s *Service) GetBrandVoice(ctx context.Context, companyID uuid.UUID) (*BrandVoice, error) {
	out := defaultVoice()
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.BrandVoiceGet(ctx, companyID)
		if db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		out = voiceOf(r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.GetBrandVoice: %w", err)
	}
	return out, nil
}

func voiceOf(r dbgen.BrandVoice) *BrandVoice {
	v := &BrandVoice{Tone: r.Tone, Style: r.Style, PrimaryLanguage: r.PrimaryLanguage, SecondaryLanguages: r.SecondaryLanguages,
		MirrorCustomer: r.MirrorCustomer, Dos: r.Dos, Donts: r.Donts, SampleConversations: []SampleConversation{}}
	_ = json.Unmarshal(r.SampleConversations, &v.SampleConversations)
	t := r.UpdatedAt
	v.UpdatedAt = &t
	return v
}

func cleanList(list []string, field string, max int) ([]string, error) {
	out := []string{}
	for i, x := range list {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		if utf8.RuneCountInString(x) > max {
			return nil, apperr.Invalid(fmt.Sprintf("body.%s[%d]", field, i), fmt.Sprintf("At most %d characters.", max))
		}
		out = append(out, x)
	}
	return out, nil
}

// SaveBrandVoice validates and saves the brand voice.
// Errors: EINVALID naming the field.
func (s *Service) SaveBrandVoice(ctx context.Context, companyID, actor uuid.UUID, v BrandVoice) (*BrandVoice, error) {
	v.PrimaryLanguage = lang.Canonical(v.PrimaryLanguage)
	switch {
	case !in(Tones, v.Tone):
		return nil, apperr.Invalid("body.tone", "Choose professional, friendly, casual or formal.")
	case !in(Styles, v.Style):
		return nil, apperr.Invalid("body.style", "Choose concise, detailed or persuasive.")
	case !validLanguage(v.PrimaryLanguage):
		return nil, apperr.Invalid("body.primary_language", "Choose en, ms, zh or ta.")
	}
	second := []string{}
	for i, l := range v.SecondaryLanguages {
		l = lang.Canonical(l)
		if !validLanguage(l) {
			return nil, apperr.Invalid(fmt.Sprintf("body.secondary_languages[%d]", i), "Choose en, ms, zh or ta.")
		}
		if l != v.PrimaryLanguage && !in(second, l) {
			second = append(second, l)
		}
	}
	dos, err := cleanList(v.Dos, "dos", 300)
	if err != nil {
		return nil, err
	}
	donts, err := cleanList(v.Donts, "donts", 300)
	if err != nil {
		return nil, err
	}
	samples := []SampleConversation{}
	for i, c := range v.SampleConversations {
		c.Title = strings.TrimSpace(c.Title)
		msgs := []SampleMessage{}
		for j, m := range c.Messages {
			m.Text = strings.TrimSpace(m.Text)
			if m.Text == "" {
				continue
			}
			if m.From != "customer" && m.From != "agent" {
				return nil, apperr.Invalid(fmt.Sprintf("body.sample_conversations[%d].messages[%d].from", i, j), "Choose customer or agent.")
			}
			msgs = append(msgs, m)
		}
		if len(msgs) == 0 {
			return nil, apperr.Invalid(fmt.Sprintf("body.sample_conversations[%d].messages", i), "Add at least one message.")
		}
		if c.Title == "" {
			c.Title = fmt.Sprintf("Conversation %d", i+1)
		}
		c.Messages = msgs
		samples = append(samples, c)
	}
	js, _ := json.Marshal(samples)
	var out *BrandVoice
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.BrandVoiceSave(ctx, dbgen.BrandVoiceSaveParams{CompanyID: companyID, Tone: v.Tone, Style: v.Style, PrimaryLanguage: v.PrimaryLanguage,
			SecondaryLanguages: second, MirrorCustomer: v.MirrorCustomer, Dos: dos, Donts: donts, SampleConversations: js, UpdatedBy: nullUUID(actor)})
		if err != nil {
			return err
		}
		out = voiceOf(r)
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.brand_voice_saved", TargetType: "brand_voice"})
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.SaveBrandVoice: %w", err)
	}
	return out, nil
}
