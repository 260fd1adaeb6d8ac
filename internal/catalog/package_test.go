package catalog_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func ptr[T any](v T) *T { return &v }

func TestPackagePrice(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		total         int64
		mode          string
		bp            int32
		fixed         *int64
		price, saving int64
	}{
		"sumIsTheItemsTotal":         {total: 129900, mode: catalog.PricingSum, price: 129900},
		"tenPercentOff":              {total: 129900, mode: catalog.PricingDiscount, bp: 1000, price: 116910, saving: 12990},
		"discountRoundsHalfUp":       {total: 1005, mode: catalog.PricingDiscount, bp: 500, price: 955, saving: 50}, // 50.25 → 50
		"quarterSenRoundsDown":       {total: 1010, mode: catalog.PricingDiscount, bp: 250, price: 985, saving: 25}, // 25.25 → 25
		"discountExactHalf":          {total: 10, mode: catalog.PricingDiscount, bp: 500, price: 9, saving: 1},      // 0.5 → 1
		"hundredPercentIsFree":       {total: 5000, mode: catalog.PricingDiscount, bp: 10000, price: 0, saving: 5000},
		"zeroDiscount":               {total: 5000, mode: catalog.PricingDiscount, bp: 0, price: 5000},
		"fixedBelowSumSaves":         {total: 30000, mode: catalog.PricingFixed, fixed: ptr[int64](25000), price: 25000, saving: 5000},
		"fixedAboveSumShowsNoSaving": {total: 30000, mode: catalog.PricingFixed, fixed: ptr[int64](35000), price: 35000},
		"largeTotalsDoNotOverflow":   {total: 5_000_000_000_000_000, mode: catalog.PricingDiscount, bp: 3333, price: 3_333_500_000_000_000, saving: 1_666_500_000_000_000},
	} {
		t.Run(name, func(t *testing.T) {
			got := catalog.PackagePrice(tc.total, tc.mode, tc.bp, tc.fixed)
			if got.PriceMinor != tc.price || got.SavingMinor != tc.saving || got.ItemsTotalMinor != tc.total {
				t.Fatalf("PackagePrice = %+v, want price %d saving %d", got, tc.price, tc.saving)
			}
		})
	}
}

func TestFormatMoney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{129900, "MYR", "RM 1,299.00"},
		{1250, "SGD", "S$ 12.50"},
		{150000, "IDR", "Rp 150.000"},
		{5, "MYR", "RM 0.05"},
		{-1000, "MYR", "RM -10.00"},
		{123456789, "USD", "US$ 1,234,567.89"},
		{1000, "XYZ", "XYZ 10.00"},
	} {
		if got := catalog.FormatMoney(tc.minor, tc.currency); got != tc.want {
			t.Errorf("FormatMoney(%d, %s) = %q, want %q", tc.minor, tc.currency, got, tc.want)
		}
	}
}

