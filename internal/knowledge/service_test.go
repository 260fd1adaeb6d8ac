package knowledge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

type bundle struct {
	db    *dbtest.DB
	svc   *knowledge.Service
	blobs storage.Disk
	a, b  uuid.UUID
}

func setup(t *testing.T) (context.Context, *bundle) {
	t.Helper()
	d := dbtest.New(t)
	blobs := storage.Disk{Root: t.TempDir()}
	svc := knowledge.NewService(d.DB, blobs)
	q, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetJobs(q)
	return context.Background(), &bundle{db: d, svc: svc, blobs: blobs, a: dbtest.Company(t, d, "alpha").ID, b: dbtest.Company(t, d, "beta").ID}
}

// upload uploads a fixture as company and processes it as the worker would.
func (bb *bundle) upload(ctx context.Context, t *testing.T, company uuid.UUID, name string, data []byte) (uuid.UUID, string) {
	t.Helper()
	doc, err := bb.svc.Upload(ctx, company, uuid.Nil, name, data)
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	if doc.Status != knowledge.StatusUploaded {
		t.Fatalf("new document is %s", doc.Status)
	}
	st, err := bb.svc.Process(ctx, company, doc.ID)
	if err != nil {
		t.Fatalf("process %s: %v", name, err)
	}
	return doc.ID, st
}

func TestDocumentLifecycle(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	id, st := bb.upload(ctx, t, bb.a, "policy.pdf", fixture(t, "policy.pdf"))
	if st != knowledge.StatusProcessed {
		t.Fatalf("status %s", st)
	}
	doc, err := bb.svc.Document(ctx, bb.a, id)
	if err != nil || doc.ChunkCount == 0 || !strings.Contains(doc.Text, "Pos Laju") || doc.ProcessedAt == nil {
		t.Fatalf("document: %+v %v", doc, err)
	}
	hits, err := bb.svc.Search(ctx, bb.a, "delivery fee", 5)
	if err != nil || len(hits) == 0 || hits[0].Kind != knowledge.HitChunk || hits[0].DocumentID != id || hits[0].DocumentName != "policy.pdf" {
		t.Fatalf("search: %+v %v", hits, err)
	}

	t.Run("OtherCompanySeesNothing", func(t *testing.T) {
		if _, err := bb.svc.Document(ctx, bb.b, id); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("get: %v", err)
		}
		if err := bb.svc.DeleteDocument(ctx, bb.b, uuid.Nil, id); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("delete: %v", err)
		}
		if hits, _ := bb.svc.Search(ctx, bb.b, "delivery fee", 5); len(hits) != 0 {
			t.Errorf("company B found %+v", hits)
		}
	})

	// Deleting removes the chunks and the file.
	if err := bb.svc.DeleteDocument(ctx, bb.a, uuid.Nil, id); err != nil {
		t.Fatal(err)
	}
	if hits, _ := bb.svc.Search(ctx, bb.a, "delivery fee", 5); len(hits) != 0 {
		t.Errorf("deleted document still found: %+v", hits)
	}
	if matches, _ := filepath.Glob(filepath.Join(bb.blobs.Root, "knowledge", bb.a.String(), "*")); len(matches) != 0 {
		t.Errorf("file left behind: %v", matches)
	}
}

func TestCorruptDocumentFailsAloneWithItsReason(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	for _, name := range []string{"corrupt.pdf", "garbage.pdf", "corrupt.docx", "broken-xml.docx"} {
		id, st := bb.upload(ctx, t, bb.a, name, fixture(t, name))
		doc, _ := bb.svc.Document(ctx, bb.a, id)
		if st != knowledge.StatusFailed || doc.Status != knowledge.StatusFailed || doc.Error == "" {
			t.Errorf("%s: %s %q", name, st, doc.Error)
		}
	}
	// The worker goes on: a good file after them is processed.
	if _, st := bb.upload(ctx, t, bb.a, "menu.docx", fixture(t, "menu.docx")); st != knowledge.StatusProcessed {
		t.Fatalf("good file after bad ones: %s", st)
	}
	status, err := bb.svc.Status(ctx, bb.a)
	if err != nil || status.Counts.FailedDocuments != 4 || status.Counts.ProcessedDocuments != 1 || len(status.FailedDocuments) != 4 || status.LastUpdatedAt == nil {
		t.Fatalf("status: %+v %v", status, err)
	}
}

