package successcase_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/successcase"
)

func tmpl(name, language string, patterns ...string) successcase.Template {
	return successcase.Template{ID: uuid.New(), Global: true, Name: name, Category: "objection_handling", Language: language, Active: true,
		Patterns: patterns, Examples: patterns, Response: name + " reply"}
}

func entry(t successcase.Template, s successcase.Setting) successcase.Entry {
	return successcase.Entry{Template: t, Setting: s}
}

func TestMatchPriorityOrder(t *testing.T) {
	t.Parallel()
	def := successcase.DefaultSetting
	plain := tmpl("plain", "ms", "mahal sangat")
	highTemplate := tmpl("template priority", "ms", "mahal")
	highTemplate.Priority = 5
	company := tmpl("company priority", "ms", "mahal")
	preferred := tmpl("preferred", "ms", "mahal")
	ctx := successcase.Context{Language: "ms"}
	match := func(es ...successcase.Entry) string {
		w := successcase.NewIndex(es).Match("mahal sangat la", ctx).Winner
		if w == nil {
			return ""
		}
		return w.Template.Name
	}
	if got := match(entry(plain, def), entry(tmpl("weaker", "ms", "mahal"), def)); got != "plain" {
		t.Errorf("by score: winner %q, want plain", got)
	}
	if got := match(entry(plain, def), entry(highTemplate, def)); got != "template priority" {
		t.Errorf("template priority beats score: winner %q", got)
	}
	if got := match(entry(plain, def), entry(highTemplate, def), entry(company, successcase.Setting{Enabled: true, Priority: 1})); got != "company priority" {
		t.Errorf("company priority beats template priority: winner %q", got)
	}
	if got := match(entry(plain, def), entry(highTemplate, def), entry(company, successcase.Setting{Enabled: true, Priority: 9}),
		entry(preferred, successcase.Setting{Enabled: true, Preferred: true})); got != "preferred" {
		t.Errorf("preferred beats everything: winner %q", got)
	}
}

func TestMatchFilters(t *testing.T) {
	t.Parallel()
	en := tmpl("en", "en", "too expensive")
	ms := tmpl("ms", "ms", "mahal sangat")
	ms.Localized = map[string]successcase.Localized{"zh": {Examples: []string{"太贵了"}, Response: "我明白"}}
	re := tmpl("real estate", "ms", "mahal sangat")
	re.Industry = "real_estate"
	inactive := tmpl("inactive", "ms", "mahal sangat")
	inactive.Active = false
	ix := successcase.NewIndex([]successcase.Entry{entry(en, successcase.DefaultSetting), entry(ms, successcase.DefaultSetting),
		entry(re, successcase.DefaultSetting), entry(inactive, successcase.DefaultSetting)})

	t.Run("LanguageSpecific", func(t *testing.T) {
		res := ix.Match("mahal sangat", successcase.Context{Language: "ms", Industry: "ecommerce"})
		if res.Winner == nil || res.Winner.Template.Name != "ms" {
			t.Fatalf("winner %+v, want ms", res.Winner)
		}
		if res := ix.Match("mahal sangat", successcase.Context{Language: "en"}); res.Winner != nil {
			t.Errorf("an ms message matched in en: %s", res.Winner.Template.Name)
		}
		zh := ix.Match("太贵了", successcase.Context{Language: "zh"})
		if zh.Winner == nil || zh.Winner.Template.Name != "ms" || zh.Winner.Response != "我明白" {
			t.Errorf("localized zh version not used: %+v", zh.Winner)
		}
	})
	t.Run("IndustryAndInactiveExplained", func(t *testing.T) {
		res := ix.Match("mahal sangat", successcase.Context{Language: "ms", Industry: "ecommerce"})
		for _, c := range res.Candidates {
			why := strings.Join(c.Reasons, "; ")
			switch c.Template.Name {
			case "real estate":
				if c.Eligible || !strings.Contains(why, "industry real_estate") {
					t.Errorf("industry filter not applied or not explained: %s", why)
				}
			case "inactive":
				if c.Eligible || !strings.Contains(why, "inactive") {
					t.Errorf("inactive filter not explained: %s", why)
				}
			}
		}
	})
	t.Run("EnableDisable", func(t *testing.T) {
		off := successcase.NewIndex([]successcase.Entry{entry(ms, successcase.Setting{Enabled: false})})
		res := off.Match("mahal sangat", successcase.Context{Language: "ms"})
		if res.Winner != nil || len(res.Candidates) != 1 || !strings.Contains(strings.Join(res.Candidates[0].Reasons, ";"), "disabled") {
			t.Errorf("disabled template: %+v", res)
		}
		on := successcase.NewIndex([]successcase.Entry{entry(ms, successcase.Setting{Enabled: true})})
		if on.Match("mahal sangat", successcase.Context{Language: "ms"}).Winner == nil {
			t.Error("enabled template did not match")
		}
	})
	t.Run("ActiveLanguages", func(t *testing.T) {
		res := ix.Match("mahal sangat", successcase.Context{Language: "ms", ActiveLanguages: []string{"en"}})
		if res.Winner != nil {
			t.Error("ms templates are not active for this company but one won")
		}
	})
	t.Run("StageAndLeadScore", func(t *testing.T) {
		st := tmpl("closing stage", "en", "deal")
		min := int32(50)
		st.Stages, st.MinLeadScore = []string{"negotiation"}, &min
		one := successcase.NewIndex([]successcase.Entry{entry(st, successcase.DefaultSetting)})
		low := int32(20)
		if one.Match("ok deal", successcase.Context{Language: "en", Stage: "new"}).Winner != nil {
			t.Error("stage rule ignored")
		}
		if one.Match("ok deal", successcase.Context{Language: "en", LeadScore: &low}).Winner != nil {
			t.Error("lead score rule ignored")
		}
		if one.Match("ok deal", successcase.Context{Language: "en", Stage: "negotiation"}).Winner == nil {
			t.Error("matching stage refused")
		}
	})
}

