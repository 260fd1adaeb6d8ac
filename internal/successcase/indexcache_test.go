package successcase

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
)

func TestIndexCacheReusesUntilTemplatesChange(t *testing.T) {
	t.Parallel()
	row := func(name, pattern string) dbgen.SuccessCaseTemplate {
		return dbgen.SuccessCaseTemplate{ID: uuid.New(), Name: name, Category: "closing", Language: "en", IsActive: true, Version: 1,
			CustomerMessagePatterns: []string{pattern}, AgentResponse: "ok", LocalizedVersions: []byte("{}"), UpdatedAt: time.Unix(100, 0)}
	}
	rows := []dbgen.SuccessCaseTemplate{row("a", "deal"), row("b", "stock")}
	var c indexCache
	company := uuid.New()
	ix := c.index(company, rows)
	if c.index(company, append([]dbgen.SuccessCaseTemplate(nil), rows...)) != ix {
		t.Fatal("same templates: the index was rebuilt")
	}
	if c.index(uuid.New(), rows) == ix {
		t.Fatal("another company shares the index")
	}
	for name, change := range map[string]func([]dbgen.SuccessCaseTemplate) []dbgen.SuccessCaseTemplate{
		"edited": func(r []dbgen.SuccessCaseTemplate) []dbgen.SuccessCaseTemplate { r[0].Version++; return r },
		"touched": func(r []dbgen.SuccessCaseTemplate) []dbgen.SuccessCaseTemplate {
			r[1].UpdatedAt = r[1].UpdatedAt.Add(time.Microsecond)
			return r
		},
		"added":   func(r []dbgen.SuccessCaseTemplate) []dbgen.SuccessCaseTemplate { return append(r, row("c", "promo")) },
		"deleted": func(r []dbgen.SuccessCaseTemplate) []dbgen.SuccessCaseTemplate { return r[:1] },
	} {
		changed := change(append([]dbgen.SuccessCaseTemplate(nil), rows...))
		if templatesKey(changed) == templatesKey(rows) {
			t.Errorf("%s: same key", name)
		}
	}

	// Settings are applied to a copy: the cached index keeps the defaults.
	off := DefaultSetting
	off.Enabled = false
	with := ix.withSettings(map[uuid.UUID]Setting{rows[0].ID: off})
	if with.Match("ok deal", Context{Language: "en"}).Winner != nil {
		t.Error("disabled template won")
	}
	if w := ix.Match("ok deal", Context{Language: "en"}).Winner; w == nil || w.Template.ID != rows[0].ID {
		t.Error("the company's setting leaked into the cached index")
	}
}