func TestUploadChecksTheRealType(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"photo.pdf", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")},
		{"notes.pdf", []byte("just some text")},
		{"menu.txt", fixture(t, "menu.docx")},
		{"policy.docx", fixture(t, "policy.pdf")},
		{"script.exe", []byte("MZ\x90\x00\x03\x00\x00\x00")},
		{"empty.txt", nil},
		{"big.txt", bytes.Repeat([]byte("a"), knowledge.MaxDocumentBytes+1)},
		{"archive.docx", zipWithout(t)},
		{"readme.md", []byte("# Hello")},
	} {
		if _, err := bb.svc.Upload(ctx, bb.a, uuid.Nil, c.name, c.data); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("%s: %v, want invalid", c.name, err)
		}
	}
	docs, _ := bb.svc.Documents(ctx, bb.a)
	if len(docs) != 0 {
		t.Errorf("refused files were saved: %d", len(docs))
	}
}

func zipWithout(t *testing.T) []byte {
	t.Helper()
	// A zip that is not a Word document (no word/document.xml).
	return []byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
}

func TestFAQs(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	f, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: "Ada COD?", Answer: "Ada, untuk Lembah Klang.", Category: "bayaran", Language: "ms"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: "ada cod?", Answer: "x", Language: "ms"}); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("duplicate question: %v", err)
	}
	if _, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: "Q", Answer: "A", Language: "fr"}); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("language fr: %v", err)
	}
	if _, err := bb.svc.UpdateFAQ(ctx, bb.b, uuid.Nil, f.ID, knowledge.FAQInput{Question: "Q", Answer: "A"}); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("company B updates A's FAQ: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := bb.svc.RecordFAQUse(ctx, bb.a, f.ID); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("ImportAllOrNothing", func(t *testing.T) {
		bad := "question,answer,language\nHarga?,RM10,ms\n,no question,ms\n"
		if _, err := bb.svc.ImportFAQs(ctx, bb.a, uuid.Nil, strings.NewReader(bad)); apperr.Code(err) != apperr.EINVALID ||
			!strings.Contains(err.Error(), "Row 3, column question") {
			t.Fatalf("bad file: %v", err)
		}
		good := "\ufeffQuestion,Answer,Category,Language\n\"Ada COD?\",\"Ada, seluruh Malaysia.\",bayaran,ms\n价格？,RM10,价格,zh\n=1+1?,\"-5% off, today\",,en\n"
		res, err := bb.svc.ImportFAQs(ctx, bb.a, uuid.Nil, strings.NewReader(good))
		if err != nil || res.Created != 2 || res.Updated != 1 {
			t.Fatalf("import: %+v %v", res, err)
		}
		var buf bytes.Buffer
		if err := bb.svc.ExportFAQs(ctx, bb.a, &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(out, "question,answer,category,language,usage_count\n") || !strings.Contains(out, `Ada COD?,"Ada, seluruh Malaysia.",bayaran,ms,2`) ||
			!strings.Contains(out, "价格？,RM10,价格,zh,0") || !strings.Contains(out, `'=1+1?,"'-5% off, today",,en,0`) {
			t.Fatalf("export:\n%s", out)
		}
		// The export imports again unchanged.
		res, err = bb.svc.ImportFAQs(ctx, bb.a, uuid.Nil, strings.NewReader(out))
		if err != nil || res.Created != 0 || res.Updated != 3 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
	})
}

