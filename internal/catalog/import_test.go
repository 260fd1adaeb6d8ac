package catalog_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func withJobs(t *testing.T, bb *bundle) {
	t.Helper()
	q, err := river.NewClient(riverpgxv5.New(bb.db.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	bb.svc.SetJobs(q)
}

const goodCSV = "name,sku,price,category,tags,stock_status,quantity,custom_fields\n" +
	"Kek Coklat,KC-1,\"1,299.00\",Kek,halal|birthday,in_stock,4,Saiz=8 inci|Rasa=coklat\n" +
	"Roti Jala,RJ-1,12.5,Roti,,limited,,\n"

const badCSV = "name,sku,price,stock_status,quantity\n" +
	"Kek Coklat,KC-1,12.00,in_stock,3\n" +
	",KC-2,abc,plenty,-1\n" +
	"Roti,KC-1,5.999,in_stock,2\n" +
	"Roti Canai,RC-1,2.50,out_of_stock,\n"

func TestPreviewNamesEveryErrorByRowAndColumn(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	pv, err := bb.svc.PreviewImport(ctx, bb.a, strings.NewReader(badCSV))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range pv.Errors {
		got[fmt.Sprintf("%d:%s", e.Row, e.Column)] = true
	}
	for _, want := range []string{"3:name", "3:price", "3:stock_status", "3:quantity", "4:price", "4:sku"} {
		if !got[want] {
			t.Errorf("no error at %s; got %+v", want, pv.Errors)
		}
	}
	if pv.TotalRows != 4 || pv.ValidRows != 2 || pv.ErrorRows != 2 {
		t.Fatalf("preview %+v", pv)
	}
	if page, _ := bb.svc.Search(ctx, bb.a, catalog.Query{}); len(page.Items) != 0 {
		t.Fatal("preview saved products")
	}
	for name, file := range map[string]string{
		"empty":        "",
		"noPrice":      "name,sku\nA,B\n",
		"headerOnly":   "name,sku,price\n",
		"badQuotes":    "name,sku,price\n\"Kek,K-1,1.00\nx\"y,z,1\n",
		"binary":       "\x89PNG\r\n\x1a\n\x00\x00",
		"duplicateCol": "name,sku,price,sku\nA,B,1,C\n",
	} {
		if _, err := bb.svc.PreviewImport(ctx, bb.a, strings.NewReader(file)); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestImportModes(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	withJobs(t, bb)

	imp, err := bb.svc.StartImport(ctx, bb.a, bb.adminA, catalog.ModeAllOrNothing, strings.NewReader(badCSV))
	if err != nil {
		t.Fatal(err)
	}
	if err := bb.svc.RunImport(ctx, bb.a, imp.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := bb.svc.GetImport(ctx, bb.a, imp.ID)
	if got.Status != "failed" || got.ImportedRows != 0 {
		t.Fatalf("all_or_nothing with errors: %+v", got)
	}
	if page, _ := bb.svc.Search(ctx, bb.a, catalog.Query{}); len(page.Items) != 0 {
		t.Fatal("all_or_nothing imported rows despite errors")
	}
	if _, err := bb.svc.GetImport(ctx, bb.b, imp.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("company B sees A's import: %v", err)
	}

	imp, err = bb.svc.StartImport(ctx, bb.a, bb.adminA, catalog.ModeValidRows, strings.NewReader(badCSV))
	if err != nil {
		t.Fatal(err)
	}
	if err := bb.svc.RunImport(ctx, bb.a, imp.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = bb.svc.GetImport(ctx, bb.a, imp.ID)
	var errs []catalog.RowError
	_ = json.Unmarshal(got.Errors, &errs)
	if got.Status != "done" || got.ImportedRows != 2 || got.FailedRows != 2 || len(errs) == 0 {
		t.Fatalf("valid_rows: %+v %s", got, got.Errors)
	}
	if err := bb.svc.RunImport(ctx, bb.a, imp.ID); err != nil {
		t.Fatal(err)
	}
	if page, _ := bb.svc.Search(ctx, bb.a, catalog.Query{}); len(page.Items) != 2 {
		t.Fatalf("a second run imported again: %d", len(page.Items))
	}

	imp, err = bb.svc.StartImport(ctx, bb.b, bb.adminA, catalog.ModeAllOrNothing, strings.NewReader(goodCSV))
	if err != nil {
		t.Fatal(err)
	}
	if err := bb.svc.RunImport(ctx, bb.b, imp.ID); err != nil {
		t.Fatal(err)
	}
	page, _ := bb.svc.Search(ctx, bb.b, catalog.Query{Text: "KC-1"})
	if len(page.Items) != 1 || page.Items[0].PriceMinor != 129900 {
		t.Fatalf("good file: %+v", page.Items)
	}
	var out bytes.Buffer
	if err := bb.svc.Export(ctx, bb.b, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `Kek Coklat,KC-1,"RM 1,299.00",,Kek,halal|birthday,in_stock,4,,,yes,Rasa=coklat|Saiz=8 inci`) {
		t.Fatalf("export:\n%s", out.String())
	}
	// The export reads back; KC-1 is already in company A, so only that row is refused.
	pv, err := bb.svc.PreviewImport(ctx, bb.a, bytes.NewReader(out.Bytes()))
	if err != nil || pv.ValidRows != 1 || len(pv.Errors) != 1 || pv.Errors[0].Column != "sku" {
		t.Fatalf("round trip: %v %+v", err, pv)
	}
}

func TestImportTenThousandRows(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	withJobs(t, bb)
	var b strings.Builder
	b.WriteString("name,sku,price,tags\n")
	for i := 0; i < 10_000; i++ {
		fmt.Fprintf(&b, "Produk %d,P-%05d,%d.%02d,bulk\n", i, i, i, i%100)
	}
	imp, err := bb.svc.StartImport(ctx, bb.a, bb.adminA, catalog.ModeValidRows, strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if err := bb.svc.RunImport(ctx, bb.a, imp.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := bb.svc.GetImport(ctx, bb.a, imp.ID)
	if got.Status != "done" || got.ImportedRows != 10_000 || got.ProcessedRows != 10_000 {
		t.Fatalf("10k import: %+v", got)
	}
}

func TestParsePrice(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"1,299.00": 129900, "RM 12.5": 1250, "0": 0, "12": 1200, "0.01": 1} {
		if got, err := catalog.ParsePrice(in, 2); err != nil || got != want {
			t.Errorf("%q = %d, %v; want %d", in, got, err, want)
		}
	}
	if got, err := catalog.ParsePrice("150000", 0); err != nil || got != 150000 {
		t.Errorf("IDR: %d %v", got, err)
	}
	for _, in := range []string{"", "abc", "1.001", "-1", "1e3", "1/2", "99999999999999999999"} {
		if _, err := catalog.ParsePrice(in, 2); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	if catalog.FormatPrice(129900, 2) != "1299.00" || catalog.FormatPrice(5, 2) != "0.05" || catalog.FormatPrice(150000, 0) != "150000" {
		t.Error("FormatPrice")
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte(badCSV))
	f.Add([]byte("name,sku,price\n\"unterminated,1,2\n"))
	f.Add([]byte("\ufeffName,SKU,Price,custom_fields\nA,B,1,=x|y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := catalog.NewCSVReader(bytes.NewReader(data), "MYR")
		if err != nil {
			return
		}
		for i := 0; i < 1000; i++ {
			_, in, errs, err := r.Next()
			if err != nil {
				return
			}
			if len(errs) == 0 && (in.Name == "" || in.SKU == "" || in.PriceMinor < 0) {
				t.Fatalf("invalid row accepted: %+v", in)
			}
		}
	})
}
