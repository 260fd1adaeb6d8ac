package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// aiTestFixture is a test scenario of each company (batch and compare bodies
// name the caller's own scenarios) and a draft version of B to compare with.
type aiTestFixture struct {
	scenarioA, scenarioB uuid.UUID
	draftB               uuid.UUID
}

func aiTestScenario(t *testing.T, s *testServer, companyID uuid.UUID, name string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	var id uuid.UUID
	err := s.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.AiTestScenarioCreate(ctx, dbgen.AiTestScenarioCreateParams{CompanyID: companyID, Name: name, Message: "Ada kek coklat?",
			Language: "ms", CustomerType: "price_sensitive"})
		id = r.ID
		return err
	})
	if err != nil {
		t.Fatalf("ai test scenario fixture: %v", err)
	}
	return id
}

func aiTestFixtures(t *testing.T, s *testServer, companyA, companyB uuid.UUID) aiTestFixture {
	t.Helper()
	v, err := versions.NewService(s.DB.DB).Create(context.Background(), companyB, uuid.Nil, versions.FromBlank, "B draft")
	if err != nil {
		t.Fatalf("ai test version fixture: %v", err)
	}
	return aiTestFixture{scenarioA: aiTestScenario(t, s, companyA, "Matrix scenario"), scenarioB: aiTestScenario(t, s, companyB, "Matrix scenario"),
		draftB: v.ID}
}

// aiTestPath fills the test scenario paths with A's scenario.
func (f *fixtures) aiTestPath(path string) (string, bool) {
	if !strings.HasPrefix(path, "/api/v1/company/ai/tests/scenarios/{id}") {
		return "", false
	}
	return strings.Replace(path, "{id}", f.aiTests.scenarioA.String(), 1), true
}

// aiTestBody is a valid body for the test & monitor operations, naming the caller's own records.
func (f *fixtures) aiTestBody(opID string, c caller) (any, bool) {
	scenario, draft := f.aiTests.scenarioA, f.aiVersions.draft
	if c.company == "B" {
		scenario, draft = f.aiTests.scenarioB, f.aiTests.draftB
	}
	switch opID {
	case "ai-test-run":
		return map[string]any{"message": "Berapa harga kek coklat?", "language": "ms", "customer_type": "ready_to_buy"}, true
	case "ai-test-scenario-create":
		return map[string]any{"name": "Scenario of " + strings.ToLower(c.name), "message": "Do you deliver?", "language": "en", "customer_type": "new"}, true
	case "ai-test-scenario-update":
		return map[string]any{"name": "Renamed by " + strings.ToLower(c.name), "message": "我还在考虑", "language": "zh", "customer_type": "hesitant"}, true
	case "ai-test-batch-run":
		return map[string]any{"scenario_ids": []uuid.UUID{scenario}}, true
	case "ai-test-compare":
		return map[string]any{"scenario_ids": []uuid.UUID{scenario}, "version_b": draft}, true
	}
	return nil, false
}

type aiTestRunBody struct {
	ID            string   `json:"id"`
	Source        string   `json:"source"`
	Label         string   `json:"label"`
	Provider      string   `json:"provider"`
	Reply         string   `json:"reply"`
	VersionID     string   `json:"version_id"`
	VersionNumber int      `json:"version_number"`
	Expected      string   `json:"expected_language"`
	LanguageMatch bool     `json:"language_match"`
	Flags         []string `json:"flags"`
}

