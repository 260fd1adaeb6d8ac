package api_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/storage"
)

// productFixtures creates a product of company A with one image.
func productFixtures(t *testing.T, s *testServer, companyA uuid.UUID) (product, img, imp uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	svc := catalog.NewService(s.DB.DB, storage.Disk{Root: t.TempDir()})
	p, err := svc.Create(ctx, companyA, uuid.Nil, catalog.Input{Name: "Matrix Kek", SKU: "MATRIX-1", PriceMinor: 1250, Active: true})
	if err != nil {
		t.Fatalf("product fixture: %v", err)
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	if p, err = svc.AddImage(ctx, companyA, p.ID, buf.Bytes()); err != nil {
		t.Fatalf("product image fixture: %v", err)
	}
	err = s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		i, err := tx.ProductImportCreate(ctx, dbgen.ProductImportCreateParams{CompanyID: companyA, BlobKey: "imports/matrix.csv", Mode: "valid_rows", TotalRows: 1})
		imp = i.ID
		return err
	})
	if err != nil {
		t.Fatalf("product import fixture: %v", err)
	}
	return p.ID, p.Images[0].ID, imp
}

// productPath fills a product path with company A's product and image.
func (f *fixtures) productPath(path string) string {
	path = strings.Replace(path, "{image_id}", f.imageA.String(), 1)
	return strings.Replace(path, "{id}", f.productA.String(), 1)
}

// productBody is a valid body for the catalog operations.
func (f *fixtures) productBody(opID, tag string) (any, bool) {
	switch opID {
	case "product-create":
		return map[string]any{"name": "Kek " + tag, "sku": "KEK-" + tag, "price": 8900, "tags": []string{"halal"}}, true
	case "product-update":
		return map[string]any{"name": "Matrix Kek", "sku": "MATRIX-1", "price": 9900}, true
	case "product-image-reorder":
		return map[string]any{"image_ids": []string{f.imageA.String()}}, true
	}
	return nil, false
}
