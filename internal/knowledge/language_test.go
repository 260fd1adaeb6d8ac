package knowledge_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2/humatest"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/identity"
)

// "bm" (Bahasa Malaysia) is accepted wherever a language is given, and stored as "ms".
func TestLanguageBMIsMS(t *testing.T) {
	t.Parallel()

	t.Run("FAQBodyAndListFilter", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		_, api := humatest.New(t)
		knowledge.RegisterCompany(api, bb.svc)
		ctx = identity.WithPrincipal(ctx, &identity.Principal{CompanyID: bb.a, UserID: uuid.New(), Role: "company_admin"})

		res := api.PostCtx(ctx, "/knowledge/faqs", map[string]any{"question": "Ada COD?", "answer": "Ada, untuk Lembah Klang.", "language": "bm"})
		if res.Code != http.StatusCreated && res.Code != http.StatusOK {
			t.Fatalf("create with bm: %d %s", res.Code, res.Body)
		}
		var created knowledge.FAQView
		if err := json.Unmarshal(res.Body.Bytes(), &created); err != nil || created.Language != "ms" {
			t.Fatalf("created %+v (%v), want language ms", created, err)
		}
		if _, err := bb.svc.CreateFAQ(ctx, bb.a, uuid.Nil, knowledge.FAQInput{Question: "Do you deliver?", Answer: "Yes.", Language: "en"}); err != nil {
			t.Fatal(err)
		}
		res = api.GetCtx(ctx, "/knowledge/faqs?language=bm")
		var list struct{ Items []knowledge.FAQView }
		if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil || res.Code != http.StatusOK {
			t.Fatalf("list: %d %s", res.Code, res.Body)
		}
		if len(list.Items) != 1 || list.Items[0].Question != "Ada COD?" {
			t.Fatalf("bm filter = %+v, want the Malay FAQ only", list.Items)
		}
	})

	t.Run("FAQCSVImport", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		if _, err := bb.svc.ImportFAQs(ctx, bb.a, uuid.Nil, strings.NewReader("question,answer,language\nBoleh COD?,Boleh.,bm\n")); err != nil {
			t.Fatal(err)
		}
		l, err := bb.svc.FAQs(ctx, bb.a, "", "", "bm")
		if err != nil || len(l) != 1 || l[0].Language != "ms" {
			t.Fatalf("imported = %+v, %v; want one FAQ stored as ms", l, err)
		}
	})

	t.Run("BrandVoice", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		v, err := bb.svc.SaveBrandVoice(ctx, bb.a, uuid.Nil, knowledge.BrandVoice{Tone: "friendly", Style: "concise", PrimaryLanguage: "bm",
			SecondaryLanguages: []string{"en", "BM", "zh"}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := bb.svc.GetBrandVoice(ctx, bb.a)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []*knowledge.BrandVoice{v, got} {
			if x.PrimaryLanguage != "ms" || len(x.SecondaryLanguages) != 2 || x.SecondaryLanguages[0] != "en" || x.SecondaryLanguages[1] != "zh" {
				t.Errorf("brand voice languages %q %q, want ms with en, zh", x.PrimaryLanguage, x.SecondaryLanguages)
			}
		}
	})
}
