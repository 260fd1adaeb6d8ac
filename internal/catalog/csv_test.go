package catalog_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func TestParseMoney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, currency string
		want         int64
	}{
		{"RM 1,299.00", "MYR", 129900}, {"1299", "MYR", 129900}, {"MYR 12.5", "MYR", 1250}, {"0.05", "myr", 5},
		{"S$ 12.50", "SGD", 1250}, {"$12.50", "SGD", 1250}, {"12.5", "SGD", 1250},
		{"Rp 150.000", "IDR", 150000}, {"150.000", "IDR", 150000}, {"Rp 1.500.000", "IDR", 1500000}, {"150000", "IDR", 150000},
		{"IDR 2.000", "IDR", 2000}, {"€ 1.299,50", "EUR", 129950}, {"12,5", "EUR", 1250}, {"12.50", "EUR", 1250},
		{"1.299", "EUR", 129900}, {"KWD 1,299.000", "KWD", 1299000},
	} {
		if got, err := catalog.ParseMoney(tc.in, tc.currency); err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q, %s) = %d, %v; want %d", tc.in, tc.currency, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, currency, msg string }{
		{"S$ 12.50", "MYR", "not a price in MYR"},
		{"USD 5", "MYR", "not a price in MYR"},
		{"$5", "MYR", "not a price in MYR"},
		{"Rp 12.50", "IDR", "decimal places"},
		{"150,5", "IDR", "decimal places"},
		{"1,299.00", "IDR", "write it like Rp 150.000"},
		{"0x10", "MYR", "write it like RM 1,299.00"},
		{"1e3", "MYR", "not a price"},
		{"1/2", "SGD", "write it like S$ 1,299.00"},
		{"-1", "MYR", "negative"},
		{"", "IDR", "Enter a price"},
	} {
		if _, err := catalog.ParseMoney(tc.in, tc.currency); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ParseMoney(%q, %s): %v; want %q", tc.in, tc.currency, err, tc.msg)
		}
	}
	// What FormatMoney writes, ParseMoney reads back.
	for _, cur := range []string{"MYR", "SGD", "IDR", "EUR", "VND", "THB", "JPY", "KWD", "USD"} {
		for _, minor := range []int64{0, 5, 1250, 129900, 150000, 123456789} {
			if got, err := catalog.ParseMoney(catalog.FormatMoney(minor, cur), cur); err != nil || got != minor {
				t.Errorf("%s %d: %q read as %d, %v", cur, minor, catalog.FormatMoney(minor, cur), got, err)
			}
		}
	}
}

func setCurrency(t *testing.T, d *dbtest.DB, company uuid.UUID, currency string) {
	t.Helper()
	err := d.DB.WithTenant(context.Background(), company, func(tx *db.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE company_settings SET currency = $1", currency)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The export writes prices as the company's customers read them, and the import reads that file back.
func TestExportPricesPerCurrencyRoundTrip(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	withJobs(t, bb)
	c := dbtest.Company(t, bb.db, "gamma").ID
	setCurrency(t, bb.db, bb.b, "SGD")
	setCurrency(t, bb.db, c, "IDR")
	for _, tc := range []struct {
		company  uuid.UUID
		currency string
		price    int64
		cell     string
	}{
		{bb.a, "MYR", 129900, "RM 1,299.00"},
		{bb.b, "SGD", 1250, "S$ 12.50"},
		{c, "IDR", 150000, "Rp 150.000"},
	} {
		p, err := bb.svc.Create(ctx, tc.company, uuid.Nil, input("Kek Lapis", "KL-1", tc.price))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := bb.svc.Export(ctx, tc.company, &out); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][2] != "price" || rows[1][2] != tc.cell {
			t.Fatalf("%s export: %v\n%s", tc.cell, err, out.String())
		}
		if err := bb.svc.Delete(ctx, tc.company, uuid.Nil, p.ID); err != nil {
			t.Fatal(err)
		}
		imp, err := bb.svc.StartImport(ctx, tc.company, uuid.Nil, catalog.ModeAllOrNothing, bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := bb.svc.RunImport(ctx, tc.company, imp.ID); err != nil {
			t.Fatal(err)
		}
		page, err := bb.svc.Search(ctx, tc.company, catalog.Query{Text: "KL-1"})
		if err != nil || len(page.Items) != 1 || page.Items[0].PriceMinor != tc.price || page.Items[0].Currency != tc.currency {
			t.Fatalf("%s round trip: %v %+v", tc.cell, err, page)
		}
	}
}

// Two companies may hold the same SKU; within one company (and one file) it is unique whatever its case.
func TestImportSKUUniquePerCompany(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek", "KEK-1", 100)); err != nil {
		t.Fatal(err)
	}
	file := []byte("name,sku,price\nKek Baru,kek-1,1.00\nRoti,RT-1,2.00\nRoti Lagi,rt-1,2.00\n")
	pv, err := bb.svc.PreviewImport(ctx, bb.a, bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if pv.ValidRows != 1 || pv.ErrorRows != 2 || len(pv.Errors) != 2 ||
		pv.Errors[0].Row != 2 || pv.Errors[0].Column != "sku" || !strings.Contains(pv.Errors[0].Message, "already exists") ||
		pv.Errors[1].Row != 4 || pv.Errors[1].Column != "sku" || !strings.Contains(pv.Errors[1].Message, "row 3") {
		t.Fatalf("company A: %+v", pv)
	}
	pv, err = bb.svc.PreviewImport(ctx, bb.b, strings.NewReader("name,sku,price\nKek Baru,KEK-1,1.00\n"))
	if err != nil || pv.ValidRows != 1 || pv.ErrorRows != 0 {
		t.Fatalf("company B may use A's SKU: %v %+v", err, pv)
	}
}

// A file that stops being CSV part way is refused whole, naming the line; nothing is saved.
func TestImportMalformedFile(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	withJobs(t, bb)
	var b strings.Builder
	b.WriteString("name,sku,price\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "Produk %d,M-%d,1.00\n", i, i)
	}
	b.WriteString("Rosak,\"M-x\"y,1.00\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "Lepas %d,L-%d,1.00\n", i, i)
	}
	for _, mode := range []string{catalog.ModeValidRows, catalog.ModeAllOrNothing} {
		_, err := bb.svc.StartImport(ctx, bb.a, bb.adminA, mode, strings.NewReader(b.String()))
		var e *apperr.Error
		if field(err) != "body.file" || !errors.As(err, &e) || !strings.Contains(e.Message, "Row 3002") || !strings.Contains(e.Message, "not valid CSV") {
			t.Fatalf("%s: %v", mode, err)
		}
	}
	if page, _ := bb.svc.Search(ctx, bb.a, catalog.Query{}); len(page.Items) != 0 {
		t.Fatal("a malformed file saved products")
	}
}
