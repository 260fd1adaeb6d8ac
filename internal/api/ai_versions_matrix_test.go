package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/versions"
)

// aiVersionFixture is company A's model versions: an archived one (to revert
// to), the active one, and a draft never activated.
type aiVersionFixture struct {
	archived, active, draft uuid.UUID
}

func aiVersionFixtures(t *testing.T, s *testServer, companyA uuid.UUID) aiVersionFixture {
	t.Helper()
	ctx := context.Background()
	svc := versions.NewService(s.DB.DB)
	var ids []uuid.UUID
	for i := 0; i < 3; i++ {
		v, err := svc.Create(ctx, companyA, uuid.Nil, versions.FromBlank, "")
		if err != nil {
			t.Fatalf("ai version fixture: %v", err)
		}
		ids = append(ids, v.ID)
	}
	for _, id := range ids[:2] {
		if _, err := svc.Activate(ctx, companyA, uuid.Nil, id); err != nil {
			t.Fatalf("ai version fixture: %v", err)
		}
	}
	return aiVersionFixture{archived: ids[0], active: ids[1], draft: ids[2]}
}

// aiVersionPath fills the model version paths: revert needs an archived
// version, everything else works on the draft.
func (f *fixtures) aiVersionPath(path string) (string, bool) {
	if !strings.HasPrefix(path, "/api/v1/company/ai/versions/{id}") {
		return "", false
	}
	id := f.aiVersions.draft
	if strings.HasSuffix(path, "/revert") {
		id = f.aiVersions.archived
	}
	path = strings.Replace(path, "{other}", f.aiVersions.active.String(), 1)
	return strings.Replace(path, "{id}", id.String(), 1), true
}

// aiVersionBody is a valid body for the model version operations.
func (f *fixtures) aiVersionBody(opID, tag string) (any, bool) {
	switch opID {
	case "ai-version-create":
		return map[string]any{"from": "blank", "name": "Matrix " + tag}, true
	case "ai-version-update":
		c := versions.Defaults("MY")
		c.Name = "Edited by " + tag
		return c, true
	case "ai-version-import":
		return versions.AiVersionExport{Kind: versions.ExportKind, FormatVersion: 1, Config: versions.Defaults("SG")}, true
	}
	return nil, false
}

func TestAIVersionsOverHTTP(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	f := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")

	// The active version is not edited: 409 saying to duplicate it.
	res, body := admin.do(http.MethodPut, "/api/v1/company/ai/versions/"+f.aiVersions.active.String(), versions.Defaults("MY"))
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(body), "Duplicate") {
		t.Fatalf("edit active: %d %s", res.StatusCode, body)
	}
	// A bad value names its field.
	c := versions.Defaults("MY")
	c.Weights.Catalog = 150
	res, body = admin.do(http.MethodPut, "/api/v1/company/ai/versions/"+f.aiVersions.draft.String(), c)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.weights.catalog") {
		t.Fatalf("bad weight: %d %s", res.StatusCode, body)
	}

	// Export, then import the file as a new draft.
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/versions/"+f.aiVersions.active.String()+"/export", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "ai-model-version-2.json") {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/versions/import", doc)
	if res.StatusCode != http.StatusCreated || !strings.Contains(string(body), `"number":4`) || !strings.Contains(string(body), `"status":"draft"`) {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	doc["config"].(map[string]any)["max_tokens"] = 5
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/versions/import", doc)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.config.max_tokens") {
		t.Fatalf("bad import: %d %s", res.StatusCode, body)
	}

	// Activate the draft; the overview shows it and the plan's limit.
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/versions/"+f.aiVersions.draft.String()+"/activate", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":"active"`) {
		t.Fatalf("activate: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/overview", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"id":"`+f.aiVersions.draft.String()+`"`) ||
		!strings.Contains(string(body), `"token_limit":100000`) || !strings.Contains(string(body), `"using_defaults":false`) {
		t.Fatalf("overview: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/versions/"+f.aiVersions.archived.String()+"/compare/"+f.aiVersions.draft.String(), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"field":"system_prompt"`) {
		t.Fatalf("compare: %d %s", res.StatusCode, body)
	}
}
