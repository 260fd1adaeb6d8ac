package catalog

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Package tiers and pricing modes.
const (
	TierBasic    = "basic"
	TierStandard = "standard"
	TierPremium  = "premium"
	TierCustom   = "custom"

	PricingSum      = "sum"
	PricingDiscount = "discount"
	PricingFixed    = "fixed"
)

// Limits on what a package holds.
const (
	MaxPackageItems   = 50
	MaxPackageItemQty = 10_000
	// MaxDiscountBP is 100% in basis points.
	MaxDiscountBP = 10_000
)

// PackageItemInput is one product of a package as the admin arranges it; the
// order of the slice is the order shown.
type PackageItemInput struct {
	ProductID uuid.UUID
	Quantity  int32
}

// PackageInput is a package as an admin writes it.
type PackageInput struct {
	Name            string
	Description     string
	Tier            string
	PricingMode     string
	DiscountBP      int32
	FixedPriceMinor *int64
	LinkURL         string
	Active          bool
	TemplateSlug    string
	Items           []PackageItemInput
}

// Pricing is what a package costs: the sum of its items at their current
// prices, the price asked, and the saving (never negative).
type Pricing struct {
	ItemsTotalMinor int64
	PriceMinor      int64
	SavingMinor     int64
}

// PackagePrice computes a package's price exactly. A discount is rounded half
// up to the nearest minor unit; a fixed price above the items' sum shows no saving.
func PackagePrice(itemsTotal int64, mode string, discountBP int32, fixed *int64) Pricing {
	p := Pricing{ItemsTotalMinor: itemsTotal, PriceMinor: itemsTotal}
	switch mode {
	case PricingDiscount:
		bp := min(max(int64(discountBP), 0), MaxDiscountBP)
		// big.Int: a large total times 10000 would overflow int64.
		d := new(big.Int).Mul(big.NewInt(itemsTotal), big.NewInt(bp))
		d.Add(d, big.NewInt(MaxDiscountBP/2))
		d.Quo(d, big.NewInt(MaxDiscountBP))
		p.PriceMinor = itemsTotal - d.Int64()
	case PricingFixed:
		if fixed != nil {
			p.PriceMinor = *fixed
		}
	}
	if s := p.ItemsTotalMinor - p.PriceMinor; s > 0 {
		p.SavingMinor = s
	}
	return p
}

// ItemsTotal sums price × quantity of a package's items.
func ItemsTotal(items []dbgen.PackageItemListRow) int64 {
	var t int64
	for _, it := range items {
		t += it.PriceMinor * int64(it.Quantity)
	}
	return t
}

// Package is a package with its items in order and its price.
type Package struct {
	dbgen.Package
	Items    []dbgen.PackageItemListRow
	Currency string
	Pricing  Pricing
	// Available is false when an item is out of stock or hidden.
	Available bool
}

