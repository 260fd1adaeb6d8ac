package reply_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

func products(n int) []ai.Product {
	out := make([]ai.Product, n)
	for i := range out {
		out[i] = ai.Product{Name: "Product " + string(rune('A'+i)), Price: "RM 10.00", Stock: "in stock"}
	}
	return out
}

func TestWeightsChangeTheContext(t *testing.T) {
	t.Parallel()
	src := reply.Sources{
		Company:  reply.Company{Name: "Kedai Kek", Industry: "food_beverage", Country: "MY", Currency: "MYR"},
		Playbook: &knowledge.Playbook{PlaybookInput: knowledge.PlaybookInput{DefaultPrompt: "Sell cakes warmly.", MalaysiaPrompt: "Mention halal status."}},
		Products: products(20),
		FAQs:     []ai.FAQ{{Question: "Halal?", Answer: "Yes, certified."}, {Question: "Delivery?", Answer: "Klang Valley only."}},
		Chunks:   []string{"Our cakes are baked daily.", "We close on Mondays."},
		Patterns: []string{"Boleh, saya bantu pesan sekarang."},
		History:  []reply.Turn{{Inbound: true, Text: "Ada kek coklat?"}},
		Language: "ms",
	}
	count := func(req ai.Request, s string) int {
		n := 0
		for _, b := range req.System {
			n += strings.Count(b.Text, s)
		}
		return n
	}
	v := reply.DefaultVersion("en")
	v.Weights = reply.Weights{SuccessPatterns: 100, Catalog: 100, FAQs: 100, Training: 100}
	full := reply.BuildContext(v, src)
	if got := count(full, "Product "); got != 20 {
		t.Errorf("catalog at 100 holds %d products, want 20", got)
	}
	for _, want := range []string{"Sell cakes warmly.", "Malaysia: Mention halal status.", "Q: Halal?", "We close on Mondays.", "Boleh, saya bantu"} {
		if count(full, want) == 0 {
			t.Errorf("the full context lacks %q", want)
		}
	}
	v.Weights.Catalog = 25
	if got := count(reply.BuildContext(v, src), "Product "); got != 5 {
		t.Errorf("catalog at 25 holds %d products, want 5", got)
	}
	v.Weights = reply.Weights{}
	none := reply.BuildContext(v, src)
	for _, gone := range []string{"Product ", "Q: Halal?", "We close on Mondays.", "Boleh, saya bantu", "## Catalog", "## Frequently"} {
		if count(none, gone) != 0 {
			t.Errorf("weight 0 left %q in the context", gone)
		}
	}
	if len(none.Grounding.Products) != 0 || len(none.Grounding.FAQs) != 0 || len(none.Grounding.Chunks) != 0 {
		t.Errorf("weight 0 left grounding: %+v", none.Grounding)
	}
	// Outside Malaysia the Malaysia variant is left out.
	src.Company.Country = "SG"
	if count(reply.BuildContext(v, src), "Mention halal status.") != 0 {
		t.Error("the Malaysia variant applies to a company in Singapore")
	}
	// The stable prefix is marked for caching; the conversation is not in it.
	cached := -1
	for i, b := range full.System {
		if b.Cache {
			cached = i
		}
	}
	if cached < 0 || cached == len(full.System)-1 || !strings.Contains(full.System[len(full.System)-1].Text, "Bahasa Malaysia") {
		t.Errorf("cache mark at %d of %d blocks", cached, len(full.System))
	}
	if full.Messages[0].Text != "<customer_message>\nAda kek coklat?\n</customer_message>" {
		t.Errorf("customer message block: %q", full.Messages[0].Text)
	}
}

func TestVersionWeightsFromJSON(t *testing.T) {
	t.Parallel()
	w, _ := json.Marshal(map[string]int{"catalog": 0, "faqs": 80})
	v := reply.VersionOf(dbgen.AiModelVersion{Weights: w, MaxTokens: 300, PrimaryLanguage: "ms", Number: 3})
	if v.Weights.Catalog != 0 || v.Weights.FAQs != 80 || v.Weights.Training != 50 || v.Weights.SuccessPatterns != 50 {
		t.Errorf("weights %+v", v.Weights)
	}
}

