package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func TestParsePriceRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		msg      string
		min, max int64
	}{
		{"ada tak bawah RM100?", 0, 10000},
		{"anything under 100", 0, 10000},
		{"budget 100-200 je", 10000, 20000},
		{"RM100 - RM200 boleh", 10000, 20000},
		{"around RM1k", 75000, 125000},
		{"bajet RM1.5k", 0, 150000},
		{"1-2k range", 100000, 200000},
		{"有没有500以下的", 0, 50000},
		{"预算 300", 0, 30000},
		{"above RM 50", 5000, 0},
		{"1,299 to 1,500", 129900, 150000},
		{"nak yang RM59 tu", 4425, 7375},
	} {
		r := catalog.ParsePriceRange(tc.msg, "MYR")
		if r == nil || r.Min != tc.min || r.Max != tc.max {
			t.Errorf("ParsePriceRange(%q) = %+v, want %d–%d", tc.msg, r, tc.min, tc.max)
		}
	}
	for _, msg := range []string{"hello", "saiz 8 inci ada?", "order 2 biji"} {
		if r := catalog.ParsePriceRange(msg, "MYR"); r != nil {
			t.Errorf("ParsePriceRange(%q) = %+v, want none", msg, r)
		}
	}
	if r := catalog.ParsePriceRange("under Rp 150.000", "IDR"); r == nil {
		t.Error("IDR budget not read")
	}
}

func row(name, sku, category string, price int64, stock string, tags ...string) dbgen.PackageProductsForMatchingRow {
	return dbgen.PackageProductsForMatchingRow{ID: uuid.New(), Name: name, Sku: sku, Category: category, PriceMinor: price, Currency: "MYR", StockStatus: stock, Tags: tags}
}

func names(r *catalog.Recommendations) []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, it.Product.Name)
	}
	return out
}

func TestRankProductsFromMixedLanguageMessages(t *testing.T) {
	t.Parallel()
	products := []dbgen.PackageProductsForMatchingRow{
		row("Durian Musang King Box", "DMK-1", "Durian", 8900, catalog.InStock, "榴莲", "durian"),
		row("Durian Black Thorn Box", "DBT-1", "Durian", 15900, catalog.InStock, "榴莲"),
		row("Kek Lapis Sarawak", "KL-8", "Kek", 6500, catalog.Limited, "kek", "千层蛋糕"),
		row("Kek Coklat Moist", "KC-1", "Kek", 4500, catalog.OutOfStock, "kek"),
		row("Teh Tarik Premix", "TT-1", "Minuman", 1500, catalog.InStock),
	}

	t.Run("ChineseTagAndMalayBudget", func(t *testing.T) {
		r := catalog.RankProducts([]string{"有榴莲吗?", "bawah RM100 ada?"}, products, "MYR", 5)
		got := names(r)
		if len(got) == 0 || got[0] != "Durian Musang King Box" {
			t.Fatalf("ranking = %q", got)
		}
		for _, n := range got {
			if n == "Durian Black Thorn Box" {
				t.Fatal("a product over the budget was suggested")
			}
		}
		if r.Budget == nil || r.Budget.Max != 10000 {
			t.Fatalf("budget = %+v", r.Budget)
		}
		why := strings.Join(r.Items[0].Reasons, "; ")
		if !strings.Contains(why, "榴莲") || !strings.Contains(why, "budget") {
			t.Fatalf("explanation %q does not say why", why)
		}
	})

	t.Run("OutOfStockIsNeverSuggested", func(t *testing.T) {
		r := catalog.RankProducts([]string{"ada kek coklat? nak kek"}, products, "MYR", 5)
		got := names(r)
		if len(got) != 1 || got[0] != "Kek Lapis Sarawak" {
			t.Fatalf("ranking = %q; the out-of-stock cake must not appear", got)
		}
		if !strings.Contains(strings.Join(r.Items[0].Reasons, ";"), "Limited stock") {
			t.Fatalf("limited stock not said: %+v", r.Items[0].Reasons)
		}
	})

	t.Run("SKUAndEnglishNameWords", func(t *testing.T) {
		r := catalog.RankProducts([]string{"I want the black thorn one, SKU DBT-1", "also teh tarik"}, products, "MYR", 5)
		got := names(r)
		if len(got) != 2 || got[0] != "Durian Black Thorn Box" || got[1] != "Teh Tarik Premix" {
			t.Fatalf("ranking = %q", got)
		}
		if !strings.Contains(strings.Join(r.Items[0].Reasons, ";"), "SKU DBT-1") {
			t.Fatalf("reasons = %q", r.Items[0].Reasons)
		}
	})

	t.Run("NothingAskedSuggestsNothing", func(t *testing.T) {
		if r := catalog.RankProducts([]string{"hello, selamat pagi"}, products, "MYR", 5); len(r.Items) != 0 {
			t.Fatalf("ranking = %q", names(r))
		}
	})
}

func TestRecommendReadsTheConversationAndChecksTheAgent(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	durian := input("Durian Musang King", "DMK-1", 8900)
	durian.Tags = []string{"榴莲"}
	if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, durian); err != nil {
		t.Fatal(err)
	}
	conv := conversation(t, bb, "有榴莲吗？bawah RM100")
	r, err := bb.svc.Recommend(ctx, bb.a, uuid.Nil, conv, 5)
	if err != nil || len(r.Items) != 1 || r.Items[0].Product.Name != "Durian Musang King" || r.Messages != 1 {
		t.Fatalf("Recommend = %+v, %v", r, err)
	}
	agent := newAgent(t, bb)
	if _, err := bb.svc.Recommend(ctx, bb.a, agent, conv, 5); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("unassigned agent: %v", err)
	}
	if _, err := inbox.NewService(bb.db.DB).Assign(ctx, bb.a, uuid.Nil, conv, agent, "test"); err != nil {
		t.Fatal(err)
	}
	if r, err := bb.svc.Recommend(ctx, bb.a, agent, conv, 5); err != nil || len(r.Items) != 1 {
		t.Fatalf("assigned agent: %+v, %v", r, err)
	}
	if _, err := bb.svc.Recommend(ctx, bb.b, uuid.Nil, conv, 5); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("other company: %v", err)
	}
}

// conversation stores a customer's message in a new Telegram conversation of company A.
func conversation(t *testing.T, bb *bundle, text string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	ctx := context.Background()
	err := bb.db.WithTenant(ctx, bb.a, func(tx *db.Tx) error {
		c, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: bb.a, Channel: "telegram", ExternalID: uuid.NewString()[:8], Name: "Siti"})
		if err != nil {
			return err
		}
		cv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: bb.a, ContactID: c.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		id = cv.ID
		_, err = tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: bb.a, ConversationID: cv.ID, Kind: "text", Body: text})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newAgent(t *testing.T, bb *bundle) uuid.UUID {
	t.Helper()
	return dbtest.User(t, bb.db, bb.a, "company_user", "agent-"+uuid.NewString()[:6]+"@alpha.test").ID
}

// Customer text is outside input: reading a budget never panics and never gives an inverted range.
func FuzzParsePriceRange(f *testing.F) {
	for _, s := range []string{"bawah RM100", "100-200", "RM1.5k", "500以下", "around RM 99.999", "1,2,3-4,5", "rm99999999999999999999k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := catalog.ParsePriceRange(s, "MYR")
		if r != nil && (r.Min < 0 || r.Max < 0 || (r.Max > 0 && r.Min > r.Max)) {
			t.Fatalf("ParsePriceRange(%q) = %+v", s, r)
		}
	})
}
