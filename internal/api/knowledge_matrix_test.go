package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/storage"
)

func init() {
	// The matrix sends JSON where these operations take multipart files.
	refusedForAllowed["knowledge-document-upload"] = http.StatusUnprocessableEntity
	refusedForAllowed["knowledge-faq-import"] = http.StatusUnprocessableEntity
}

// knowledgeFixture is a training document and a FAQ of company A, and an industry's playbook.
type knowledgeFixture struct {
	document, faq, industry uuid.UUID
}

func knowledgeFixtures(t *testing.T, s *testServer, companyA uuid.UUID) knowledgeFixture {
	t.Helper()
	ctx := context.Background()
	svc := knowledge.NewService(s.DB.DB, storage.Disk{Root: t.TempDir()})
	var f knowledgeFixture
	err := s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		d, err := tx.KnowledgeDocumentCreate(ctx, dbgen.KnowledgeDocumentCreateParams{CompanyID: companyA, Name: "matrix.txt",
			Mime: knowledge.MimeTXT, SizeBytes: 5, BlobKey: "knowledge/matrix.txt"})
		f.document = d.ID
		return err
	})
	if err != nil {
		t.Fatalf("knowledge document fixture: %v", err)
	}
	faq, err := svc.CreateFAQ(ctx, companyA, uuid.Nil, knowledge.FAQInput{Question: "Matrix soalan?", Answer: "Jawapan.", Language: "ms"})
	if err != nil {
		t.Fatalf("faq fixture: %v", err)
	}
	f.faq = faq.ID
	pbs, err := svc.Playbooks(ctx)
	if err != nil || len(pbs) == 0 {
		t.Fatalf("playbooks: %v", err)
	}
	f.industry = uuid.MustParse(pbs[0].IndustryID)
	return f
}

// knowledgePath fills the knowledge and playbook paths.
func (f *fixtures) knowledgePath(path string) (string, bool) {
	switch {
	case strings.HasPrefix(path, "/api/v1/company/knowledge/documents/{id}"):
		return strings.Replace(path, "{id}", f.knowledge.document.String(), 1), true
	case strings.HasPrefix(path, "/api/v1/company/knowledge/faqs/{id}"):
		return strings.Replace(path, "{id}", f.knowledge.faq.String(), 1), true
	case strings.HasPrefix(path, "/api/v1/platform/playbooks/{id}"):
		return strings.Replace(path, "{id}", f.knowledge.industry.String(), 1), true
	}
	return "", false
}

// knowledgeBody is a valid body for the knowledge operations.
func (f *fixtures) knowledgeBody(opID, tag string) (any, bool) {
	switch opID {
	case "knowledge-faq-create":
		return map[string]any{"question": "Soalan " + tag + "?", "answer": "Jawapan.", "category": "umum", "language": "ms"}, true
	case "knowledge-faq-update":
		return map[string]any{"question": "Matrix soalan?", "answer": "Jawapan baru.", "language": "ms"}, true
	case "knowledge-brand-voice-update":
		return map[string]any{"tone": "formal", "style": "concise", "primary_language": "ms", "secondary_languages": []string{"en"},
			"mirror_customer": true, "dos": []string{"Salam"}, "donts": []string{}, "sample_conversations": []any{}}, true
	case "playbook-update":
		return map[string]any{"default_prompt": "Matrix prompt.", "objections": []any{map[string]string{"objection": "Mahal", "handler": "Nilai."}},
			"closing_techniques": []string{"Two options"}, "compliance_notes": []string{}, "malaysia_prompt": "", "malaysia_notes": []string{"FPX"}}, true
	}
	return nil, false
}

func TestKnowledgeOverHTTP(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	pdf, err := os.ReadFile(filepath.Join("..", "knowledge", "testdata", "policy.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := admin.upload("/api/v1/company/knowledge/documents", "policy.pdf", pdf, nil)
	var doc struct{ ID, Status, Mime string }
	_ = json.Unmarshal(body, &doc)
	if res.StatusCode != http.StatusAccepted || doc.Status != "uploaded" || doc.Mime != "application/pdf" {
		t.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	// A PNG named .pdf is refused by its content, naming the field.
	res, body = admin.upload("/api/v1/company/knowledge/documents", "brochure.pdf", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.file") {
		t.Fatalf("png as pdf: %d %s", res.StatusCode, body)
	}
	// FAQ CSV import and export.
	res, body = admin.upload("/api/v1/company/knowledge/faqs/import", "faqs.csv", []byte("question,answer,language\nAda COD?,Ada.,ms\n价格？,RM10,zh\n"), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"created":2`) {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/knowledge/faqs/export", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), "价格？,RM10,,zh,0") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/knowledge/search?q="+"%E4%BB%B7%E6%A0%BC", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"question":"价格？"`) {
		t.Fatalf("search: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/knowledge/status", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"pending_documents":2`) || !strings.Contains(string(body), `"faqs":3`) {
		t.Fatalf("status: %d %s", res.StatusCode, body)
	}
}