// Validate cleans an input in place and returns its first problem, naming the
// field as the API does ("body.items[1].quantity").
func (in *PackageInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.Tier = strings.TrimSpace(strings.ToLower(in.Tier))
	in.PricingMode = strings.TrimSpace(strings.ToLower(in.PricingMode))
	in.LinkURL = strings.TrimSpace(in.LinkURL)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		return apperr.Invalid("body.name", "Enter the package's name.")
	case n > 200:
		return apperr.Invalid("body.name", "The name must be at most 200 characters.")
	}
	if utf8.RuneCountInString(in.Description) > 2000 {
		return apperr.Invalid("body.description", "The description must be at most 2000 characters.")
	}
	if in.Tier == "" {
		in.Tier = TierStandard
	}
	if in.Tier != TierBasic && in.Tier != TierStandard && in.Tier != TierPremium && in.Tier != TierCustom {
		return apperr.Invalid("body.tier", "The tier must be basic, standard, premium or custom.")
	}
	if in.PricingMode == "" {
		in.PricingMode = PricingSum
	}
	switch in.PricingMode {
	case PricingSum:
		in.DiscountBP, in.FixedPriceMinor = 0, nil
	case PricingDiscount:
		if in.DiscountBP < 0 || in.DiscountBP > MaxDiscountBP {
			return apperr.Invalid("body.discount_bp", "The discount must be between 0% and 100%.")
		}
		in.FixedPriceMinor = nil
	case PricingFixed:
		if in.FixedPriceMinor == nil {
			return apperr.Invalid("body.fixed_price", "Enter the package's fixed price.")
		}
		if *in.FixedPriceMinor < 0 {
			return apperr.Invalid("body.fixed_price", "The price cannot be negative.")
		}
		if *in.FixedPriceMinor > MaxPriceMinor {
			return apperr.Invalid("body.fixed_price", "The price is too large.")
		}
		in.DiscountBP = 0
	default:
		return apperr.Invalid("body.pricing_mode", "Pricing must be sum, discount or fixed.")
	}
	if in.LinkURL != "" {
		u, err := url.Parse(in.LinkURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.LinkURL) > 500 {
			return apperr.Invalid("body.link_url", "The link must be a web address (http or https).")
		}
	}
	if len(in.Items) == 0 {
		return apperr.Invalid("body.items", "Add at least one product to the package.")
	}
	if len(in.Items) > MaxPackageItems {
		return apperr.Invalid("body.items", fmt.Sprintf("A package holds at most %d products.", MaxPackageItems))
	}
	seen := map[uuid.UUID]bool{}
	for i, it := range in.Items {
		if it.ProductID == uuid.Nil {
			return apperr.Invalid(fmt.Sprintf("body.items[%d].product_id", i), "Choose a product.")
		}
		if seen[it.ProductID] {
			return apperr.Invalid(fmt.Sprintf("body.items[%d].product_id", i), "This product is already in the package; change its quantity instead.")
		}
		seen[it.ProductID] = true
		if it.Quantity <= 0 {
			return apperr.Invalid(fmt.Sprintf("body.items[%d].quantity", i), "The quantity must be at least 1.")
		}
		if it.Quantity > MaxPackageItemQty {
			return apperr.Invalid(fmt.Sprintf("body.items[%d].quantity", i), fmt.Sprintf("The quantity must be at most %d.", MaxPackageItemQty))
		}
	}
	return nil
}

// writeItems replaces a package's items, refusing products of other companies.
func writeItems(ctx context.Context, tx *db.Tx, companyID, packageID uuid.UUID, items []PackageItemInput) error {
	ids := make([]uuid.UUID, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	found, err := tx.PackageProductsExisting(ctx, ids)
	if err != nil {
		return err
	}
	have := map[uuid.UUID]bool{}
	for _, id := range found {
		have[id] = true
	}
	for i, it := range items {
		if !have[it.ProductID] {
			return apperr.Invalid(fmt.Sprintf("body.items[%d].product_id", i), "This product is not in your catalog.")
		}
	}
	if err := tx.PackageItemDeleteAll(ctx, packageID); err != nil {
		return err
	}
	for i, it := range items {
		if err := tx.PackageItemAdd(ctx, dbgen.PackageItemAddParams{CompanyID: companyID, PackageID: packageID, ProductID: it.ProductID,
			Quantity: it.Quantity, Position: int32(i)}); err != nil {
			return err
		}
	}
	return nil
}

// CreatePackage saves a package with its items and renders its card.
// Errors: EINVALID (naming the field).
func (s *Service) CreatePackage(ctx context.Context, companyID, actor uuid.UUID, in PackageInput) (*Package, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id uuid.UUID
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		p, err := tx.PackageCreate(ctx, dbgen.PackageCreateParams{CompanyID: companyID, Name: in.Name, Description: in.Description, Tier: in.Tier,
			PricingMode: in.PricingMode, DiscountBp: in.DiscountBP, FixedPriceMinor: in.FixedPriceMinor, LinkUrl: in.LinkURL, Active: in.Active,
			TemplateSlug: in.TemplateSlug, CreatedBy: nullUUID(actor)})
		if err != nil {
			return err
		}
		id = p.ID
		if err := writeItems(ctx, tx, companyID, p.ID, in.Items); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "package.created", TargetType: "package", TargetID: p.ID.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.CreatePackage: %w", err)
	}
	return s.refreshPackageCard(ctx, companyID, id)
}

