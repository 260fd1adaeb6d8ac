package reply_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/danielgtaylor/huma/v2/humatest"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/identity"
)

// "bm" (Bahasa Malaysia) is accepted for the prompt preview and the AI test
// bench (a run and a saved scenario), and treated and stored as "ms".
func TestLanguageBMIsMS(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	model := &fakeModel{reply: func(ai.Request) string { return "Boleh, saya semak dulu." }}
	e := b.engine(model, true)
	_, company := humatest.New(t)
	_, agent := humatest.New(t)
	reply.Register(company, agent, e, inbox.NewService(b.d.DB))
	reply.RegisterTests(company, e)
	ctx := identity.WithPrincipal(context.Background(), &identity.Principal{CompanyID: b.a.ID, UserID: b.agentA, Role: "company_admin"})

	decode := func(what string, res interface {
		Result() *http.Response
	}, body []byte, v any) {
		t.Helper()
		if code := res.Result().StatusCode; code >= 300 {
			t.Fatalf("%s: %d %s", what, code, body)
		}
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	res := company.PostCtx(ctx, "/ai/preview", map[string]any{"system_prompt": "Be brief.", "primary_language": "bm", "secondary_languages": []string{"bm", "en"}, "sample": []any{}})
	var preview struct{ Language string }
	decode("preview", res, res.Body.Bytes(), &preview)
	if preview.Language != "ms" {
		t.Errorf("preview language %q, want ms", preview.Language)
	}

	res = company.PostCtx(ctx, "/ai/tests/run", map[string]any{"message": "mahal sangat la", "language": "bm"})
	var run reply.AiTestRunView
	decode("test run", res, res.Body.Bytes(), &run)
	if run.Language != "ms" || run.ExpectedLanguage != "ms" {
		t.Errorf("test run language %q, expected %q; want ms", run.Language, run.ExpectedLanguage)
	}

	res = company.PostCtx(ctx, "/ai/tests/scenarios", map[string]any{"name": "Harga", "message": "mahal sangat la", "language": "bm"})
	var sc reply.AiTestScenarioView
	decode("scenario", res, res.Body.Bytes(), &sc)
	if sc.Language != "ms" {
		t.Errorf("scenario language %q, want ms", sc.Language)
	}
}