func TestBrandVoice(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v, err := bb.svc.GetBrandVoice(ctx, bb.a)
	if err != nil || v.Tone != "friendly" || v.UpdatedAt != nil {
		t.Fatalf("default: %+v %v", v, err)
	}
	in := knowledge.BrandVoice{Tone: "formal", Style: "persuasive", PrimaryLanguage: "ms", SecondaryLanguages: []string{"en", "ms", "zh"},
		Dos: []string{"Greet with Salam", " "}, Donts: []string{"No slang"},
		SampleConversations: []knowledge.SampleConversation{{Messages: []knowledge.SampleMessage{{From: "customer", Text: "Ada stok?"}, {From: "agent", Text: "Ada, tuan."}}}}}
	saved, err := bb.svc.SaveBrandVoice(ctx, bb.a, uuid.Nil, in)
	if err != nil || saved.Tone != "formal" || len(saved.SecondaryLanguages) != 2 || len(saved.Dos) != 1 || saved.SampleConversations[0].Title != "Conversation 1" {
		t.Fatalf("saved: %+v %v", saved, err)
	}
	in.Tone = "sarcastic"
	if _, err := bb.svc.SaveBrandVoice(ctx, bb.a, uuid.Nil, in); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("tone: %v", err)
	}
	if v, _ := bb.svc.GetBrandVoice(ctx, bb.b); v.Tone != "friendly" {
		t.Errorf("company B sees A's voice: %+v", v)
	}
}

func TestPlaybooks(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	all, err := bb.svc.Playbooks(ctx)
	if err != nil || len(all) != 12 {
		t.Fatalf("seeded playbooks: %d %v", len(all), err)
	}
	bySlug := map[string]knowledge.Playbook{}
	for _, p := range all {
		bySlug[p.IndustrySlug] = p
		if p.DefaultPrompt == "" || len(p.Objections) == 0 || len(p.ClosingTechniques) == 0 || len(p.ComplianceNotes) == 0 || len(p.MalaysiaNotes) == 0 {
			t.Errorf("%s is incomplete", p.IndustrySlug)
		}
	}
	for slug, want := range map[string]string{"ecommerce": "FPX", "education": "PTPTN", "real_estate": "Bumi"} {
		if !strings.Contains(strings.Join(bySlug[slug].MalaysiaNotes, " "), want) {
			t.Errorf("%s Malaysia notes lack %s", slug, want)
		}
	}
	// A company reads its own industry's playbook once it chose one.
	if p, err := bb.svc.CompanyPlaybook(ctx, bb.a); err != nil || p != nil {
		t.Fatalf("no industry yet: %+v %v", p, err)
	}
	edu := bySlug["education"]
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE company_settings SET industry_category_id = $1", edu.IndustryID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	in := edu.PlaybookInput
	in.DefaultPrompt = "Edited prompt for tuition centres."
	if _, err := bb.svc.SavePlaybook(ctx, uuid.Nil, uuid.MustParse(edu.IndustryID), in); err != nil {
		t.Fatal(err)
	}
	p, err := bb.svc.CompanyPlaybook(ctx, bb.a)
	if err != nil || p == nil || p.DefaultPrompt != "Edited prompt for tuition centres." {
		t.Fatalf("company playbook: %+v %v", p, err)
	}
	// A tenant transaction cannot change a playbook.
	err = bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE industry_playbooks SET default_prompt = 'hacked'")
		if err == nil && tag.RowsAffected() != 0 {
			t.Errorf("tenant updated %d playbooks", tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	in.DefaultPrompt = " "
	if _, err := bb.svc.SavePlaybook(ctx, uuid.Nil, uuid.MustParse(edu.IndustryID), in); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("empty prompt: %v", err)
	}
	if _, err := bb.svc.SavePlaybook(ctx, uuid.Nil, uuid.New(), edu.PlaybookInput); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("unknown industry: %v", err)
	}
}

