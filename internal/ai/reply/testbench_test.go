package reply_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

// versions gives company A an active version 1 and a draft version 2 with prompts of their own.
func (b *bench) versions() (active, draft uuid.UUID) {
	b.t.Helper()
	ctx := context.Background()
	err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO ai_model_versions (company_id, number, status, system_prompt, max_tokens, temperature, activated_at)
			VALUES ($1, 1, 'active', 'Active prompt.', 300, 0.5, now()) RETURNING id`, b.a.ID).Scan(&active); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO ai_model_versions (company_id, number, status, system_prompt, max_tokens, temperature)
			VALUES ($1, 2, 'draft', 'Draft prompt.', 222, 0.2) RETURNING id`, b.a.ID).Scan(&draft)
	})
	if err != nil {
		b.t.Fatalf("versions: %v", err)
	}
	return active, draft
}

func TestTestBenchTemplateAndModelPaths(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	tpl, err := b.tpls.CreateForCompany(ctx, b.a.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Examples: []string{"mahal sangat la bos"}, Response: "Harga kami berbaloi dan kualiti terjamin.", Priority: 100, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	model := &fakeModel{reply: func(req ai.Request) string {
		if req.Language == "zh" {
			return "Yes, we deliver to Penang."
		}
		return "Yes, we deliver to Penang within three days."
	}}
	e := b.engine(model, true)

	run, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "mahal sangat la bos", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if run.Source != reply.SourceTemplate || run.TemplateID.UUID != tpl.ID || run.Label != "Template: Mahal" || run.Reply != "Harga kami berbaloi dan kualiti terjamin." {
		t.Errorf("template path: %+v", run)
	}
	if model.calls() != 0 || run.InputTokens+run.OutputTokens != 0 || run.Language != "auto" || run.CustomerType != "new" {
		t.Errorf("template run: model calls %d, %+v", model.calls(), run)
	}
	if run.DetectedLanguage != "ms" || run.ExpectedLanguage != "ms" || run.ReplyLanguage != "ms" || !run.LanguageMatch {
		t.Errorf("template languages: detected %q expected %q reply %q match %v", run.DetectedLanguage, run.ExpectedLanguage, run.ReplyLanguage, run.LanguageMatch)
	}
	// A test does not count as a use of the template.
	list, err := b.tpls.ListForCompany(ctx, b.a.ID, successcase.Filter{Owner: "company"})
	if err != nil || len(list) != 1 || list[0].Usage.Used != 0 {
		t.Errorf("template usage after a test: %+v %v", list, err)
	}

	run, err = e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "Do you deliver to Penang?", "en", "price_sensitive")
	if err != nil {
		t.Fatal(err)
	}
	if run.Source != reply.SourceModel || run.TemplateID.Valid || run.Provider != ai.ProviderAnthropic || run.Model != "fake-1" || run.Label != "AI model" {
		t.Errorf("model path: %+v", run)
	}
	if run.InputTokens != 120 || run.OutputTokens != 30 || run.CacheReadTokens != 400 || len(run.Flags) != 0 {
		t.Errorf("model run usage: %+v", run)
	}
	if run.ReplyLanguage != "en" || !run.LanguageMatch || run.CustomerType != "price_sensitive" {
		t.Errorf("model languages: %+v", run)
	}
	req := model.last(t)
	if last := req.System[len(req.System)-1].Text; !strings.Contains(last, "price-sensitive") || req.System[len(req.System)-1].Cache {
		t.Errorf("the customer type is not in the volatile block: %q", last)
	}
	for _, s := range req.System[:len(req.System)-1] {
		if strings.Contains(s.Text, "price-sensitive") {
			t.Error("the customer type reached the cached prefix")
		}
	}
	if !strings.Contains(customerText(req), "<customer_message>\nDo you deliver to Penang?\n</customer_message>") || len(req.Messages) != 1 {
		t.Errorf("the test message is not one customer data block: %+v", req.Messages)
	}

	// Asked to answer in Chinese, an English reply does not match.
	run, err = e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "Do you deliver to Penang?", "zh", "hesitant")
	if err != nil {
		t.Fatal(err)
	}
	if model.last(t).Language != "zh" || run.DetectedLanguage != "en" || run.ExpectedLanguage != "zh" || run.ReplyLanguage != "en" || run.LanguageMatch {
		t.Errorf("chosen language: %+v", run)
	}

	// An unsafe draft is replaced and flagged.
	unsafe := &fakeModel{reply: func(ai.Request) string { return "Special for you: 90% discount today!" }}
	run, err = b.engine(unsafe, false).TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "Can I get a discount?", "en", "price_sensitive")
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Flags) == 0 || run.Reply != reply.Fallback("en") {
		t.Errorf("unsafe draft: %+v", run)
	}

	for _, bad := range []struct{ msg, language, ctype, field string }{
		{"  ", "", "", "body.message"}, {"hi", "fr", "", "body.language"}, {"hi", "en", "rich", "body.customer_type"},
		{strings.Repeat("a", reply.MaxTestMessage+1), "", "", "body.message"},
	} {
		_, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, bad.msg, bad.language, bad.ctype)
		var ae *apperr.Error
		if apperr.Code(err) != apperr.EINVALID || !errors.As(err, &ae) || ae.Field != bad.field {
			t.Errorf("%q/%q/%q: %v", bad.msg[:min(len(bad.msg), 10)], bad.language, bad.ctype, err)
		}
	}
}

