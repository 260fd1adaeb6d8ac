package versions_test

import (
	"testing"

	"github.com/sembang/sembang/internal/ai/versions"
)

// "bm" (Bahasa Malaysia) is accepted for a version's languages and stored as "ms".
func TestVersionLanguageBMIsMS(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	v, err := bb.svc.Create(ctx, bb.a, bb.admin, versions.FromBlank, "")
	if err != nil {
		t.Fatal(err)
	}
	c := v.Config
	c.PrimaryLanguage, c.SecondaryLanguages = "bm", []string{"en", "BM"}
	if _, err := bb.svc.Update(ctx, bb.a, bb.admin, v.ID, c); err != nil {
		t.Fatal(err)
	}
	got, err := bb.svc.Get(ctx, bb.a, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.PrimaryLanguage != "ms" || len(got.Config.SecondaryLanguages) != 1 || got.Config.SecondaryLanguages[0] != "en" {
		t.Errorf("stored languages %q %q, want ms with en", got.Config.PrimaryLanguage, got.Config.SecondaryLanguages)
	}
}
