package versions

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Choices a version's fields may take.
var (
	ResponseStyles = []string{"formal", "casual", "friendly", "professional"}
	Languages      = []string{"en", "ms", "zh", "ta"}
	Providers      = []string{"", ai.ProviderAnthropic, ai.ProviderOffline, ai.ProviderOpenAICompatible}
)

// Limits of a version's fields (the migration's CHECKs hold the same).
const (
	MaxNameLen         = 100
	MaxSystemPromptLen = 20000
	MaxNotesLen        = 5000
	MaxModelLen        = 100
	MinMaxTokens       = 50
	MaxMaxTokens       = 4000
	maxListItems       = 30
	maxItemLen         = 300
	maxAfterHoursLen   = 1000
)

// AiVersionCulture is what the model should know of the customers' culture.
type AiVersionCulture struct {
	Greetings []string `json:"greetings" maxItems:"30" doc:"Greetings the model may open with, e.g. Salam, Selamat pagi."`
	Customs   []string `json:"customs" maxItems:"30" doc:"Customs and business practices to respect."`
	Holidays  []string `json:"holidays" maxItems:"30" doc:"Holidays and seasons that change what customers ask."`
	Phrases   []string `json:"phrases" maxItems:"30" doc:"Local phrases the model understands and may use."`
}

// AiVersionWeights say how much each knowledge source counts in the context, 0..100;
// 0 leaves the source out.
type AiVersionWeights struct {
	SuccessPatterns int `json:"success_patterns" minimum:"0" maximum:"100"`
	Catalog         int `json:"catalog" minimum:"0" maximum:"100"`
	FAQs            int `json:"faqs" minimum:"0" maximum:"100"`
	Training        int `json:"training" minimum:"0" maximum:"100"`
}

// AiVersionAutoReply is when the model answers a customer without an agent.
type AiVersionAutoReply struct {
	Enabled           bool     `json:"enabled"`
	AlwaysOn          bool     `json:"always_on" doc:"Answer even when an agent has the conversation; otherwise only conversations waiting in the queue."`
	Triggers          []string `json:"triggers" maxItems:"30" doc:"Words or phrases that make a message eligible (empty: any message)."`
	MinConfidence     int      `json:"min_confidence" minimum:"0" maximum:"100"`
	AfterHoursMessage string   `json:"after_hours_message" maxLength:"1000"`
}

// AiVersionConfig is what an admin edits in a version.
type AiVersionConfig struct {
	Name               string             `json:"name" maxLength:"100"`
	SystemPrompt       string             `json:"system_prompt" maxLength:"20000"`
	ResponseStyle      string             `json:"response_style" enum:"formal,casual,friendly,professional"`
	PrimaryLanguage    string             `json:"primary_language" enum:"en,ms,bm,zh,ta" doc:"bm is accepted for ms and stored as ms."`
	SecondaryLanguages []string           `json:"secondary_languages" maxItems:"4" doc:"en, ms (or bm), zh, ta."`
	CulturalContext    AiVersionCulture   `json:"cultural_context"`
	Temperature        float64            `json:"temperature" minimum:"0" maximum:"1" doc:"0..1, two decimals."`
	MaxTokens          int                `json:"max_tokens" minimum:"50" maximum:"4000" doc:"Longest reply, in tokens."`
	Weights            AiVersionWeights   `json:"weights"`
	AutoReply          AiVersionAutoReply `json:"auto_reply"`
	Provider           string             `json:"provider" enum:",anthropic,offline,openai-compatible" doc:"Empty: the platform default."`
	Model              string             `json:"model" maxLength:"100" doc:"Empty: the provider's default model."`
	Notes              string             `json:"notes" maxLength:"5000"`
}

const defaultPrompt = `You are the sales assistant of this company, chatting with customers on WhatsApp and Telegram.
Be warm, brief and honest. Answer from the company's catalog, FAQs and training material only; when you do not know, say so and offer to connect the customer with a colleague.
Never promise a price, discount or stock level the catalog does not state.
Guide the conversation towards a purchase: ask one question at a time, suggest a suitable product, and make the next step easy.`