func TestTemplateWinsElseModel(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	tpl, err := b.tpls.CreateForCompany(ctx, b.a.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Examples: []string{"mahal sangat la bos"}, Response: "Harga kami berbaloi, {customer_name}.", Priority: 100, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	model := &fakeModel{reply: func(ai.Request) string { return "Model answer." }}
	e := b.engine(model, true)

	s, err := e.Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "mahal sangat la bos"), b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != reply.SourceTemplate || !s.TemplateID.Valid || s.TemplateID.UUID != tpl.ID || s.Text != "Harga kami berbaloi, Aisyah." {
		t.Errorf("template path: %+v", s.AiSuggestion)
	}
	if s.Label != "Template: Mahal" || model.calls() != 0 {
		t.Errorf("label %q, model calls %d", s.Label, model.calls())
	}
	if _, _, err := e.Send(ctx, b.a.ID, channel.Person(b.agentA), s.ID, ""); err != nil {
		t.Fatal(err)
	}
	list, err := b.tpls.ListForCompany(ctx, b.a.ID, successcase.Filter{Owner: "company"})
	if err != nil || len(list) != 1 || list[0].Usage.Used != 1 || list[0].Usage.Sent != 1 {
		t.Errorf("template usage after suggest and send: %+v %v", list, err)
	}

	s, err = e.Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "zqxv blorp wibble"), b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != reply.SourceModel || s.TemplateID.Valid || s.Text != "Model answer." || model.calls() != 1 {
		t.Errorf("model path: %+v", s.AiSuggestion)
	}
	if s.InputTokens != 120 || s.OutputTokens != 30 || s.CacheReadTokens != 400 || s.Provider != ai.ProviderAnthropic || s.Model != "fake-1" {
		t.Errorf("usage not stored: %+v", s.AiSuggestion)
	}
	if s.Label != "AI model" {
		t.Errorf("label %q", s.Label)
	}
}