// UpdatePackage saves a package and its items (in the given order) and renders its card again.
// Errors: ENOTFOUND, EINVALID.
func (s *Service) UpdatePackage(ctx context.Context, companyID, actor, id uuid.UUID, in PackageInput) (*Package, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.PackageGetForUpdate(ctx, id); errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("package")
		} else if err != nil {
			return err
		}
		if _, err := tx.PackageUpdate(ctx, dbgen.PackageUpdateParams{ID: id, Name: in.Name, Description: in.Description, Tier: in.Tier,
			PricingMode: in.PricingMode, DiscountBp: in.DiscountBP, FixedPriceMinor: in.FixedPriceMinor, LinkUrl: in.LinkURL}); err != nil {
			return err
		}
		if err := writeItems(ctx, tx, companyID, id, in.Items); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "package.updated", TargetType: "package", TargetID: id.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.UpdatePackage: %w", err)
	}
	return s.refreshPackageCard(ctx, companyID, id)
}

// SetPackageActive shows or hides a package from agents. Errors: ENOTFOUND.
func (s *Service) SetPackageActive(ctx context.Context, companyID, actor, id uuid.UUID, active bool) (*Package, error) {
	var out *Package
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.PackageSetActive(ctx, dbgen.PackageSetActiveParams{ID: id, Active: active}); errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("package")
		} else if err != nil {
			return err
		}
		action := "package.deactivated"
		if active {
			action = "package.activated"
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: action, TargetType: "package", TargetID: id.String()}); err != nil {
			return err
		}
		var err error
		out, err = loadPackage(ctx, tx, companyID, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.SetPackageActive: %w", err)
	}
	return out, nil
}

// DeletePackage removes a package and its card image. Errors: ENOTFOUND.
func (s *Service) DeletePackage(ctx context.Context, companyID, actor, id uuid.UUID) error {
	var key string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		key, err = tx.PackageDelete(ctx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("package")
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "package.deleted", TargetType: "package", TargetID: id.String()})
	})
	if err != nil {
		return fmt.Errorf("catalog.DeletePackage: %w", err)
	}
	if key != "" {
		_ = s.blobs.Delete(ctx, key)
	}
	return nil
}

// GetPackage returns a package with its items and price. Errors: ENOTFOUND.
func (s *Service) GetPackage(ctx context.Context, companyID, id uuid.UUID) (*Package, error) {
	var out *Package
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = loadPackage(ctx, tx, companyID, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.GetPackage: %w", err)
	}
	return out, nil
}

// PackageSummary is a package in a list, priced from its items' current prices.
type PackageSummary struct {
	dbgen.PackageListRow
	Currency string
	Pricing  Pricing
}

// ListPackages lists packages by name; activeOnly hides deactivated ones (agents).
func (s *Service) ListPackages(ctx context.Context, companyID uuid.UUID, query string, activeOnly bool, limit int) ([]PackageSummary, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []PackageSummary
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := companyCurrency(ctx, tx, companyID)
		if err != nil {
			return err
		}
		rows, err := tx.PackageList(ctx, dbgen.PackageListParams{Query: db.EscapeLike(strings.TrimSpace(query)), ActiveOnly: activeOnly, RowLimit: int32(limit)})
		if err != nil {
			return err
		}
		out = make([]PackageSummary, len(rows))
		for i, r := range rows {
			out[i] = PackageSummary{PackageListRow: r, Currency: cur, Pricing: PackagePrice(r.ItemsTotalMinor, r.PricingMode, r.DiscountBp, r.FixedPriceMinor)}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.ListPackages: %w", err)
	}
	return out, nil
}

func companyCurrency(ctx context.Context, tx *db.Tx, companyID uuid.UUID) (string, error) {
	st, err := tx.CompanySettingsGet(ctx, companyID)
	if db.IsNotFound(err) {
		return "MYR", nil
	}
	return st.Currency, err
}

func loadPackage(ctx context.Context, tx *db.Tx, companyID, id uuid.UUID) (*Package, error) {
	p, err := tx.PackageGet(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFound("package")
	} else if err != nil {
		return nil, err
	}
	out := &Package{Package: p, Available: true}
	if out.Items, err = tx.PackageItemList(ctx, id); err != nil {
		return nil, err
	}
	if out.Currency, err = companyCurrency(ctx, tx, companyID); err != nil {
		return nil, err
	}
	for _, it := range out.Items {
		if it.StockStatus == OutOfStock || !it.Active {
			out.Available = false
		}
	}
	out.Pricing = PackagePrice(ItemsTotal(out.Items), p.PricingMode, p.DiscountBp, p.FixedPriceMinor)
	return out, nil
}