func TestAITestsOverHTTP(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	adminB := s.login(t, "admin@beta.test")

	// A draft version is tested as it is, on the offline provider here.
	res, body := admin.do(http.MethodPost, "/api/v1/company/ai/tests/run", map[string]any{"message": "Berapa harga kek coklat?",
		"language": "ms", "customer_type": "price_sensitive", "version_id": fx.aiVersions.draft})
	var run aiTestRunBody
	if _ = json.Unmarshal(body, &run); res.StatusCode != http.StatusOK || run.Source != "model" || run.Provider != "offline" ||
		run.Label != "offline" || run.VersionID != fx.aiVersions.draft.String() || run.Reply == "" || run.Expected != "ms" {
		t.Fatalf("run: %d %s", res.StatusCode, body)
	}
	if res, body = adminB.do(http.MethodPost, "/api/v1/company/ai/tests/run", map[string]any{"message": "Hi", "version_id": fx.aiVersions.draft}); res.StatusCode != http.StatusNotFound {
		t.Errorf("B tests A's draft: %d %s", res.StatusCode, body)
	}
	if res, body = admin.do(http.MethodPost, "/api/v1/company/ai/tests/run", map[string]any{"message": "Hi", "customer_type": "rich"}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(body), "customer_type") {
		t.Errorf("bad customer type: %d %s", res.StatusCode, body)
	}

	// Batch and comparison on A's scenario; B may not run it.
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/tests/compare", map[string]any{"scenario_ids": []uuid.UUID{fx.aiTests.scenarioA},
		"version_b": fx.aiVersions.draft})
	var cmp struct {
		BatchID string `json:"batch_id"`
		A, B    struct {
			Label string `json:"label"`
		}
		Pairs []struct {
			A, B struct {
				Run *aiTestRunBody `json:"run"`
			}
		} `json:"pairs"`
	}
	if _ = json.Unmarshal(body, &cmp); res.StatusCode != http.StatusOK || len(cmp.Pairs) != 1 || cmp.Pairs[0].A.Run == nil || cmp.Pairs[0].B.Run == nil ||
		cmp.Pairs[0].B.Run.VersionID != fx.aiVersions.draft.String() || cmp.Pairs[0].A.Run.VersionID != fx.aiVersions.active.String() {
		t.Fatalf("compare: %d %s", res.StatusCode, body)
	}
	if res, body = adminB.do(http.MethodPost, "/api/v1/company/ai/tests/batches", map[string]any{"scenario_ids": []uuid.UUID{fx.aiTests.scenarioA}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("B runs A's scenario: %d %s", res.StatusCode, body)
	}

	// History: A's three runs, newest first; none for B.
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/tests/runs?limit=2", nil)
	var page struct {
		Items      []aiTestRunBody `json:"items"`
		NextCursor string          `json:"next_cursor"`
	}
	if _ = json.Unmarshal(body, &page); res.StatusCode != http.StatusOK || len(page.Items) != 2 || page.NextCursor == "" {
		t.Fatalf("history: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/tests/runs?limit=2&cursor="+page.NextCursor, nil)
	if _ = json.Unmarshal(body, &page); res.StatusCode != http.StatusOK || len(page.Items) != 1 || page.NextCursor != "" || page.Items[0].ID != run.ID {
		t.Errorf("history page 2: %d %s", res.StatusCode, body)
	}
	res, body = adminB.do(http.MethodGet, "/api/v1/company/ai/tests/runs", nil)
	if _ = json.Unmarshal(body, &page); res.StatusCode != http.StatusOK || len(page.Items) != 0 {
		t.Errorf("B's history: %d %s", res.StatusCode, body)
	}

	// CSV export of the comparison's batch.
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/tests/runs/export?batch_id="+cmp.BatchID, nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "created_at" {
		t.Errorf("export rows: %v %v", rows, err)
	}

	// Test runs spend the month's AI budget; once it is used up a test says so.
	ctx := context.Background()
	err = s.DB.WithTenant(ctx, fx.companyA, func(tx *db.Tx) error {
		_, err := tx.AiTestRunInsert(ctx, dbgen.AiTestRunInsertParams{CompanyID: fx.companyA, ID: uuid.New(), Message: "x", Language: "en",
			CustomerType: "new", Source: "model", Reply: "x", Flags: []string{}, InputTokens: 10_000_000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/tests/run", map[string]any{"message": "zqxv blorp", "language": "en"})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"code":"limit_exceeded"`) ||
		!strings.Contains(string(body), "AI budget used up this month") {
		t.Errorf("exhausted budget: %d %s", res.StatusCode, body)
	}
}
