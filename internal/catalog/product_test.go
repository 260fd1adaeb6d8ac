package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

type bundle struct {
	db     *dbtest.DB
	svc    *catalog.Service
	blobs  storage.Disk
	a, b   uuid.UUID
	adminA uuid.UUID
}

func setup(t *testing.T) (context.Context, *bundle) {
	t.Helper()
	d := dbtest.New(t)
	a, b := dbtest.Company(t, d, "alpha"), dbtest.Company(t, d, "beta")
	blobs := storage.Disk{Root: t.TempDir()}
	return context.Background(), &bundle{db: d, svc: catalog.NewService(d.DB, blobs), blobs: blobs, a: a.ID, b: b.ID,
		adminA: dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test").ID}
}

func input(name, sku string, price int64) catalog.Input {
	q := int32(5)
	return catalog.Input{Name: name, SKU: sku, PriceMinor: price, Category: "Kek", Tags: []string{"halal", "Halal", " birthday "},
		StockStatus: "in_stock", Quantity: &q, Links: []string{"https://shop.example/kek"}, CustomFields: map[string]string{"Saiz": "8 inci"}, Active: true}
}

func field(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

func TestCreateValidatesAndKeepsPriceHistory(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)

	for name, tc := range map[string]struct {
		mutate func(*catalog.Input)
		field  string
	}{
		"create422Name":     {func(in *catalog.Input) { in.Name = "  " }, "body.name"},
		"create422Price":    {func(in *catalog.Input) { in.PriceMinor = -1 }, "body.price"},
		"create422SKU":      {func(in *catalog.Input) { in.SKU = "A B" }, "body.sku"},
		"create422Stock":    {func(in *catalog.Input) { in.StockStatus = "plenty" }, "body.stock_status"},
		"create422Link":     {func(in *catalog.Input) { in.Links = []string{"javascript:alert(1)"} }, "body.links"},
		"create422Quantity": {func(in *catalog.Input) { q := int32(-2); in.Quantity = &q }, "body.quantity"},
	} {
		in := input("Kek Coklat", "KEK-1", 8900)
		tc.mutate(&in)
		if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, in); field(err) != tc.field {
			t.Errorf("%s: got %v, want field %s", name, err, tc.field)
		}
	}
	if page, _ := bb.svc.Search(ctx, bb.a, catalog.Query{}); len(page.Items) != 0 {
		t.Fatalf("an invalid product was half-saved: %d", len(page.Items))
	}

	p, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek Coklat", "KEK-1", 8900))
	if err != nil {
		t.Fatal(err)
	}
	if p.Currency != "MYR" || p.PriceMinor != 8900 || len(p.Tags) != 2 || p.CustomFieldMap["Saiz"] != "8 inci" {
		t.Fatalf("stored %+v", p)
	}
	in := input("Kek Coklat", "KEK-1", 9900)
	if p, err = bb.svc.Update(ctx, bb.a, bb.adminA, p.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Description = "Same price, new words"
	if p, err = bb.svc.Update(ctx, bb.a, bb.adminA, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if len(p.PriceHistory) != 2 || p.PriceHistory[0].PriceMinor != 8900 || p.PriceHistory[1].PriceMinor != 9900 {
		t.Fatalf("price history %+v", p.PriceHistory)
	}
	if _, err := bb.svc.Get(ctx, bb.b, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("company B read A's product: %v", err)
	}
	if _, err := bb.svc.Update(ctx, bb.b, uuid.Nil, p.ID, in); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("company B updated A's product: %v", err)
	}
	if p, err = bb.svc.SetActive(ctx, bb.a, bb.adminA, p.ID, false); err != nil || p.Active {
		t.Fatalf("deactivate: %v", err)
	}
	if err := bb.svc.Delete(ctx, bb.b, uuid.Nil, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("company B deleted A's product: %v", err)
	}
	if err := bb.svc.Delete(ctx, bb.a, bb.adminA, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.Get(ctx, bb.a, p.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("deleted product still there: %v", err)
	}
}

func TestSKUUniquePerCompany(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("One", "SKU-1", 100)); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Two", "sku-1", 100)); field(err) != "body.sku" {
		t.Fatalf("duplicate SKU (any case): %v", err)
	}
	if _, err := bb.svc.Create(ctx, bb.b, uuid.Nil, input("Other", "SKU-1", 100)); err != nil {
		t.Fatalf("another company may use the same SKU: %v", err)
	}
	two, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Two", "SKU-2", 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.Update(ctx, bb.a, bb.adminA, two.ID, input("Two", "SKU-1", 100)); field(err) != "body.sku" {
		t.Fatalf("update to a taken SKU: %v", err)
	}
}

