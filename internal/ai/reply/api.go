package reply

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/identity"
)

// AiSuggestionView is a suggested reply as the chat's AI panel shows it.
type AiSuggestionView struct {
	ID             uuid.UUID  `json:"id"`
	ConversationID uuid.UUID  `json:"conversation_id"`
	Source         string     `json:"source" enum:"template,model"`
	Label          string     `json:"label" doc:"How the panel names the source: \"Template: <name>\", \"AI model v3\" or \"offline\"."`
	TemplateID     *uuid.UUID `json:"template_id,omitempty"`
	VersionID      *uuid.UUID `json:"version_id,omitempty"`
	ABVariant      string     `json:"ab_variant"`
	Provider       string     `json:"provider"`
	Model          string     `json:"model"`
	Language       string     `json:"language"`
	Text           string     `json:"text"`
	FinalText      string     `json:"final_text" doc:"What was sent; empty until sent."`
	Flags          []string   `json:"flags" doc:"Safety checks the model's draft failed; the text is then a safe fallback."`
	Status         string     `json:"status" enum:"suggested,sent,edited,ignored"`
	Rating         *int16     `json:"rating,omitempty"`
	LatencyMs      int32      `json:"latency_ms"`
	InputTokens    int64      `json:"input_tokens"`
	OutputTokens   int64      `json:"output_tokens"`
	CacheRead      int64      `json:"cache_read_tokens"`
	CacheWrite     int64      `json:"cache_write_tokens"`
	SentMessageID  *uuid.UUID `json:"sent_message_id,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

func idPtr(n uuid.NullUUID) *uuid.UUID {
	if !n.Valid {
		return nil
	}
	id := n.UUID
	return &id
}

func suggestionView(r dbgen.AiSuggestion, label string) AiSuggestionView {
	flags := r.Flags
	if flags == nil {
		flags = []string{}
	}
	if label == "" {
		switch {
		case r.Source == SourceTemplate:
			label = "Template"
		case r.Provider == ai.ProviderOffline:
			label = "offline"
		default:
			label = "AI model"
		}
	}
	return AiSuggestionView{ID: r.ID, ConversationID: r.ConversationID, Source: r.Source, Label: label, TemplateID: idPtr(r.TemplateID),
		VersionID: idPtr(r.VersionID), ABVariant: r.AbVariant, Provider: r.Provider, Model: r.Model, Language: r.Language, Text: r.Text,
		FinalText: r.FinalText, Flags: flags, Status: r.Status, Rating: r.Rating, LatencyMs: r.LatencyMs, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, CacheRead: r.CacheReadTokens, CacheWrite: r.CacheWriteTokens, SentMessageID: idPtr(r.SentMessageID),
		CreatedAt: r.CreatedAt}
}

type aiSuggestionOutput struct {
	Body AiSuggestionView
}

type aiSuggestionConversationInput struct {
	ID uuid.UUID `path:"id"`
}

type aiSuggestionIDInput struct {
	ID uuid.UUID `path:"id"`
}

type aiSuggestionSendInput struct {
	ID   uuid.UUID `path:"id"`
	Body *struct {
		Text string `json:"text,omitempty" maxLength:"4096" doc:"The reply as edited; empty sends the suggestion as it is."`
	}
}

type aiSuggestionRateInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Rating int `json:"rating" minimum:"1" maximum:"5"`
	}
}

// AiPreviewMessage is one line of a sample conversation.
type AiPreviewMessage struct {
	From string `json:"from" enum:"customer,agent"`
	Text string `json:"text" maxLength:"2000"`
}

// AiPreviewCultural is a draft version's cultural context.
type AiPreviewCultural struct {
	Greetings []string `json:"greetings,omitempty" maxItems:"30"`
	Customs   []string `json:"customs,omitempty" maxItems:"30"`
	Holidays  []string `json:"holidays,omitempty" maxItems:"30"`
	Phrases   []string `json:"phrases,omitempty" maxItems:"30"`
}

// AiPreviewWeights are a draft version's source weights.
type AiPreviewWeights struct {
	SuccessPatterns int `json:"success_patterns" minimum:"0" maximum:"100"`
	Catalog         int `json:"catalog" minimum:"0" maximum:"100"`
	FAQs            int `json:"faqs" minimum:"0" maximum:"100"`
	Training        int `json:"training" minimum:"0" maximum:"100"`
}

type aiPreviewInput struct {
	Body struct {
		SystemPrompt       string             `json:"system_prompt" maxLength:"20000"`
		ResponseStyle      string             `json:"response_style,omitempty" enum:"formal,casual,friendly,professional"`
		PrimaryLanguage    string             `json:"primary_language,omitempty" enum:"en,ms,bm,zh,ta" doc:"bm is accepted for ms."`
		SecondaryLanguages []string           `json:"secondary_languages,omitempty" maxItems:"4"`
		CulturalContext    AiPreviewCultural  `json:"cultural_context,omitempty"`
		Temperature        float64            `json:"temperature,omitempty" minimum:"0" maximum:"1"`
		MaxTokens          int                `json:"max_tokens,omitempty" minimum:"0" maximum:"4000"`
		Weights            *AiPreviewWeights  `json:"weights,omitempty" doc:"Absent: every source at 50."`
		Model              string             `json:"model,omitempty" maxLength:"100"`
		Sample             []AiPreviewMessage `json:"sample" maxItems:"20" doc:"A sample conversation, oldest first."`
	}
}

// AiPreviewBlock is one system block of an assembled context.
type AiPreviewBlock struct {
	Text  string `json:"text"`
	Cache bool   `json:"cache" doc:"The cacheable company prefix ends after this block."`
}

// AiPreviewTurn is one message of an assembled context.
type AiPreviewTurn struct {
	Role string `json:"role" enum:"user,assistant"`
	Text string `json:"text"`
}

type aiPreviewOutput struct {
	Body struct {
		System      []AiPreviewBlock `json:"system"`
		Messages    []AiPreviewTurn  `json:"messages"`
		Language    string           `json:"language"`
		Model       string           `json:"model"`
		Temperature float64          `json:"temperature"`
		MaxTokens   int              `json:"max_tokens"`
	}
}

// Register adds the suggestion operations for admins (any conversation of
// their company) and agents (only conversations assigned to them: 404 otherwise),
// and the admins' live prompt preview.
func Register(company, agent huma.API, e *Engine, in *inbox.Service) {
	// visible is nil for admins; for agents it answers 404 on a conversation not assigned to them.
	type visible func(ctx context.Context, conversationID uuid.UUID) error
	agentOnly := func(ctx context.Context, conversationID uuid.UUID) error {
		p := identity.PrincipalFrom(ctx)
		_, err := in.AgentConversation(ctx, p.CompanyID, p.UserID, conversationID)
		return err
	}
	suggestionOf := func(ctx context.Context, id uuid.UUID, check visible) error {
		if check == nil {
			return nil
		}
		s, err := e.Get(ctx, identity.PrincipalFrom(ctx).CompanyID, id)
		if err != nil {
			return err
		}
		return check(ctx, s.ConversationID)
	}
	for _, g := range []struct {
		api    huma.API
		prefix string
		check  visible
		who    string
		sender func(uuid.UUID) channel.Sender
	}{{company, "", nil, "a conversation", channel.Person}, {agent, "agent-", agentOnly, "one of my conversations", channel.Agent}} {
		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "ai-suggestion-create", Method: http.MethodPost, Path: "/conversations/{id}/suggestions",
			Summary:     "Suggest a reply in " + g.who,
			Description: "A matching success-case template first, else the company's active AI model version; also regenerates. 422 limit_exceeded when the month's AI budget is used up.",
			Errors:      []int{404, 409, 422},
		}, func(ctx context.Context, req *aiSuggestionConversationInput) (*aiSuggestionOutput, error) {
			p := identity.PrincipalFrom(ctx)
			if g.check != nil {
				if err := g.check(ctx, req.ID); err != nil {
					return nil, err
				}
			}
			s, err := e.Suggest(ctx, p.CompanyID, req.ID, p.UserID)
			if err != nil {
				return nil, err
			}
			return &aiSuggestionOutput{Body: suggestionView(s.AiSuggestion, s.Label)}, nil
		})

		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "ai-suggestion-send", Method: http.MethodPost, Path: "/suggestions/{id}/send",
			Summary:     "Send a suggested reply",
			Description: "Sends the text as edited, or the suggestion as it is when text is empty, and records which.",
			Errors:      []int{404, 409, 422},
		}, func(ctx context.Context, req *aiSuggestionSendInput) (*aiSuggestionOutput, error) {
			p := identity.PrincipalFrom(ctx)
			if err := suggestionOf(ctx, req.ID, g.check); err != nil {
				return nil, err
			}
			text := ""
			if req.Body != nil {
				text = req.Body.Text
			}
			row, _, err := e.Send(ctx, p.CompanyID, g.sender(p.UserID), req.ID, text)
			if err != nil {
				return nil, err
			}
			return &aiSuggestionOutput{Body: suggestionView(row, "")}, nil
		})

		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "ai-suggestion-rate", Method: http.MethodPost, Path: "/suggestions/{id}/rating",
			Summary: "Rate a suggested reply from 1 to 5 stars", Errors: []int{404, 422},
		}, func(ctx context.Context, req *aiSuggestionRateInput) (*aiSuggestionOutput, error) {
			p := identity.PrincipalFrom(ctx)
			if err := suggestionOf(ctx, req.ID, g.check); err != nil {
				return nil, err
			}
			row, err := e.Rate(ctx, p.CompanyID, p.UserID, req.ID, req.Body.Rating)
			if err != nil {
				return nil, err
			}
			return &aiSuggestionOutput{Body: suggestionView(row, "")}, nil
		})

		huma.Register(g.api, huma.Operation{
			OperationID: g.prefix + "ai-suggestion-ignore", Method: http.MethodPost, Path: "/suggestions/{id}/ignore",
			Summary: "Dismiss a suggested reply", Errors: []int{404, 409},
		}, func(ctx context.Context, req *aiSuggestionIDInput) (*aiSuggestionOutput, error) {
			p := identity.PrincipalFrom(ctx)
			if err := suggestionOf(ctx, req.ID, g.check); err != nil {
				return nil, err
			}
			row, err := e.Ignore(ctx, p.CompanyID, req.ID)
			if err != nil {
				return nil, err
			}
			return &aiSuggestionOutput{Body: suggestionView(row, "")}, nil
		})
	}

	huma.Register(company, huma.Operation{
		OperationID: "ai-preview", Method: http.MethodPost, Path: "/ai/preview", Summary: "Preview the prompt a draft model version assembles",
		Description: "Returns the system blocks and messages the version would send for the sample conversation; calls no model and stores nothing.",
		Errors:      []int{422},
	}, func(ctx context.Context, req *aiPreviewInput) (*aiPreviewOutput, error) {
		b := req.Body
		second := make([]string, len(b.SecondaryLanguages))
		for i, l := range b.SecondaryLanguages {
			second[i] = lang.Canonical(l)
		}
		v := dbgen.AiModelVersion{SystemPrompt: b.SystemPrompt, ResponseStyle: b.ResponseStyle, PrimaryLanguage: lang.Canonical(b.PrimaryLanguage),
			SecondaryLanguages: second, MaxTokens: int32(b.MaxTokens), Model: b.Model}
		if v.PrimaryLanguage == "" {
			v.PrimaryLanguage = "en"
		}
		_ = v.Temperature.Scan(fmt.Sprintf("%.2f", b.Temperature))
		v.CulturalContext, _ = json.Marshal(b.CulturalContext)
		if b.Weights != nil {
			v.Weights, _ = json.Marshal(b.Weights)
		}
		sample := make([]ai.Message, 0, len(b.Sample))
		for _, m := range b.Sample {
			role := "user"
			if m.From == "agent" {
				role = "assistant"
			}
			sample = append(sample, ai.Message{Role: role, Text: m.Text})
		}
		r, err := e.Preview(ctx, identity.PrincipalFrom(ctx).CompanyID, v, sample)
		if err != nil {
			return nil, err
		}
		out := &aiPreviewOutput{}
		out.Body.System = make([]AiPreviewBlock, len(r.System))
		for i, s := range r.System {
			out.Body.System[i] = AiPreviewBlock{Text: s.Text, Cache: s.Cache}
		}
		out.Body.Messages = make([]AiPreviewTurn, len(r.Messages))
		for i, m := range r.Messages {
			out.Body.Messages[i] = AiPreviewTurn{Role: m.Role, Text: m.Text}
		}
		out.Body.Language, out.Body.Model, out.Body.Temperature, out.Body.MaxTokens = r.Language, r.Model, r.Temperature, r.MaxTokens
		return out, nil
	})
}
