package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/successcase"
)

// templateFixtures creates a global template and one of company A's own.
func templateFixtures(t *testing.T, s *testServer, companyA uuid.UUID) (global, own uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	svc := successcase.NewService(s.DB.DB)
	in := successcase.Input{Name: "Matrix", Category: "greeting", Language: "en", Examples: []string{"hello there"}, Response: "Hi!", Active: true}
	g, err := svc.CreateGlobal(ctx, uuid.Nil, in)
	if err != nil {
		t.Fatalf("global template fixture: %v", err)
	}
	o, err := svc.CreateForCompany(ctx, companyA, uuid.Nil, in)
	if err != nil {
		t.Fatalf("company template fixture: %v", err)
	}
	return g.ID, o.ID
}

// templatePath fills a template path: the global template on the platform,
// company A's own template on the company side (invisible to company B).
func (f *fixtures) templatePath(path string) string {
	id := f.templateA
	if strings.HasPrefix(path, "/api/v1/platform/") {
		id = f.globalTemplate
	}
	path = strings.Replace(path, "{version}", "1", 1)
	return strings.Replace(path, "{id}", id.String(), 1)
}

// templateBody is a valid body for the template operations.
func templateBody(opID, tag string) (any, bool) {
	tmpl := map[string]any{"name": "Template " + tag, "category": "objection_handling", "language": "bm",
		"customer_message_patterns": []string{"mahal sangat"}, "customer_message_examples": []string{"mahal sangat la"},
		"agent_response": "Saya faham, {customer_name}."}
	switch opID {
	case "platform-templates-create", "platform-templates-update", "company-templates-create", "company-templates-update":
		return tmpl, true
	case "platform-templates-recommend":
		return map[string]any{"is_recommended": true}, true
	case "platform-templates-test", "company-templates-test":
		return map[string]any{"message": "mahal sangat la", "customer_name": "Ali"}, true
	case "company-templates-settings":
		return map[string]any{"is_enabled": true, "is_preferred": true, "priority": 1,
			"customization": map[string]any{"prefix": "Salam!", "overrides": map[string]string{"bm": "Harga istimewa!"}}}, true
	case "company-templates-languages-set":
		return map[string]any{"languages": []string{"en", "bm"}}, true
	}
	return nil, false
}