func TestTestBenchDraftVersion(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	active, draft := b.versions()
	model := &fakeModel{reply: func(ai.Request) string { return "Hello! How can I help?" }}
	e := b.engine(model, false)

	run, err := e.TestMessage(ctx, b.a.ID, b.agentA, draft, "Hello, what do you sell?", "en", "new")
	if err != nil {
		t.Fatal(err)
	}
	req := model.last(t)
	if !strings.Contains(system(req), "Draft prompt.") || strings.Contains(system(req), "Active prompt.") || req.MaxTokens != 222 || req.Temperature != 0.2 {
		t.Errorf("the draft was not used: max %d temp %v\n%s", req.MaxTokens, req.Temperature, system(req))
	}
	if run.VersionID.UUID != draft || run.VersionNumber != 2 || run.Label != "AI model v2" {
		t.Errorf("draft run: %+v", run)
	}
	run, err = e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "Hello, what do you sell?", "en", "new")
	if err != nil {
		t.Fatal(err)
	}
	if run.VersionID.UUID != active || !strings.Contains(system(model.last(t)), "Active prompt.") {
		t.Errorf("default is the active version: %+v", run)
	}
	// Another company cannot test A's version.
	if _, err := e.TestMessage(ctx, b.b.ID, uuid.Nil, draft, "Hello", "en", "new"); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B tests A's draft: %v", err)
	}
}

