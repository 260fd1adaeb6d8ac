package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/storage"
)

// packageFixture is a package of company A holding its fixture product, and a
// product of company B so B's admin can build a package of their own.
type packageFixture struct {
	packageA           uuid.UUID
	productA, productB uuid.UUID
}

func packageFixtures(t *testing.T, s *testServer, companyA, companyB, productA uuid.UUID) packageFixture {
	t.Helper()
	ctx := context.Background()
	svc := catalog.NewService(s.DB.DB, storage.Disk{Root: t.TempDir()})
	p, err := svc.CreatePackage(ctx, companyA, uuid.Nil, catalog.PackageInput{Name: "Matrix Set", PricingMode: catalog.PricingDiscount,
		DiscountBP: 1000, Active: true, Items: []catalog.PackageItemInput{{ProductID: productA, Quantity: 2}}})
	if err != nil {
		t.Fatalf("package fixture: %v", err)
	}
	pb, err := svc.Create(ctx, companyB, uuid.Nil, catalog.Input{Name: "Beta Roti", SKU: "BETA-1", PriceMinor: 500, Active: true})
	if err != nil {
		t.Fatalf("package fixture of B: %v", err)
	}
	return packageFixture{packageA: p.ID, productA: productA, productB: pb.ID}
}

// packagePath fills a package path with company A's package.
func (f *fixtures) packagePath(path string) (string, bool) {
	if strings.HasPrefix(path, "/api/v1/company/packages/{id}") {
		return strings.Replace(path, "{id}", f.packages.packageA.String(), 1), true
	}
	return "", false
}

// packageBody is a valid body for the package and card operations; a package
// is built from the caller's own company's product (A's product is not B's to use).
func (f *fixtures) packageBody(opID string, c caller) (any, bool) {
	product := f.packages.productA
	if c.company == "B" {
		product = f.packages.productB
	}
	items := []map[string]any{{"product_id": product.String(), "quantity": 3}}
	switch opID {
	case "package-create":
		return map[string]any{"name": "Set Raya", "tier": "premium", "pricing_mode": "discount", "discount_bp": 1500, "items": items}, true
	case "package-update":
		return map[string]any{"name": "Matrix Set", "pricing_mode": "fixed", "fixed_price": 2000, "items": items}, true
	case "package-template-draft":
		return map[string]any{"slug": "starter-trio"}, true
	case "conversation-card-send", "agent-conversation-card-send":
		return map[string]any{"product_id": f.packages.productA.String()}, true
	}
	return nil, false
}