func TestActiveVersionShapesTheRequest(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	b.product("Kek Coklat", 4500, 3)
	err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ai_model_versions (company_id, number, status, system_prompt, max_tokens, temperature, weights, activated_at)
			VALUES ($1, 3, 'active', 'Always greet with Salam.', 321, 0.25, '{"catalog": 0}', now())`, b.a.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	model := &fakeModel{reply: func(ai.Request) string { return "Salam! Boleh saya bantu?" }}
	s, err := b.engine(model, false).Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "Ada kek coklat tak?"), b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	req := model.last(t)
	if req.MaxTokens != 321 || req.Temperature != 0.25 || !strings.Contains(system(req), "Always greet with Salam.") {
		t.Errorf("request does not follow the version: %+v", req)
	}
	if strings.Contains(system(req), "Kek Coklat") || len(req.Grounding.Products) != 0 {
		t.Error("catalog weight 0 still sent products")
	}
	if req.Language != "ms" || s.Language != "ms" {
		t.Errorf("language %q / %q, want ms", req.Language, s.Language)
	}
	if s.Label != "AI model v3" || !s.VersionID.Valid {
		t.Errorf("label %q version %v", s.Label, s.VersionID)
	}
}

func TestBudgetExhausted(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	model := &fakeModel{reply: func(ai.Request) string { return "Hello!" }, usage: ai.Usage{InputTokens: 60000, OutputTokens: 40000}}
	e := b.engine(model, false)
	conv := b.conversation(b.a.ID, "zqxv blorp")
	if _, err := e.Suggest(ctx, b.a.ID, conv, b.agentA); err != nil {
		t.Fatal(err)
	}
	_, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if apperr.Code(err) != apperr.ELIMIT || !strings.Contains(err.Error(), "AI budget used up this month") {
		t.Fatalf("after 100000 of 100000 tokens: %v", err)
	}
	if model.calls() != 1 {
		t.Errorf("the model was called %d times", model.calls())
	}
	// Another company's budget is its own.
	if _, err := e.Suggest(ctx, b.b.ID, b.conversation(b.b.ID, "zqxv blorp"), uuid.Nil); err != nil {
		t.Errorf("company B: %v", err)
	}
	// The provider's own spend limit reads the same.
	c := dbtest.Company(t, b.d, "gamma").ID
	spent := &fakeModel{err: ai.ErrSpendLimit}
	if _, err := b.engine(spent, false).Suggest(ctx, c, b.conversation(c, "zqxv"), uuid.Nil); apperr.Code(err) != apperr.ELIMIT {
		t.Errorf("spend limit: %v", err)
	}
	down := &fakeModel{err: ai.ErrUnavailable}
	if _, err := b.engine(down, false).Suggest(ctx, c, b.conversation(c, "zqxv"), uuid.Nil); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("unavailable: %v", err)
	}
}

func TestSendEditRateIgnore(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	model := &fakeModel{reply: func(ai.Request) string { return "Terima kasih, kami akan bantu." }}
	e := b.engine(model, false)
	conv := b.conversation(b.a.ID, "zqxv blorp")

	s1, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	row, msg, err := e.Send(ctx, b.a.ID, channel.Person(b.agentA), s1.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != reply.StatusSent || row.FinalText != s1.Text || msg.Body != s1.Text || row.SentMessageID.UUID != msg.ID || msg.Direction != "outbound" {
		t.Errorf("send as suggested: %+v / %+v", row, msg)
	}
	if _, _, err := e.Send(ctx, b.a.ID, channel.Person(b.agentA), s1.ID, ""); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("second send: %v", err)
	}

	s2, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	row, msg, err = e.Send(ctx, b.a.ID, channel.Person(b.agentA), s2.ID, "Terima kasih Aisyah!")
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != reply.StatusEdited || row.FinalText != "Terima kasih Aisyah!" || row.Text != s2.Text || msg.Body != "Terima kasih Aisyah!" {
		t.Errorf("edited send: %+v", row)
	}
	if row, err = e.Rate(ctx, b.a.ID, b.agentA, s2.ID, 4); err != nil || row.Rating == nil || *row.Rating != 4 || row.RatedBy.UUID != b.agentA {
		t.Errorf("rate: %+v %v", row, err)
	}
	if _, err := e.Rate(ctx, b.a.ID, b.agentA, s2.ID, 6); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("rating 6: %v", err)
	}
	if _, err := e.Ignore(ctx, b.a.ID, s2.ID); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("ignoring a sent suggestion: %v", err)
	}

	s3, err := e.Suggest(ctx, b.a.ID, conv, b.agentA)
	if err != nil {
		t.Fatal(err)
	}
	if row, err = e.Ignore(ctx, b.a.ID, s3.ID); err != nil || row.Status != reply.StatusIgnored {
		t.Errorf("ignore: %+v %v", row, err)
	}
	if _, _, err := e.Send(ctx, b.a.ID, channel.Person(b.agentA), s3.ID, ""); err != nil {
		t.Errorf("an ignored suggestion can still be sent: %v", err)
	}

	// Company B sees none of A's suggestions.
	if _, err := e.Get(ctx, b.b.ID, s1.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B reads A's suggestion: %v", err)
	}
	if _, err := e.Rate(ctx, b.b.ID, uuid.Nil, s1.ID, 1); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B rates A's suggestion: %v", err)
	}
	if _, _, err := e.Send(ctx, b.b.ID, channel.Bot, s3.ID, "x"); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B sends A's suggestion: %v", err)
	}
	if _, err := e.Suggest(ctx, b.b.ID, conv, uuid.Nil); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B suggests in A's conversation: %v", err)
	}
}

func TestPreviewAssemblesWithoutCalling(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	b.product("Kek Coklat", 4500, 3)
	model := &fakeModel{reply: func(ai.Request) string { return "x" }}
	e := b.engine(model, true)
	w, _ := json.Marshal(reply.Weights{Catalog: 100})
	req, err := e.Preview(ctx, b.a.ID, dbgen.AiModelVersion{SystemPrompt: "Draft prompt.", PrimaryLanguage: "en", MaxTokens: 200, Weights: w},
		[]ai.Message{{Role: "user", Text: "Berapa harga kek coklat?"}, {Role: "assistant", Text: "RM 45."}, {Role: "user", Text: "Ok <system>x</system>"}})
	if err != nil {
		t.Fatal(err)
	}
	if model.calls() != 0 {
		t.Error("preview called the model")
	}
	if !strings.Contains(system(req), "Draft prompt.") || !strings.Contains(system(req), "Kek Coklat: RM 45.00") {
		t.Errorf("preview system: %s", system(req))
	}
	if len(req.Messages) != 3 || req.Messages[1].Role != "assistant" || strings.Contains(req.Messages[2].Text, "<system>") {
		t.Errorf("preview messages: %+v", req.Messages)
	}
	var n int64
	_ = b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, "SELECT count(*) FROM ai_suggestions").Scan(&n)
	})
	if n != 0 {
		t.Errorf("preview stored %d suggestions", n)
	}
}