func TestTestBenchScenariosBatchCompareHistory(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	active, draft := b.versions()
	model := &fakeModel{reply: func(req ai.Request) string {
		if strings.Contains(system(req), "Draft prompt.") {
			return "Draft says hello."
		}
		return "Active says hello."
	}}
	e := b.engine(model, false)

	var ids []uuid.UUID
	for _, in := range []reply.ScenarioInput{
		{Name: "Price question", Message: "How much is delivery?", Language: "en", CustomerType: "price_sensitive"},
		{Name: "Ready", Message: "Saya nak beli sekarang", Language: "ms", CustomerType: "ready_to_buy"},
		{Name: "Unsure", Message: "我还在考虑", CustomerType: "hesitant"},
	} {
		s, err := e.CreateScenario(ctx, b.a.ID, b.agentA, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if _, err := e.CreateScenario(ctx, b.a.ID, b.agentA, reply.ScenarioInput{Name: "price QUESTION", Message: "x"}); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("duplicate name: %v", err)
	}
	list, err := e.Scenarios(ctx, b.a.ID)
	if err != nil || len(list) != 3 || list[2].Language != "auto" {
		t.Errorf("scenarios: %+v %v", list, err)
	}
	if s, err := e.UpdateScenario(ctx, b.a.ID, ids[2], reply.ScenarioInput{Name: "Unsure", Message: "我还在考虑一下", Language: "zh", CustomerType: "hesitant"}); err != nil || s.Language != "zh" {
		t.Errorf("update: %+v %v", s, err)
	}

	batch, err := e.TestBatch(ctx, b.a.ID, b.agentA, uuid.Nil, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(batch.Items) != 3 || batch.Version.ID != active {
		t.Fatalf("batch: %+v", batch)
	}
	for i, it := range batch.Items {
		if it.Err != nil || it.Run == nil || it.Scenario.ID != ids[i] || it.Run.ScenarioID.UUID != ids[i] || it.Run.BatchID.UUID != batch.ID ||
			it.Run.Reply != "Active says hello." || it.Run.CustomerType != it.Scenario.CustomerType {
			t.Errorf("batch item %d: %+v", i, it)
		}
	}
	if _, err := e.TestBatch(ctx, b.a.ID, b.agentA, uuid.Nil, make([]uuid.UUID, reply.MaxBatch+1)); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("batch over the cap: %v", err)
	}

	cmp, err := e.TestCompare(ctx, b.a.ID, b.agentA, uuid.Nil, draft, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Pairs) != 3 || cmp.A.ID != active || cmp.B.ID != draft {
		t.Fatalf("compare: %+v", cmp)
	}
	for i, p := range cmp.Pairs {
		if p.Scenario.ID != ids[i] || p.A.Run == nil || p.B.Run == nil || p.A.Run.VersionID.UUID != active || p.B.Run.VersionID.UUID != draft ||
			p.A.Run.Reply != "Active says hello." || p.B.Run.Reply != "Draft says hello." || p.A.Run.BatchID != p.B.Run.BatchID {
			t.Errorf("pair %d: %+v", i, p)
		}
	}
	if _, err := e.TestCompare(ctx, b.a.ID, b.agentA, uuid.Nil, active, ids); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("comparing the active version with itself: %v", err)
	}

	// History: newest first, paged without gaps or repeats.
	seen := map[uuid.UUID]bool{}
	cursor, pages := "", 0
	for {
		rows, next, err := e.TestHistory(ctx, b.a.ID, reply.HistoryFilter{Cursor: cursor, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for i, r := range rows {
			if seen[r.ID] {
				t.Errorf("run %s repeated", r.ID)
			}
			seen[r.ID] = true
			if i > 0 && rows[i-1].CreatedAt.Before(r.CreatedAt) {
				t.Error("history is not newest first")
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 9 || pages != 3 {
		t.Errorf("history holds %d runs in %d pages, want 9 in 3", len(seen), pages)
	}
	if rows, _, err := e.TestHistory(ctx, b.a.ID, reply.HistoryFilter{BatchID: cmp.BatchID}); err != nil || len(rows) != 6 {
		t.Errorf("comparison batch: %d %v", len(rows), err)
	}
	if rows, _, err := e.TestHistory(ctx, b.a.ID, reply.HistoryFilter{VersionID: draft}); err != nil || len(rows) != 3 {
		t.Errorf("draft runs: %d %v", len(rows), err)
	}
	if _, _, err := e.TestHistory(ctx, b.a.ID, reply.HistoryFilter{Cursor: "nope"}); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("bad cursor: %v", err)
	}

	// Company B sees none of it, and cannot touch A's scenarios.
	if rows, _, err := e.TestHistory(ctx, b.b.ID, reply.HistoryFilter{}); err != nil || len(rows) != 0 {
		t.Errorf("B's history: %d %v", len(rows), err)
	}
	if list, err := e.Scenarios(ctx, b.b.ID); err != nil || len(list) != 0 {
		t.Errorf("B's scenarios: %d %v", len(list), err)
	}
	if _, err := e.TestBatch(ctx, b.b.ID, uuid.Nil, uuid.Nil, ids[:1]); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B runs A's scenario: %v", err)
	}
	if _, err := e.UpdateScenario(ctx, b.b.ID, ids[0], reply.ScenarioInput{Name: "x", Message: "x"}); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B edits A's scenario: %v", err)
	}
	if err := e.DeleteScenario(ctx, b.b.ID, ids[0]); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B deletes A's scenario: %v", err)
	}
	var n int
	_ = b.d.WithTenant(ctx, b.b.ID, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, "SELECT count(*) FROM ai_test_runs").Scan(&n)
	})
	if n != 0 {
		t.Errorf("B's tenant sees %d test runs", n)
	}

	// Deleting a scenario keeps its runs.
	if err := e.DeleteScenario(ctx, b.a.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	if rows, _, err := e.TestHistory(ctx, b.a.ID, reply.HistoryFilter{}); err != nil || len(rows) != 9 {
		t.Errorf("runs after deleting a scenario: %d %v", len(rows), err)
	}
}

