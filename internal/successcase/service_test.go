package successcase_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

type bundle struct {
	db     *dbtest.DB
	svc    *successcase.Service
	a, b   uuid.UUID
	root   uuid.UUID
	adminA uuid.UUID
}

func setup(t *testing.T) (context.Context, *bundle) {
	t.Helper()
	d := dbtest.New(t)
	a, b := dbtest.Company(t, d, "alpha"), dbtest.Company(t, d, "beta")
	return context.Background(), &bundle{db: d, svc: successcase.NewService(d.DB), a: a.ID, b: b.ID,
		root:   dbtest.User(t, d, uuid.Nil, "super_admin", "root@platform.test").ID,
		adminA: dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test").ID}
}

func msInput(name string) successcase.Input {
	return successcase.Input{Name: name, Category: "objection_handling", Language: "bm", Patterns: []string{"mahal sangat"},
		Examples: []string{"mahal sangat la"}, Response: "Harga kami berbaloi, {customer_name}.", Active: true}
}

func TestLibraryVersions(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	r, err := bb.svc.CreateGlobal(ctx, bb.root, msInput("Mahal"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Language != "ms" {
		t.Errorf("bm not stored as ms: %q", r.Language)
	}
	in := msInput("Mahal v2")
	in.Response = "Versi dua"
	if r, err = bb.svc.UpdateGlobal(ctx, bb.root, r.ID, in); err != nil || r.Version != 2 {
		t.Fatalf("update: %v, version %d", err, r.Version)
	}
	vs, err := bb.svc.Versions(ctx, r.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %v, %d", err, len(vs))
	}
	if r, err = bb.svc.RestoreVersion(ctx, bb.root, r.ID, 1); err != nil || r.Version != 3 || r.Name != "Mahal" {
		t.Fatalf("restore: %v %+v", err, r)
	}
	dup, err := bb.svc.DuplicateGlobal(ctx, bb.root, r.ID)
	if err != nil || dup.Name != "Mahal (copy)" || dup.ID == r.ID {
		t.Fatalf("duplicate: %v %+v", err, dup)
	}
	if err := bb.svc.DeleteGlobal(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.GetGlobal(ctx, dup.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("deleted template: %v", err)
	}
}

func TestCompanyCustomizationLeavesGlobalAlone(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	g, err := bb.svc.CreateGlobal(ctx, bb.root, msInput("Mahal global"))
	if err != nil {
		t.Fatal(err)
	}
	custom := successcase.Customization{Overrides: map[string]string{"bm": "Harga istimewa untuk {customer_name}!"}}
	if _, err := bb.svc.UpdateSetting(ctx, bb.a, g.ID, successcase.Setting{Enabled: true, Preferred: true, Custom: custom}); err != nil {
		t.Fatal(err)
	}
	again, err := bb.svc.GetGlobal(ctx, g.ID)
	if err != nil || again.AgentResponse != g.AgentResponse || again.Version != g.Version {
		t.Fatalf("global template changed: %v %+v", err, again)
	}
	out, err := bb.svc.MatchForCompany(ctx, bb.a, successcase.Sample{Message: "mahal sangat la", Vars: successcase.Vars{CustomerName: "Ali"}})
	if err != nil || out.Result.Winner == nil || out.Result.Winner.Template.ID != g.ID || out.Response != "Harga istimewa untuk Ali!" {
		t.Fatalf("company A: %v winner %+v response %q", err, out.Result.Winner, out.Response)
	}
	outB, err := bb.svc.MatchForCompany(ctx, bb.b, successcase.Sample{Message: "mahal sangat la"})
	if err != nil || outB.Response == "Harga istimewa untuk!" || outB.Response == "" {
		t.Fatalf("company B sees A's customisation or nothing: %v %q", err, outB.Response)
	}
	// Disabling it for A hands the message to the starter library's template.
	if _, err := bb.svc.UpdateSetting(ctx, bb.a, g.ID, successcase.Setting{Enabled: false}); err != nil {
		t.Fatal(err)
	}
	out, _ = bb.svc.MatchForCompany(ctx, bb.a, successcase.Sample{Message: "mahal sangat la"})
	if out.Result.Winner != nil && out.Result.Winner.Template.ID == g.ID {
		t.Error("a disabled template won")
	}
}

func TestCompanyTemplatesAreTenantRows(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	own, err := bb.svc.CreateForCompany(ctx, bb.a, bb.adminA, msInput("Alpha only"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.UpdateSetting(ctx, bb.b, own.ID, successcase.DefaultSetting); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("company B configured A's template: %v", err)
	}
	if err := bb.svc.DeleteForCompany(ctx, bb.b, own.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("company B deleted A's template: %v", err)
	}
	list, err := bb.svc.ListForCompany(ctx, bb.b, successcase.Filter{Owner: "company"})
	if err != nil || len(list) != 0 {
		t.Errorf("company B lists %d company templates: %v", len(list), err)
	}
	globals, _ := bb.svc.ListGlobal(ctx, successcase.Filter{})
	if len(globals) < 40 {
		t.Fatalf("library has %d templates", len(globals))
	}
	if err := bb.svc.DeleteForCompany(ctx, bb.a, globals[0].Row.ID); apperr.Code(err) != apperr.EFORBIDDEN {
		t.Errorf("a company deleted a global template: %v", err)
	}
}

func TestUsageCountersAreExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	globals, err := bb.svc.ListGlobal(ctx, successcase.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	tid := globals[0].Row.ID
	suggestions := make([]uuid.UUID, 20)
	for i := range suggestions {
		suggestions[i] = uuid.New()
	}
	message, conversation := uuid.New(), uuid.New()
	var wg sync.WaitGroup
	for worker := 0; worker < 4; worker++ { // every event recorded four times at once, like retried jobs
		for _, s := range suggestions {
			wg.Add(1)
			go func(s uuid.UUID) {
				defer wg.Done()
				if _, err := bb.svc.Record(ctx, bb.a, successcase.RecordUse, tid, s); err != nil {
					t.Error(err)
				}
			}(s)
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := bb.svc.Record(ctx, bb.a, successcase.RecordSend, tid, message); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := bb.svc.Record(ctx, bb.a, successcase.RecordConversion, tid, conversation); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	list, err := bb.svc.ListForCompany(ctx, bb.a, successcase.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range list {
		if ct.Row.ID == tid {
			if ct.Usage.Used != 20 || ct.Usage.Sent != 1 || ct.Usage.Converted != 1 || ct.Usage.LastUsedAt == nil {
				t.Errorf("usage %+v, want used 20, sent 1, converted 1", ct.Usage)
			}
		}
	}
	listB, err := bb.svc.ListForCompany(ctx, bb.b, successcase.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range listB {
		// One company's use is not shown to another: platform totals appear only
		// once MinCompaniesForLibraryStats companies contribute.
		if ct.Row.ID == tid && (ct.Usage.Used != 0 || ct.Library != nil) {
			t.Errorf("company B: own usage %+v, library usage %+v; want 0 and none", ct.Usage, ct.Library)
		}
	}
	all, err := bb.svc.ListGlobal(ctx, successcase.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range all {
		if g.Row.ID == tid && (g.Usage.Used != 20 || g.Usage.Companies != 1) {
			t.Errorf("platform analytics %+v", g.Usage)
		}
	}
}

func TestSuggestRecordsOneUsePerSuggestion(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	conv := []string{"hi", "brp harga ni?", "mahal sangat la boss"}
	sid := uuid.New()
	var got *successcase.Suggestion
	for i := 0; i < 3; i++ { // a retried job suggests again with the same id
		var err error
		if got, err = bb.svc.Suggest(ctx, bb.a, sid, conv, successcase.Sample{Vars: successcase.Vars{CustomerName: "Ali"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got == nil || got.Language != "ms" || got.Name != "Price objection - general (ms)" {
		t.Fatalf("suggestion %+v", got)
	}
	list, err := bb.svc.ListForCompany(ctx, bb.a, successcase.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range list {
		if ct.Row.ID == got.TemplateID && ct.Usage.Used != 1 {
			t.Errorf("used %d times, want 1", ct.Usage.Used)
		}
	}
	none, err := bb.svc.Suggest(ctx, bb.a, uuid.New(), []string{"the lift is broken again"}, successcase.Sample{})
	if err != nil || none != nil {
		t.Errorf("no template should match: %+v %v", none, err)
	}
}

func TestTenantCannotWriteTheLibrary(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	globals, err := bb.svc.ListGlobal(ctx, successcase.Filter{})
	if err != nil || len(globals) == 0 {
		t.Fatal(err)
	}
	g := globals[0].Row
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		in := successcase.InputFromRow(g)
		p := dbgen.SuccessCaseTemplateUpdateParams{ID: g.ID, Name: "hijacked", Category: in.Category, Language: in.Language,
			AgentResponse: "x", CustomerMessagePatterns: []string{}, CustomerMessageExamples: []string{}, AgentResponseVariations: []string{},
			LocalizedVersions: []byte("{}"), ConversationStages: []string{}}
		_, err := tx.SuccessCaseTemplateUpdate(ctx, p)
		return err
	})
	if !db.IsNotFound(err) {
		t.Errorf("tenant update of a global template: %v, want no row", err)
	}
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		_, err := tx.SuccessCaseTemplateCreate(ctx, dbgen.SuccessCaseTemplateCreateParams{Name: "fake global", Category: "greeting", Language: "en",
			AgentResponse: "x", CustomerMessagePatterns: []string{}, CustomerMessageExamples: []string{}, AgentResponseVariations: []string{},
			LocalizedVersions: []byte("{}"), ConversationStages: []string{}, IsActive: true})
		return err
	})
	if err == nil {
		t.Error("a tenant created a global template")
	}
	if n, err := bb.svc.ListGlobal(ctx, successcase.Filter{Query: "hijacked"}); err != nil || len(n) != 0 {
		t.Errorf("library changed: %v %d", err, len(n))
	}
}

// Matching reuses its index between messages; every change to the templates
// or the company's settings is still seen by the very next match.
func TestMatchSeesEveryChange(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	winner := func() string {
		t.Helper()
		out, err := bb.svc.MatchForCompany(ctx, bb.a, successcase.Sample{Message: "blorp wibble", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if out.Result.Winner == nil {
			return ""
		}
		return out.Result.Winner.Template.Name + ": " + out.Response
	}
	in := successcase.Input{Name: "Wibble", Category: "closing", Language: "en", Patterns: []string{"blorp"}, Response: "First.", Priority: 500, Active: true}
	if got := winner(); got != "" {
		t.Fatalf("before any template: %q", got)
	}
	own, err := bb.svc.CreateForCompany(ctx, bb.a, bb.adminA, in)
	if err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "Wibble: First." {
		t.Fatalf("created: %q", got)
	}
	in.Response = "Second."
	if _, err := bb.svc.UpdateForCompany(ctx, bb.a, bb.adminA, own.ID, in); err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "Wibble: Second." {
		t.Fatalf("edited: %q", got)
	}
	if _, err := bb.svc.UpdateSetting(ctx, bb.a, own.ID, successcase.Setting{Enabled: true, Custom: successcase.Customization{Suffix: "Thanks!"}}); err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "Wibble: Second. Thanks!" {
		t.Fatalf("customised: %q", got)
	}
	g := in
	g.Name, g.Response, g.Priority = "Global wibble", "Global.", 900
	gr, err := bb.svc.CreateGlobal(ctx, bb.root, g)
	if err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "Global wibble: Global." {
		t.Fatalf("global added: %q", got)
	}
	if _, err := bb.svc.UpdateSetting(ctx, bb.a, gr.ID, successcase.Setting{Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "Wibble: Second. Thanks!" {
		t.Fatalf("global disabled: %q", got)
	}
	if err := bb.svc.DeleteForCompany(ctx, bb.a, own.ID); err != nil {
		t.Fatal(err)
	}
	if got := winner(); got != "" {
		t.Fatalf("deleted: %q", got)
	}
}

// A template's stages are the pipeline's, the stages a live conversation has.
func TestStagesArePipelineStages(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	in := msInput("Tutup")
	in.Stages = []string{"negotiation", "closing"}
	_, err := bb.svc.CreateForCompany(ctx, bb.a, bb.adminA, in)
	var e *apperr.Error
	if apperr.Code(err) != apperr.EINVALID || !errors.As(err, &e) || e.Field != "body.conversation_stages[1]" {
		t.Fatalf("unknown stage: %v", err)
	}
	in.Stages = []string{"negotiation", "proposal_sent"}
	if r, err := bb.svc.CreateForCompany(ctx, bb.a, bb.adminA, in); err != nil || len(r.ConversationStages) != 2 {
		t.Fatalf("pipeline stages: %+v, %v", r.ConversationStages, err)
	}
}
