package versions_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

type bundle struct {
	db    *dbtest.DB
	svc   *versions.Service
	a, b  uuid.UUID
	admin uuid.UUID
}

func setup(t *testing.T) (context.Context, *bundle) {
	t.Helper()
	d := dbtest.New(t)
	a := dbtest.Company(t, d, "alpha").ID
	admin := dbtest.User(t, d, a, "company_admin", "admin@alpha.test")
	return context.Background(), &bundle{db: d, svc: versions.NewService(d.DB), a: a, b: dbtest.Company(t, d, "beta").ID, admin: admin.ID}
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code || e.Field != field {
		t.Fatalf("err = %v, want %s on %q", err, code, field)
	}
}

// activeCount reads the company's active versions as the owner would, past the service.
func activeCount(ctx context.Context, t *testing.T, bb *bundle, company uuid.UUID) int {
	t.Helper()
	var n int
	err := bb.db.WithTenant(ctx, company, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, "select count(*) from ai_model_versions where status = 'active'").Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDefaultsAndCreate(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)

	// Before any version, the engine gets the built-in defaults for Malaysia.
	err := bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		v, err := versions.Active(ctx, tx)
		if err != nil {
			return err
		}
		c := versions.ConfigOf(v)
		if v.ID != uuid.Nil || v.Status != versions.StatusActive || !strings.Contains(strings.Join(c.CulturalContext.Holidays, ","), "Hari Raya") ||
			c.Temperature != 0.7 || c.SystemPrompt == "" {
			return fmt.Errorf("defaults: %+v", c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := versions.Defaults("id"); !strings.Contains(strings.Join(d.CulturalContext.Greetings, ","), "Halo kak") || d.PrimaryLanguage != "ms" {
		t.Fatalf("Indonesia defaults: %+v", d)
	}
	if d := versions.Defaults("SG"); !strings.Contains(strings.Join(d.CulturalContext.Holidays, ","), "National Day") {
		t.Fatalf("Singapore defaults: %+v", d)
	}

	v1, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromActive, "Raya campaign")
	if err != nil {
		t.Fatal(err)
	}
	if v1.Number != 1 || v1.Config.Name != "Version 1" || v1.Status != versions.StatusDraft || v2.Number != 2 || v2.Config.Name != "Raya campaign" {
		t.Fatalf("created %+v %+v", v1, v2)
	}
	if len(v1.Config.CulturalContext.Greetings) == 0 || v1.Config.Weights.Catalog != 30 {
		t.Fatalf("blank draft is not prefilled: %+v", v1.Config)
	}
	_, err = bb.svc.Create(ctx, bb.a, bb.admin, "yesterday", "")
	wantCode(t, err, apperr.EINVALID, "body.from")

	// Numbers are per company, and one company never sees another's versions.
	vb, err := bb.svc.Create(ctx, bb.b, uuid.Nil, versions.FromBlank, "")
	if err != nil || vb.Number != 1 {
		t.Fatalf("company B's first version: %+v %v", vb, err)
	}
	_, err = bb.svc.Get(ctx, bb.b, v1.ID)
	wantCode(t, err, apperr.ENOTFOUND, "")
	_, err = bb.svc.Activate(ctx, bb.b, uuid.Nil, v1.ID)
	wantCode(t, err, apperr.ENOTFOUND, "")
	list, err := bb.svc.List(ctx, bb.a)
	if err != nil || len(list) != 2 || list[0].Number != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
}

func TestValidationNamesTheField(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field string
		edit  func(c *versions.AiVersionConfig)
	}{
		{"body.temperature", func(c *versions.AiVersionConfig) { c.Temperature = 1.5 }},
		{"body.max_tokens", func(c *versions.AiVersionConfig) { c.MaxTokens = 10 }},
		{"body.response_style", func(c *versions.AiVersionConfig) { c.ResponseStyle = "rude" }},
		{"body.primary_language", func(c *versions.AiVersionConfig) { c.PrimaryLanguage = "fr" }},
		{"body.secondary_languages[1]", func(c *versions.AiVersionConfig) { c.SecondaryLanguages = []string{"en", "xx"} }},
		{"body.weights.catalog", func(c *versions.AiVersionConfig) { c.Weights.Catalog = 101 }},
		{"body.auto_reply.min_confidence", func(c *versions.AiVersionConfig) { c.AutoReply.MinConfidence = -1 }},
		{"body.system_prompt", func(c *versions.AiVersionConfig) { c.SystemPrompt = "   " }},
		{"body.provider", func(c *versions.AiVersionConfig) { c.Provider = "gpt" }},
		{"body.cultural_context.customs[0]", func(c *versions.AiVersionConfig) { c.CulturalContext.Customs = []string{strings.Repeat("x", 301)} }},
	}
	for _, tc := range cases {
		c := v.Config
		c.SecondaryLanguages = append([]string{}, c.SecondaryLanguages...)
		tc.edit(&c)
		_, err := bb.svc.Update(ctx, bb.a, bb.admin, v.ID, c)
		wantCode(t, err, apperr.EINVALID, tc.field)
	}
	// Nothing was half-saved; a valid edit is cleaned and stored.
	got, _ := bb.svc.Get(ctx, bb.a, v.ID)
	if got.Config.Temperature != 0.7 || got.Config.MaxTokens != 500 {
		t.Fatalf("a refused edit was saved: %+v", got.Config)
	}
	c := v.Config
	c.Temperature = 0.333
	c.SecondaryLanguages = []string{"ms", "en", "ms", "zh"}
	c.AutoReply.Triggers = []string{" harga ", "", "harga", "price"}
	c.Weights.Training = 0
	up, err := bb.svc.Update(ctx, bb.a, bb.admin, v.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	if up.Config.Temperature != 0.33 || strings.Join(up.Config.SecondaryLanguages, ",") != "ms,zh" ||
		strings.Join(up.Config.AutoReply.Triggers, ",") != "harga,price" || up.Config.Weights.Training != 0 {
		t.Fatalf("cleaned config: %+v", up.Config)
	}
}

func TestActivateRevertDelete(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v1, _ := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	c := v1.Config
	c.SystemPrompt = "Version one prompt."
	if _, err := bb.svc.Update(ctx, bb.a, bb.admin, v1.ID, c); err != nil {
		t.Fatal(err)
	}
	// Admins' pages learn of the activation after it commits.
	conn, err := pgx.Connect(ctx, bb.db.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "LISTEN "+realtime.Channel); err != nil {
		t.Fatal(err)
	}
	a1, err := bb.svc.Activate(ctx, bb.a, bb.admin, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	n, err := conn.WaitForNotification(wctx)
	cancel()
	if err != nil || !strings.Contains(n.Payload, `"type":"ai.version"`) || !strings.Contains(n.Payload, v1.ID.String()) {
		t.Fatalf("event: %+v %v", n, err)
	}
	if a1.Status != versions.StatusActive || a1.ActivatedAt == nil || a1.ActivatedBy != bb.admin {
		t.Fatalf("activated: %+v", a1)
	}
	// The active version is not edited: the admin is told to make a draft.
	_, err = bb.svc.Update(ctx, bb.a, bb.admin, v1.ID, c)
	wantCode(t, err, apperr.ECONFLICT, "")
	if !strings.Contains(err.Error(), "Duplicate") {
		t.Fatalf("refusal does not say what to do: %v", err)
	}
	// A new version from the active one copies it.
	v2, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromActive, "")
	if err != nil || v2.Config.SystemPrompt != "Version one prompt." {
		t.Fatalf("from active: %+v %v", v2, err)
	}
	c.SystemPrompt = "Version two prompt."
	if _, err := bb.svc.Update(ctx, bb.a, bb.admin, v2.ID, c); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.Activate(ctx, bb.a, bb.admin, v2.ID); err != nil {
		t.Fatal(err)
	}
	// Only the active version is used.
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		v, err := versions.Active(ctx, tx)
		if err == nil && (v.ID != v2.ID || v.SystemPrompt != "Version two prompt.") {
			err = fmt.Errorf("active is %d %q", v.Number, v.SystemPrompt)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	old, _ := bb.svc.Get(ctx, bb.a, v1.ID)
	if old.Status != versions.StatusArchived {
		t.Fatalf("previous version is %s", old.Status)
	}

	// Revert goes back to an archived version; a draft is activated, not reverted to.
	v3, _ := bb.svc.Duplicate(ctx, bb.a, bb.admin, v1.ID)
	if v3.Config.SystemPrompt != "Version one prompt." || v3.Config.Name != "Copy of Version 1" || v3.Status != versions.StatusDraft {
		t.Fatalf("duplicate: %+v", v3)
	}
	_, err = bb.svc.Revert(ctx, bb.a, bb.admin, v3.ID)
	wantCode(t, err, apperr.ECONFLICT, "")
	r, err := bb.svc.Revert(ctx, bb.a, bb.admin, v1.ID)
	if err != nil || r.Status != versions.StatusActive {
		t.Fatalf("revert: %+v %v", r, err)
	}
	if n := activeCount(ctx, t, bb, bb.a); n != 1 {
		t.Fatalf("%d active versions", n)
	}

	// Used versions stay; a never-activated draft may go.
	wantCode(t, bb.svc.Delete(ctx, bb.a, bb.admin, v1.ID), apperr.ECONFLICT, "")
	wantCode(t, bb.svc.Delete(ctx, bb.a, bb.admin, v2.ID), apperr.ECONFLICT, "")
	wantCode(t, bb.svc.Delete(ctx, bb.b, uuid.Nil, v3.ID), apperr.ENOTFOUND, "")
	if err := bb.svc.Delete(ctx, bb.a, bb.admin, v3.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, bb.svc.Delete(ctx, bb.a, bb.admin, v3.ID), apperr.ENOTFOUND, "")

	// Each change is audited.
	var actions []string
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select action from audit_log where target_type = 'ai_model_version' order by id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				return err
			}
			actions = append(actions, a)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "ai.version_created,ai.version_updated,ai.version_activated,ai.version_created,ai.version_updated,ai.version_activated,ai.version_duplicated,ai.version_reverted,ai.version_deleted"
	if strings.Join(actions, ",") != want {
		t.Fatalf("audit: %v", actions)
	}
}

func TestConcurrentActivationLeavesOneActive(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	const n = 8
	ids := make([]uuid.UUID, n)
	for i := range ids {
		v, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = v.ID
	}
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				// Half activate, half revert to an archived one (after the first round).
				if round > 0 && i%2 == 1 {
					_, err = bb.svc.Revert(ctx, bb.a, bb.admin, id)
					if apperr.Code(err) == apperr.ECONFLICT { // it was the active one
						err = nil
					}
				} else {
					_, err = bb.svc.Activate(ctx, bb.a, bb.admin, id)
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if c := activeCount(ctx, t, bb, bb.a); c != 1 {
			t.Fatalf("round %d: %d active versions", round, c)
		}
	}
	list, _ := bb.svc.List(ctx, bb.a)
	for _, v := range list {
		if v.Status == versions.StatusDraft || v.ActivatedAt == nil {
			t.Fatalf("version %d was not activated: %s", v.Number, v.Status)
		}
	}
}

func TestDatabaseAllowsOneActive(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v1, _ := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	v2, _ := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	if _, err := bb.svc.Activate(ctx, bb.a, bb.admin, v1.ID); err != nil {
		t.Fatal(err)
	}
	// Writing a second active row past the service is refused by the index.
	err := bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		_, err := tx.AiModelVersionSetActive(ctx, dbgen.AiModelVersionSetActiveParams{CompanyID: bb.a, ID: v2.ID})
		return err
	})
	if name, ok := db.UniqueViolation(err); !ok || name != "ai_model_versions_active_key" {
		t.Fatalf("second active row: %v", err)
	}
	// Another company's active version is independent.
	vb, _ := bb.svc.Create(ctx, bb.b, uuid.Nil, versions.FromBlank, "")
	if _, err := bb.svc.Activate(ctx, bb.b, uuid.Nil, vb.ID); err != nil {
		t.Fatal(err)
	}
}