func TestRebuild(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	bb.upload(ctx, t, bb.a, "care.txt", fixture(t, "care.txt"))
	bb.upload(ctx, t, bb.a, "corrupt.pdf", fixture(t, "corrupt.pdf"))
	if _, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: "Ada COD?", Answer: "Ada."}); err != nil {
		t.Fatal(err)
	}
	b1, err := bb.svc.Rebuild(ctx, bb.a, uuid.Nil)
	if err != nil || b1.Status != knowledge.BuildQueued || b1.TotalDocuments != 2 {
		t.Fatalf("rebuild: %+v %v", b1, err)
	}
	// A second request while one waits returns the same build.
	if b2, err := bb.svc.Rebuild(ctx, bb.a, uuid.Nil); err != nil || b2.ID != b1.ID {
		t.Fatalf("second rebuild: %+v %v", b2, err)
	}
	if err := bb.svc.RunRebuild(ctx, bb.a, b1.ID); err != nil {
		t.Fatal(err)
	}
	st, err := bb.svc.Status(ctx, bb.a)
	if err != nil || st.LastBuild == nil || st.LastBuild.Status != knowledge.BuildDone || st.LastBuild.DoneDocuments != 2 ||
		st.LastBuild.FailedDocuments != 1 || st.LastBuild.FaqCount != 1 || st.LastBuild.ChunkCount == 0 {
		t.Fatalf("after rebuild: %+v %v", st.LastBuild, err)
	}
	if hits, _ := bb.svc.Search(ctx, bb.a, "cream cake", 3); len(hits) == 0 {
		t.Error("nothing found after the rebuild")
	}
}

type recallSet struct {
	FAQs []struct {
		Key, Language, Category, Question, Answer string
	}
	Documents []string
	Queries   []struct {
		Lang, Q string
		Expect  []string
	}
}

// TestRecallAt5 measures retrieval on a small labelled set in English, Malay,
// Chinese, Tamil and mixed queries: a query is answered when an expected FAQ
// or a chunk holding the expected text is among the first five hits.
func TestRecallAt5(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	var set recallSet
	if err := json.Unmarshal(fixture(t, "recall.json"), &set); err != nil {
		t.Fatal(err)
	}
	keyOf := map[uuid.UUID]string{}
	for _, f := range set.FAQs {
		created, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: f.Question, Answer: f.Answer, Category: f.Category, Language: f.Language})
		if err != nil {
			t.Fatal(err)
		}
		keyOf[created.ID] = f.Key
	}
	for _, name := range set.Documents {
		if _, st := bb.upload(ctx, t, bb.a, name, fixture(t, name)); st != knowledge.StatusProcessed {
			t.Fatalf("%s: %s", name, st)
		}
	}
	found, byLang, totalByLang := 0, map[string]int{}, map[string]int{}
	for _, q := range set.Queries {
		hits, err := bb.svc.Search(ctx, bb.a, q.Q, 5)
		if err != nil {
			t.Fatal(err)
		}
		totalByLang[q.Lang]++
		ok := false
		for _, h := range hits {
			for _, e := range q.Expect {
				kind, want, _ := strings.Cut(e, ":")
				if kind == "faq" && h.Kind == knowledge.HitFAQ && keyOf[h.ID] == want || kind == "chunk" && h.Kind == knowledge.HitChunk && strings.Contains(h.Text, want) {
					ok = true
				}
			}
		}
		if ok {
			found++
			byLang[q.Lang]++
		} else {
			var got []string
			for _, h := range hits {
				if h.Kind == knowledge.HitFAQ {
					got = append(got, "faq:"+keyOf[h.ID])
				} else {
					got = append(got, "chunk:"+firstRunes(h.Text, 30))
				}
			}
			t.Logf("miss [%s] %q: got %v", q.Lang, q.Q, got)
		}
	}
	recall := float64(found) / float64(len(set.Queries))
	t.Logf("recall@5 = %.2f (%d/%d); by language: %v of %v", recall, found, len(set.Queries), byLang, totalByLang)
	if recall < 0.8 {
		t.Fatalf("recall@5 = %.2f, want at least 0.80", recall)
	}
	for lang, n := range totalByLang {
		if byLang[lang] == 0 {
			t.Errorf("no %s query answered (of %d)", lang, n)
		}
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