// culture holds the built-in cultural context per country.
var culture = map[string]AiVersionCulture{
	"MY": {
		Greetings: []string{"Salam", "Selamat pagi", "Hi boss", "Hai, apa khabar?"},
		Customs: []string{
			"Mixing Malay and English (Manglish) is normal; mirror the customer's mix.",
			"Ask about halal status politely when it matters; state it only when the catalog does.",
			"Cash on delivery, FPX online banking, Touch 'n Go eWallet and DuitNow QR are common ways to pay.",
			"Address customers respectfully (Encik, Puan, Cik) in formal replies.",
		},
		Holidays: []string{"Hari Raya Aidilfitri", "Chinese New Year", "Deepavali", "Christmas", "Hari Merdeka (31 August)", "Malaysia Day (16 September)", "11.11 and 12.12 sales"},
		Phrases:  []string{"boleh", "lah", "tak apa", "terima kasih", "sama-sama", "jom", "murah sikit boleh?", "ada stok?"},
	},
	"SG": {
		Greetings: []string{"Hi there", "Hello", "Good morning"},
		Customs: []string{
			"Singlish particles (lah, leh, lor) are friendly; keep replies concise and efficient.",
			"PayNow and cards are the usual ways to pay.",
		},
		Holidays: []string{"Chinese New Year", "Hari Raya Puasa", "Deepavali", "National Day (9 August)", "Christmas", "Great Singapore Sale"},
		Phrases:  []string{"can", "can or not?", "lah", "shiok", "on the way"},
	},
	"ID": {
		Greetings: []string{"Halo kak", "Selamat pagi", "Selamat siang", "Assalamualaikum"},
		Customs: []string{
			"Address customers as Kak, Bapak or Ibu.",
			"Bank transfer, GoPay, OVO, DANA and COD are common ways to pay.",
		},
		Holidays: []string{"Idul Fitri (Lebaran)", "Idul Adha", "Imlek", "Hari Kemerdekaan (17 Agustus)", "Natal", "Harbolnas 12.12"},
		Phrases:  []string{"kak", "ready stok?", "bisa kirim?", "terima kasih", "siap"},
	},
}

// Defaults is a new version's configuration for a company in country (ISO 3166
// alpha-2); Malaysia's cultural context serves any country without its own.
func Defaults(country string) AiVersionConfig {
	cc, ok := culture[strings.ToUpper(country)]
	if !ok {
		cc = culture["MY"]
	}
	primary := "en"
	secondary := []string{"ms"}
	switch strings.ToUpper(country) {
	case "SG":
		secondary = []string{"zh", "ms"}
	case "ID":
		primary, secondary = "ms", []string{"en"}
	}
	return AiVersionConfig{
		SystemPrompt: defaultPrompt, ResponseStyle: "friendly", PrimaryLanguage: primary, SecondaryLanguages: secondary,
		CulturalContext: copyCulture(cc), Temperature: 0.7, MaxTokens: 500,
		Weights:   AiVersionWeights{SuccessPatterns: 30, Catalog: 30, FAQs: 20, Training: 20},
		AutoReply: AiVersionAutoReply{Triggers: []string{}, MinConfidence: 70},
	}
}

func copyCulture(c AiVersionCulture) AiVersionCulture {
	cp := func(s []string) []string { return append([]string{}, s...) }
	return AiVersionCulture{Greetings: cp(c.Greetings), Customs: cp(c.Customs), Holidays: cp(c.Holidays), Phrases: cp(c.Phrases)}
}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func cleanList(list []string, field string) ([]string, error) {
	if len(list) > maxListItems {
		return nil, apperr.Invalid(field, fmt.Sprintf("At most %d entries.", maxListItems))
	}
	out := []string{}
	for i, x := range list {
		x = strings.TrimSpace(x)
		if x == "" {
			continue
		}
		if utf8.RuneCountInString(x) > maxItemLen {
			return nil, apperr.Invalid(fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("At most %d characters.", maxItemLen))
		}
		if !in(out, x) {
			out = append(out, x)
		}
	}
	return out, nil
}

func checkLen(field, v string, max int) error {
	if utf8.RuneCountInString(v) > max {
		return apperr.Invalid(field, fmt.Sprintf("At most %d characters.", max))
	}
	return nil
}