func TestPackages(t *testing.T) {
	t.Parallel()

	t.Run("CreateValidatesEveryField", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		kek, _ := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek", "K-1", 5000))
		foreign, _ := bb.svc.Create(ctx, bb.b, uuid.Nil, input("Roti", "R-1", 500))
		good := func() catalog.PackageInput {
			return catalog.PackageInput{Name: "Set Raya", PricingMode: catalog.PricingSum, Active: true,
				Items: []catalog.PackageItemInput{{ProductID: kek.ID, Quantity: 2}}}
		}
		for name, tc := range map[string]struct {
			mutate func(*catalog.PackageInput)
			field  string
		}{
			"noName":          {func(in *catalog.PackageInput) { in.Name = "  " }, "body.name"},
			"noItems":         {func(in *catalog.PackageInput) { in.Items = nil }, "body.items"},
			"zeroQuantity":    {func(in *catalog.PackageInput) { in.Items[0].Quantity = 0 }, "body.items[0].quantity"},
			"duplicate":       {func(in *catalog.PackageInput) { in.Items = append(in.Items, in.Items[0]) }, "body.items[1].product_id"},
			"otherCompany":    {func(in *catalog.PackageInput) { in.Items[0].ProductID = foreign.ID }, "body.items[0].product_id"},
			"unknownProduct":  {func(in *catalog.PackageInput) { in.Items[0].ProductID = uuid.New() }, "body.items[0].product_id"},
			"discountOver100": {func(in *catalog.PackageInput) { in.PricingMode, in.DiscountBP = "discount", 10001 }, "body.discount_bp"},
			"negDiscount":     {func(in *catalog.PackageInput) { in.PricingMode, in.DiscountBP = "discount", -1 }, "body.discount_bp"},
			"fixedNoPrice":    {func(in *catalog.PackageInput) { in.PricingMode = "fixed" }, "body.fixed_price"},
			"fixedNegative":   {func(in *catalog.PackageInput) { in.PricingMode, in.FixedPriceMinor = "fixed", ptr[int64](-1) }, "body.fixed_price"},
			"badTier":         {func(in *catalog.PackageInput) { in.Tier = "gold" }, "body.tier"},
			"badMode":         {func(in *catalog.PackageInput) { in.PricingMode = "free" }, "body.pricing_mode"},
			"badLink":         {func(in *catalog.PackageInput) { in.LinkURL = "javascript:alert(1)" }, "body.link_url"},
		} {
			in := good()
			tc.mutate(&in)
			_, err := bb.svc.CreatePackage(ctx, bb.a, bb.adminA, in)
			if apperr.Code(err) != apperr.EINVALID || field(err) != tc.field {
				t.Errorf("%s: err = %v (field %q), want invalid %s", name, err, field(err), tc.field)
			}
		}
		if l, _ := bb.svc.ListPackages(ctx, bb.a, "", false, 0); len(l) != 0 {
			t.Fatalf("a refused package was saved: %+v", l)
		}
	})

	t.Run("CreatePricesFromItemsAndDrawsItsCard", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		kek, _ := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek Lapis", "K-1", 12990))
		roti, _ := bb.svc.Create(ctx, bb.a, bb.adminA, input("Roti Jala", "R-1", 1250))
		p, err := bb.svc.CreatePackage(ctx, bb.a, bb.adminA, catalog.PackageInput{Name: "Set Raya", Tier: "premium", PricingMode: "discount", DiscountBP: 1000,
			Active: true, Items: []catalog.PackageItemInput{{ProductID: roti.ID, Quantity: 3}, {ProductID: kek.ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		// 3 × 12.50 + 129.90 = 167.40; 10% off = 150.66.
		if p.Pricing.ItemsTotalMinor != 16740 || p.Pricing.PriceMinor != 15066 || p.Pricing.SavingMinor != 1674 || p.Currency != "MYR" {
			t.Fatalf("pricing = %+v %s", p.Pricing, p.Currency)
		}
		if len(p.Items) != 2 || p.Items[0].ProductID != roti.ID || p.Items[1].ProductID != kek.ID || p.Items[0].Quantity != 3 {
			t.Fatalf("items out of order: %+v", p.Items)
		}
		rc, err := bb.blobs.Open(ctx, p.CardKey)
		if err != nil {
			t.Fatalf("card %q: %v", p.CardKey, err)
		}
		img, err := png.Decode(rc)
		rc.Close()
		if err != nil || img.Bounds().Dx() != catalog.CardWidth || img.Bounds().Dy() != catalog.CardHeight {
			t.Fatalf("card is not a %dx%d PNG: %v", catalog.CardWidth, catalog.CardHeight, err)
		}

		// Reordering and a new price follow on update; the old card is replaced.
		old := p.CardKey
		up, err := bb.svc.UpdatePackage(ctx, bb.a, bb.adminA, p.ID, catalog.PackageInput{Name: "Set Raya", PricingMode: "fixed", FixedPriceMinor: ptr[int64](16000),
			Items: []catalog.PackageItemInput{{ProductID: kek.ID, Quantity: 1}, {ProductID: roti.ID, Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if up.Items[0].ProductID != kek.ID || up.Pricing.PriceMinor != 16000 || up.Pricing.SavingMinor != 0 || up.CardKey == old {
			t.Fatalf("update = %+v", up)
		}
		if _, err := bb.blobs.Open(ctx, old); err == nil {
			t.Fatal("the old card was kept")
		}

		// A product price change reprices the list at once.
		in := input("Roti Jala", "R-1", 2000)
		if _, err := bb.svc.Update(ctx, bb.a, bb.adminA, roti.ID, in); err != nil {
			t.Fatal(err)
		}
		l, err := bb.svc.ListPackages(ctx, bb.a, "raya", false, 0)
		if err != nil || len(l) != 1 || l[0].Pricing.ItemsTotalMinor != 12990+4000 || l[0].ItemCount != 2 {
			t.Fatalf("list = %+v, %v", l, err)
		}

		// Another company sees nothing.
		if _, err := bb.svc.GetPackage(ctx, bb.b, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other company get: %v", err)
		}
		if _, err := bb.svc.SetPackageActive(ctx, bb.b, uuid.Nil, p.ID, false); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other company deactivate: %v", err)
		}
		if err := bb.svc.DeletePackage(ctx, bb.b, uuid.Nil, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("other company delete: %v", err)
		}

		off, err := bb.svc.SetPackageActive(ctx, bb.a, bb.adminA, p.ID, false)
		if err != nil || off.Active {
			t.Fatalf("deactivate = %+v, %v", off, err)
		}
		if l, _ := bb.svc.ListPackages(ctx, bb.a, "", true, 0); len(l) != 0 {
			t.Fatalf("inactive package listed for agents: %+v", l)
		}
		if err := bb.svc.DeletePackage(ctx, bb.a, bb.adminA, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := bb.svc.GetPackage(ctx, bb.a, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("deleted package: %v", err)
		}
	})

	t.Run("TemplateDraftFillsSlotsFromTheCatalog", func(t *testing.T) {
		t.Parallel()
		ctx, bb := setup(t)
		meal := input("Nasi Lemak Ayam", "NL-1", 1200)
		meal.Tags = nil
		drink := input("Teh Tarik", "TT-1", 350)
		drink.Tags = []string{"minuman"}
		a, _ := bb.svc.Create(ctx, bb.a, bb.adminA, meal)
		b, _ := bb.svc.Create(ctx, bb.a, bb.adminA, drink)
		d, err := bb.svc.DraftFromTemplate(ctx, bb.a, "fnb-set-meal")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != 2 || d.Items[0].ProductID != a.ID || d.Items[1].ProductID != b.ID || d.Items[1].Slot != "Drink" {
			t.Fatalf("items = %+v", d.Items)
		}
		if len(d.Placeholders) != 1 || d.Placeholders[0].Label != "Side" {
			t.Fatalf("placeholders = %+v", d.Placeholders)
		}
		if _, err := bb.svc.DraftFromTemplate(ctx, bb.a, "nope"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("unknown template: %v", err)
		}
		l, _, err := bb.svc.PackageTemplatesFor(ctx, bb.a, "food_beverage")
		if err != nil || len(l) < 2 {
			t.Fatalf("templates = %d, %v", len(l), err)
		}
		for _, tp := range l {
			if tp.Industry != "" && tp.Industry != "food_beverage" {
				t.Fatalf("template of another industry: %s", tp.Slug)
			}
		}
	})
}

func decodePNG(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != catalog.CardWidth || img.Bounds().Dy() != catalog.CardHeight {
		t.Fatalf("not a %dx%d PNG: %v", catalog.CardWidth, catalog.CardHeight, err)
	}
}