func TestCompareExportImport(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v1, _ := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	v2, _ := bb.svc.Duplicate(ctx, bb.a, bb.admin, v1.ID)
	c := v2.Config
	c.Temperature = 0.2
	c.Weights.FAQs = 80
	c.CulturalContext.Phrases = append(c.CulturalContext.Phrases, "mantap")
	if _, err := bb.svc.Update(ctx, bb.a, bb.admin, v2.ID, c); err != nil {
		t.Fatal(err)
	}
	_, _, diffs, err := bb.svc.CompareVersions(ctx, bb.a, v1.ID, v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	changed := []string{}
	for _, d := range diffs {
		if d.Changed {
			changed = append(changed, d.Field)
		}
		if d.Field == "temperature" && (d.A != "0.70" || d.B != "0.20") {
			t.Fatalf("temperature diff: %+v", d)
		}
	}
	if strings.Join(changed, ",") != "name,cultural_context.phrases,temperature,weights.faqs" {
		t.Fatalf("changed: %v", changed)
	}
	_, _, _, err = bb.svc.CompareVersions(ctx, bb.b, v1.ID, v2.ID)
	wantCode(t, err, apperr.ENOTFOUND, "")

	e, err := bb.svc.ExportVersion(ctx, bb.a, v2.ID)
	if err != nil || e.Kind != versions.ExportKind || e.Number != 2 {
		t.Fatalf("export: %+v %v", e, err)
	}
	// Imported into another company, it becomes that company's draft.
	imp, err := bb.svc.Import(ctx, bb.b, uuid.Nil, e)
	if err != nil || imp.Status != versions.StatusDraft || imp.Number != 1 || imp.Config.Weights.FAQs != 80 || imp.Config.Temperature != 0.2 {
		t.Fatalf("import: %+v %v", imp, err)
	}
	bad := e
	bad.Kind = "something-else"
	_, err = bb.svc.Import(ctx, bb.a, bb.admin, bad)
	wantCode(t, err, apperr.EINVALID, "body.kind")
	bad = e
	bad.Config.MaxTokens = 9000
	_, err = bb.svc.Import(ctx, bb.a, bb.admin, bad)
	wantCode(t, err, apperr.EINVALID, "body.config.max_tokens")
}

func TestOverview(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v, _ := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	if _, err := bb.svc.Activate(ctx, bb.a, bb.admin, v.ID); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	err := bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: bb.a, Channel: "telegram", ExternalID: "77", Name: "Aina"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: bb.a, ContactID: ct.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		ins := func(source string, version any, status string, rating any, in, out, cr, cw int64, at time.Time) error {
			var tmpl any
			if source == "template" {
				tmpl = uuid.New()
			}
			_, err := tx.Exec(ctx, `insert into ai_suggestions (company_id, conversation_id, source, template_id, version_id, text, status, rating,
				input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, created_at) values ($1,$2,$3,$4,$5,'x',$6,$7,$8,$9,$10,$11,$12)`,
				bb.a, conv.ID, source, tmpl, version, status, rating, in, out, cr, cw, at)
			return err
		}
		this := now.Add(-time.Hour)
		for _, e := range []error{
			ins("model", v.ID, "sent", 5, 1000, 200, 3000, 0, this),
			ins("model", v.ID, "edited", 3, 1000, 200, 0, 1000, this),
			ins("model", v.ID, "ignored", nil, 0, 0, 0, 0, this),
			ins("model", v.ID, "suggested", nil, 0, 0, 0, 0, this),
			ins("template", nil, "sent", nil, 0, 0, 0, 0, this),
			// Last month (Malaysia time: 31 October 23:00) does not count.
			ins("model", v.ID, "sent", 1, 99999, 0, 0, 0, time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC)),
		} {
			if e != nil {
				return e
			}
		}
		// A model test spends the same budget: its 100 output tokens count.
		_, err = tx.Exec(ctx, `insert into ai_test_runs (company_id, message, language, customer_type, source, reply, language_match,
			output_tokens, created_at) values ($1, 'hi', 'en', 'new', 'model', 'x', true, 100, $2)`, bb.a, this)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := bb.svc.Overview(ctx, bb.a, now)
	if err != nil {
		t.Fatal(err)
	}
	st := o.Stats
	if o.UsingDefaults || o.Active.ID != v.ID || o.ActivatedByName != "User admin@alpha.test" {
		t.Fatalf("active: %+v", o)
	}
	if !o.MonthStart.Equal(time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("month starts %v", o.MonthStart)
	}
	if st.Suggestions != 5 || st.TemplateSuggestions != 1 || st.ModelSuggestions != 4 || st.VersionSuggestions != 4 || st.VersionUsed != 2 ||
		st.VersionDecided != 3 || st.VersionRatings != 2 || st.VersionRatingSum != 8 {
		t.Fatalf("stats: %+v", st)
	}
	u := o.Usage
	if u.Total() != 6500 || o.TokenLimit != 100000 {
		t.Fatalf("usage: %+v limit %d", u, o.TokenLimit)
	}
	// 2000 input × $3 + 500 output × $15 + 3000 cache reads × $0.30 + 1000 cache writes × $3.75 per million
	// = 6000 + 7500 + 900 + 3750 micro-dollars.
	if u.CostMicroUSD() != 18150 {
		t.Fatalf("cost %d µUSD", u.CostMicroUSD())
	}
	// 3000 of 6000 prompt tokens came from the cache.
	if u.CacheHitBasisPoints() != 5000 {
		t.Fatalf("cache hit %d bp", u.CacheHitBasisPoints())
	}
	// A company with no version sees the defaults, whose suggestions carry no version.
	err = bb.db.WithTenant(ctx, bb.b, func(tx *db.Tx) error {
		ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: bb.b, Channel: "telegram", ExternalID: "78", Name: "Wei"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: bb.b, ContactID: ct.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `insert into ai_suggestions (company_id, conversation_id, source, text, status, created_at)
			values ($1, $2, 'model', 'x', 'sent', $3)`, bb.b, conv.ID, now.Add(-time.Minute))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := bb.svc.Overview(ctx, bb.b, now)
	if err != nil || !ob.UsingDefaults || ob.Stats.Suggestions != 1 || ob.Stats.VersionUsed != 1 {
		t.Fatalf("company B: %+v %v", ob, err)
	}
}