func TestMatchWordBoundaries(t *testing.T) {
	t.Parallel()
	ok := tmpl("ok", "en", "ok")
	ok.Examples = nil
	ix := successcase.NewIndex([]successcase.Entry{entry(ok, successcase.DefaultSetting), entry(tmpl("mahal", "ms", "mahal"), successcase.DefaultSetting)})
	if w := ix.Match("I want to book", successcase.Context{Language: "en"}).Winner; w != nil {
		t.Errorf("'ok' matched inside 'book'")
	}
	if w := ix.Match("MAHALLL!!!", successcase.Context{Language: "ms"}).Winner; w == nil {
		t.Errorf("repeated letters and case not normalised")
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	resp := "Hi {customer_name}, {product_name} is {price} until {date}. {agent_name} from {company_name} {unknown}"
	t.Run("AllData", func(t *testing.T) {
		got := successcase.Render(resp, "en", successcase.Customization{}, successcase.Vars{CustomerName: "Aisyah", AgentName: "Wei Ling",
			CompanyName: "Kedai Aman", ProductName: "Air fryer", Price: &successcase.Money{Minor: 129900, Currency: "MYR"},
			Date: time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC), DateFormat: "DD/MM/YYYY", TimeZone: "Asia/Kuala_Lumpur"})
		want := "Hi Aisyah, Air fryer is RM 1,299.00 until 01/12/2026. Wei Ling from Kedai Aman"
		if got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("MissingData", func(t *testing.T) {
		got := successcase.Render(resp, "en", successcase.Customization{}, successcase.Vars{})
		if strings.Contains(got, "{") || strings.Contains(got, "  ") || strings.Contains(got, " ,") {
			t.Errorf("unfilled placeholders left untidy: %q", got)
		}
		if got != "Hi, is until. from" {
			t.Logf("rendered %q", got)
		}
	})
	t.Run("Customization", func(t *testing.T) {
		c := successcase.Customization{Replacements: []successcase.Replacement{{From: "Saya faham", To: "Kami faham"}}, Prefix: "Salam!", Suffix: "- Kedai Aman",
			Overrides: map[string]string{"zh": "公司版本"}}
		if got := successcase.Render("Saya faham harga penting.", "ms", c, successcase.Vars{}); got != "Salam! Kami faham harga penting. - Kedai Aman" {
			t.Errorf("got %q", got)
		}
		if got := successcase.Render("我明白", "zh", c, successcase.Vars{}); got != "Salam! 公司版本 - Kedai Aman" {
			t.Errorf("override: got %q", got)
		}
	})
	t.Run("Money", func(t *testing.T) {
		for m, want := range map[successcase.Money]string{{Minor: 5, Currency: "MYR"}: "RM 0.05", {Minor: 100000000, Currency: "MYR"}: "RM 1,000,000.00",
			{Minor: 150000, Currency: "IDR"}: "Rp 150.000", {Minor: -250, Currency: "SGD"}: "S$ -2.50"} {
			if got := successcase.FormatMoney(m); got != want {
				t.Errorf("FormatMoney(%+v) = %q, want %q", m, got, want)
			}
		}
	})
}

func FuzzMatch(f *testing.F) {
	ix := successcase.NewIndex([]successcase.Entry{entry(tmpl("a", "ms", "mahal sangat"), successcase.DefaultSetting),
		entry(tmpl("b", "zh", "太贵"), successcase.DefaultSetting)})
	for _, s := range []string{"mahalll!!", "太贵了lah", "", "\u0301\u0301", "a'b'c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []string{"ms", "zh", "en"} {
			res := ix.Match(s, successcase.Context{Language: l})
			for _, c := range res.Candidates {
				if c.Score < 0 || c.Score > 1.5 {
					t.Errorf("score %v for %q", c.Score, s)
				}
			}
		}
		successcase.Personalize(s, successcase.Vars{})
	})
}