// Validate checks c and returns it cleaned (trimmed, lists without blanks or
// repeats, temperature rounded to two decimals). prefix names the fields in
// errors, e.g. "body" gives "body.temperature".
// Errors: EINVALID naming the field.
func Validate(prefix string, c AiVersionConfig) (AiVersionConfig, error) {
	f := func(name string) string { return prefix + "." + name }
	c.Name = strings.TrimSpace(c.Name)
	c.SystemPrompt = strings.TrimSpace(c.SystemPrompt)
	c.Notes = strings.TrimSpace(c.Notes)
	c.Model = strings.TrimSpace(c.Model)
	c.AutoReply.AfterHoursMessage = strings.TrimSpace(c.AutoReply.AfterHoursMessage)
	c.PrimaryLanguage = lang.Canonical(c.PrimaryLanguage)
	for _, l := range []struct {
		field, v string
		max      int
	}{{"name", c.Name, MaxNameLen}, {"system_prompt", c.SystemPrompt, MaxSystemPromptLen}, {"notes", c.Notes, MaxNotesLen},
		{"model", c.Model, MaxModelLen}, {"auto_reply.after_hours_message", c.AutoReply.AfterHoursMessage, maxAfterHoursLen}} {
		if err := checkLen(f(l.field), l.v, l.max); err != nil {
			return c, err
		}
	}
	switch {
	case c.SystemPrompt == "":
		return c, apperr.Invalid(f("system_prompt"), "Write the system prompt: the model's instructions.")
	case !in(ResponseStyles, c.ResponseStyle):
		return c, apperr.Invalid(f("response_style"), "Choose formal, casual, friendly or professional.")
	case !in(Languages, c.PrimaryLanguage):
		return c, apperr.Invalid(f("primary_language"), "Choose en, ms, zh or ta.")
	case math.IsNaN(c.Temperature) || c.Temperature < 0 || c.Temperature > 1:
		return c, apperr.Invalid(f("temperature"), "Choose a temperature from 0 to 1.")
	case c.MaxTokens < MinMaxTokens || c.MaxTokens > MaxMaxTokens:
		return c, apperr.Invalid(f("max_tokens"), fmt.Sprintf("Choose a maximum response length from %d to %d tokens.", MinMaxTokens, MaxMaxTokens))
	case !in(Providers, c.Provider):
		return c, apperr.Invalid(f("provider"), "Choose the platform default, anthropic, offline or openai-compatible.")
	}
	c.Temperature = math.Round(c.Temperature*100) / 100
	second := []string{}
	if len(c.SecondaryLanguages) > len(Languages) {
		return c, apperr.Invalid(f("secondary_languages"), "At most 4 languages.")
	}
	for i, l := range c.SecondaryLanguages {
		l = lang.Canonical(l)
		if !in(Languages, l) {
			return c, apperr.Invalid(fmt.Sprintf("%s[%d]", f("secondary_languages"), i), "Choose en, ms, zh or ta.")
		}
		if l != c.PrimaryLanguage && !in(second, l) {
			second = append(second, l)
		}
	}
	c.SecondaryLanguages = second
	var err error
	cc := &c.CulturalContext
	for _, l := range []struct {
		name string
		list *[]string
	}{{"greetings", &cc.Greetings}, {"customs", &cc.Customs}, {"holidays", &cc.Holidays}, {"phrases", &cc.Phrases}} {
		if *l.list, err = cleanList(*l.list, f("cultural_context."+l.name)); err != nil {
			return c, err
		}
	}
	w := c.Weights
	for _, x := range []struct {
		name string
		v    int
	}{{"success_patterns", w.SuccessPatterns}, {"catalog", w.Catalog}, {"faqs", w.FAQs}, {"training", w.Training}} {
		if x.v < 0 || x.v > 100 {
			return c, apperr.Invalid(f("weights."+x.name), "Choose a weight from 0 (leave out) to 100.")
		}
	}
	if c.AutoReply.MinConfidence < 0 || c.AutoReply.MinConfidence > 100 {
		return c, apperr.Invalid(f("auto_reply.min_confidence"), "Choose a confidence from 0 to 100.")
	}
	if c.AutoReply.Triggers, err = cleanList(c.AutoReply.Triggers, f("auto_reply.triggers")); err != nil {
		return c, err
	}
	return c, nil
}

// numeric turns a temperature with two decimals into the column's type.
func numeric(t float64) pgtype.Numeric {
	return pgtype.Numeric{Int: big.NewInt(int64(math.Round(t * 100))), Exp: -2, Valid: true}
}

// Temperature reads a version's temperature.
func Temperature(v dbgen.AiModelVersion) float64 {
	f, err := v.Temperature.Float64Value()
	if err != nil || !f.Valid {
		return 0.7
	}
	return math.Round(f.Float64*100) / 100
}

// ConfigOf reads a stored version's configuration. JSON columns a client never
// wrote decode to empty lists, never nil, so the API always answers arrays.
func ConfigOf(v dbgen.AiModelVersion) AiVersionConfig {
	c := AiVersionConfig{Name: v.Name, SystemPrompt: v.SystemPrompt, ResponseStyle: v.ResponseStyle, PrimaryLanguage: v.PrimaryLanguage,
		SecondaryLanguages: append([]string{}, v.SecondaryLanguages...), Temperature: Temperature(v), MaxTokens: int(v.MaxTokens),
		Provider: v.Provider, Model: v.Model, Notes: v.Notes}
	_ = json.Unmarshal(v.CulturalContext, &c.CulturalContext)
	_ = json.Unmarshal(v.Weights, &c.Weights)
	_ = json.Unmarshal(v.AutoReply, &c.AutoReply)
	nn := func(s *[]string) {
		if *s == nil {
			*s = []string{}
		}
	}
	nn(&c.CulturalContext.Greetings)
	nn(&c.CulturalContext.Customs)
	nn(&c.CulturalContext.Holidays)
	nn(&c.CulturalContext.Phrases)
	nn(&c.AutoReply.Triggers)
	return c
}

// params turns a validated configuration into the insert's parameters.
func params(c AiVersionConfig) dbgen.AiModelVersionCreateParams {
	cc, _ := json.Marshal(c.CulturalContext)
	w, _ := json.Marshal(c.Weights)
	ar, _ := json.Marshal(c.AutoReply)
	return dbgen.AiModelVersionCreateParams{Name: c.Name, SystemPrompt: c.SystemPrompt, ResponseStyle: c.ResponseStyle,
		PrimaryLanguage: c.PrimaryLanguage, SecondaryLanguages: c.SecondaryLanguages, CulturalContext: cc, Temperature: numeric(c.Temperature),
		MaxTokens: int32(c.MaxTokens), Weights: w, AutoReply: ar, Provider: c.Provider, Model: c.Model, Notes: c.Notes}
}