func TestSearchInStockFirstWithKeysetPages(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	statuses := []string{"out_of_stock", "in_stock", "limited"}
	for i := 0; i < 9; i++ {
		in := input(fmt.Sprintf("Baju %d", i), fmt.Sprintf("B-%d", i), int64(1000+i))
		in.StockStatus = statuses[i%3]
		in.Tags = []string{"raya"}
		if i == 4 {
			in.Tags = []string{"100%_cotton"}
		}
		if _, err := bb.svc.Create(ctx, bb.a, bb.adminA, in); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := bb.svc.Search(ctx, bb.a, catalog.Query{Text: "baju", Cursor: cursor, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			got = append(got, p.StockStatus+":"+p.Name)
		}
		if cursor = page.NextCursor; cursor == "" || pages > 5 {
			break
		}
	}
	want := []string{"in_stock:Baju 1", "in_stock:Baju 4", "in_stock:Baju 7", "limited:Baju 2", "limited:Baju 5", "limited:Baju 8",
		"out_of_stock:Baju 0", "out_of_stock:Baju 3", "out_of_stock:Baju 6"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
	for q, n := range map[string]int{"B-7": 1, "raya": 8, "kek": 9, "100%": 1, "%": 1, "_": 1, "nothing": 0} {
		page, err := bb.svc.Search(ctx, bb.a, catalog.Query{Text: q})
		if err != nil || len(page.Items) != n {
			t.Errorf("search %q: %v, %d results, want %d", q, err, len(page.Items), n)
		}
	}
	if page, _ := bb.svc.Search(ctx, bb.b, catalog.Query{}); len(page.Items) != 0 {
		t.Fatalf("company B sees A's products")
	}
	if _, err := bb.svc.Search(ctx, bb.a, catalog.Query{Cursor: "!!"}); field(err) != "query.cursor" {
		t.Fatalf("bad cursor: %v", err)
	}
}

func pngOf(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func TestImagesThumbnailOrderCover(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	p, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek", "K-1", 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bb.svc.AddImage(ctx, bb.a, p.ID, []byte("GIF89a not allowed")); field(err) != "body.file" {
		t.Fatalf("non-image accepted: %v", err)
	}
	if _, err := bb.svc.AddImage(ctx, bb.a, p.ID, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)); field(err) != "body.file" {
		t.Fatalf("corrupt PNG accepted: %v", err)
	}
	if _, err := bb.svc.AddImage(ctx, bb.a, p.ID, make([]byte, catalog.MaxImageBytes+1)); field(err) != "body.file" {
		t.Fatalf("oversized image accepted: %v", err)
	}
	if _, err := bb.svc.AddImage(ctx, bb.b, p.ID, pngOf(10, 10)); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("company B added an image to A's product: %v", err)
	}
	if p, err = bb.svc.AddImage(ctx, bb.a, p.ID, pngOf(800, 400)); err != nil {
		t.Fatal(err)
	}
	if p, err = bb.svc.AddImage(ctx, bb.a, p.ID, pngOf(20, 30)); err != nil {
		t.Fatal(err)
	}
	if len(p.Images) != 2 || !p.Images[0].IsCover || p.Images[1].IsCover || p.Images[0].Width != 800 {
		t.Fatalf("images %+v", p.Images)
	}
	f, err := bb.blobs.Open(ctx, p.Images[0].ThumbKey)
	if err != nil {
		t.Fatal(err)
	}
	thumb, err := jpeg.Decode(f)
	f.Close()
	if err != nil || thumb.Bounds().Dx() != catalog.ThumbSize || thumb.Bounds().Dy() != catalog.ThumbSize/2 {
		t.Fatalf("thumbnail: %v %v", err, thumb.Bounds())
	}
	first, second := p.Images[0].ID, p.Images[1].ID
	if _, err := bb.svc.ReorderImages(ctx, bb.a, p.ID, []uuid.UUID{second}); field(err) != "body.image_ids" {
		t.Fatalf("partial order accepted: %v", err)
	}
	if p, err = bb.svc.ReorderImages(ctx, bb.a, p.ID, []uuid.UUID{second, first}); err != nil || p.Images[0].ID != second {
		t.Fatalf("reorder: %v", err)
	}
	if p, err = bb.svc.SetCover(ctx, bb.a, p.ID, second); err != nil || !p.Images[0].IsCover || p.Images[1].IsCover {
		t.Fatalf("cover: %v %+v", err, p.Images)
	}
	if p, err = bb.svc.DeleteImage(ctx, bb.a, p.ID, second); err != nil || len(p.Images) != 1 || !p.Images[0].IsCover {
		t.Fatalf("delete cover: %v %+v", err, p.Images)
	}
	if _, err := bb.blobs.Open(ctx, p.Images[0].BlobKey); err != nil {
		t.Fatalf("remaining image lost: %v", err)
	}
	key := p.Images[0].BlobKey
	if err := bb.svc.Delete(ctx, bb.a, bb.adminA, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.blobs.Open(ctx, key); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("deleting the product kept its blobs: %v", err)
	}
}