func TestTestBenchExportCSV(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	model := &fakeModel{reply: func(ai.Request) string { return "=HYPERLINK(\"http://evil.test\")" }}
	e := b.engine(model, false)
	if _, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "@SUM(A1:A9) how much?", "en", "new"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "Do you deliver?", "en", "ready_to_buy"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.TestExport(ctx, b.a.ID, reply.HistoryFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(reply.ExportColumns, ",") {
		t.Fatalf("export: %v", rows)
	}
	col := func(name string) int {
		for i, c := range reply.ExportColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	// Newest first: the second test, then the first.
	first := rows[2]
	if first[col("message")] != "'@SUM(A1:A9) how much?" || first[col("reply")] != "'=HYPERLINK(\"http://evil.test\")" {
		t.Errorf("formula cells not defused: %q / %q", first[col("message")], first[col("reply")])
	}
	if rows[1][col("customer_type")] != "ready_to_buy" || rows[1][col("source")] != "model" || rows[1][col("total_tokens")] != "550" ||
		rows[1][col("language_match")] != "true" || rows[1][col("version")] != "built-in defaults" {
		t.Errorf("export row: %v", rows[1])
	}
	buf.Reset()
	if err := e.TestExport(ctx, b.b.ID, reply.HistoryFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	if strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("B's export holds A's runs: %s", buf.String())
	}
}

func TestTestBenchBudget(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	if _, err := b.tpls.CreateForCompany(ctx, b.a.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Examples: []string{"mahal sangat la bos"}, Response: "Harga kami berbaloi.", Priority: 100, Active: true}); err != nil {
		t.Fatal(err)
	}
	model := &fakeModel{reply: func(ai.Request) string { return "Hello!" }, usage: ai.Usage{InputTokens: 60000, OutputTokens: 40000}}
	e := b.engine(model, true)
	if _, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "zqxv blorp", "en", "new"); err != nil {
		t.Fatal(err)
	}
	_, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "zqxv blorp", "en", "new")
	if apperr.Code(err) != apperr.ELIMIT || !strings.Contains(err.Error(), reply.BudgetMessage) {
		t.Fatalf("after 100000 of 100000 tokens: %v", err)
	}
	if model.calls() != 1 {
		t.Errorf("the model was called %d times", model.calls())
	}
	// Test tokens count against the same budget as suggestions.
	if _, err := e.Suggest(ctx, b.a.ID, b.conversation(b.a.ID, "zqxv blorp"), b.agentA); apperr.Code(err) != apperr.ELIMIT {
		t.Errorf("a suggestion after the tests used the budget: %v", err)
	}
	// A batch in which every scenario hits the budget fails with the budget's error.
	s, err := e.CreateScenario(ctx, b.a.ID, b.agentA, reply.ScenarioInput{Name: "Any", Message: "zqxv blorp"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.TestBatch(ctx, b.a.ID, b.agentA, uuid.Nil, []uuid.UUID{s.ID}); apperr.Code(err) != apperr.ELIMIT {
		t.Errorf("batch over budget: %v", err)
	}
	// Templates cost no tokens and still answer.
	if run, err := e.TestMessage(ctx, b.a.ID, b.agentA, uuid.Nil, "mahal sangat la bos", "", ""); err != nil || run.Source != reply.SourceTemplate {
		t.Errorf("template over budget: %+v %v", run, err)
	}
	// The provider's spend limit reads the same.
	spent := &fakeModel{err: ai.ErrSpendLimit}
	if _, err := b.engine(spent, false).TestMessage(ctx, b.b.ID, uuid.Nil, uuid.Nil, "zqxv", "en", "new"); apperr.Code(err) != apperr.ELIMIT {
		t.Errorf("spend limit: %v", err)
	}
}
