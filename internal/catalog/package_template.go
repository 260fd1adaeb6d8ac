package catalog

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// TemplateSlot is one place in a pre-designed bundle: filled with the
// company's best-matching product, or left for the admin to choose.
type TemplateSlot struct {
	Label    string   `json:"label"`
	Keywords []string `json:"keywords"` // matched in product names, tags and categories (any language)
	Quantity int32    `json:"quantity"`
}

// PackageTemplate is a pre-designed bundle for an industry.
type PackageTemplate struct {
	Slug        string         `json:"slug"`
	Industry    string         `json:"industry"` // industry_categories.slug; "" suits any
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Tier        string         `json:"tier"`
	PricingMode string         `json:"pricing_mode"`
	DiscountBP  int32          `json:"discount_bp"`
	Slots       []TemplateSlot `json:"slots"`
}

// PackageTemplates is the gallery: a few bundles per industry, and general ones.
var PackageTemplates = []PackageTemplate{
	{Slug: "starter-trio", Name: "Starter trio", Description: "Three best sellers together at a small discount.", Tier: TierBasic, PricingMode: PricingDiscount, DiscountBP: 500,
		Slots: []TemplateSlot{{Label: "Best seller", Quantity: 1}, {Label: "Second product", Quantity: 1}, {Label: "Add-on", Quantity: 1}}},
	{Slug: "ecommerce-gift-box", Industry: "ecommerce", Name: "Gift box", Description: "A ready-to-give box for Hari Raya, CNY or Deepavali.", Tier: TierPremium, PricingMode: PricingDiscount, DiscountBP: 1000,
		Slots: []TemplateSlot{{Label: "Main gift", Keywords: []string{"gift", "hadiah", "礼盒", "premium", "box"}, Quantity: 1},
			{Label: "Treat", Keywords: []string{"cookie", "biskut", "kuih", "chocolate", "饼干", "snack"}, Quantity: 2},
			{Label: "Card or wrapping", Keywords: []string{"card", "kad", "wrap", "balut"}, Quantity: 1}}},
	{Slug: "ecommerce-bulk-3", Industry: "ecommerce", Name: "Buy 3 bundle", Description: "Three of a favourite at a bundle price.", Tier: TierStandard, PricingMode: PricingDiscount, DiscountBP: 1000,
		Slots: []TemplateSlot{{Label: "Favourite product", Quantity: 3}}},
	{Slug: "retail-family-pack", Industry: "retail", Name: "Family pack", Description: "Everyday items for the whole family.", Tier: TierStandard, PricingMode: PricingDiscount, DiscountBP: 800,
		Slots: []TemplateSlot{{Label: "Staple", Keywords: []string{"rice", "beras", "米", "oil", "minyak"}, Quantity: 2}, {Label: "Snack", Keywords: []string{"snack", "biskut", "饼干"}, Quantity: 2}, {Label: "Drink", Keywords: []string{"drink", "minuman", "kopi", "teh", "饮料"}, Quantity: 1}}},
	{Slug: "education-course-bundle", Industry: "education", Name: "Course + materials", Description: "A course with its books and a revision class.", Tier: TierPremium, PricingMode: PricingFixed,
		Slots: []TemplateSlot{{Label: "Course", Keywords: []string{"course", "kursus", "class", "kelas", "课程"}, Quantity: 1}, {Label: "Books", Keywords: []string{"book", "buku", "modul", "书"}, Quantity: 1}, {Label: "Revision class", Keywords: []string{"revision", "ulangkaji", "tuition", "tuisyen"}, Quantity: 1}}},
	{Slug: "healthcare-checkup", Industry: "healthcare", Name: "Health check package", Description: "Screening with a consultation.", Tier: TierStandard, PricingMode: PricingFixed,
		Slots: []TemplateSlot{{Label: "Screening", Keywords: []string{"screening", "test", "ujian", "blood", "darah", "检查"}, Quantity: 1}, {Label: "Consultation", Keywords: []string{"consult", "konsultasi", "doctor", "doktor"}, Quantity: 1}}},
	{Slug: "fnb-set-meal", Industry: "food_beverage", Name: "Set meal", Description: "Main, side and drink at a set price.", Tier: TierBasic, PricingMode: PricingFixed,
		Slots: []TemplateSlot{{Label: "Main", Keywords: []string{"nasi", "mee", "rice", "noodle", "饭", "面"}, Quantity: 1}, {Label: "Side", Keywords: []string{"side", "sampingan", "telur", "egg", "sayur"}, Quantity: 1}, {Label: "Drink", Keywords: []string{"drink", "minuman", "teh", "kopi", "饮料"}, Quantity: 1}}},
	{Slug: "fnb-party-tray", Industry: "food_beverage", Name: "Party tray", Description: "Catering for a group of 10.", Tier: TierPremium, PricingMode: PricingDiscount, DiscountBP: 1200,
		Slots: []TemplateSlot{{Label: "Main dish", Keywords: []string{"nasi", "rice", "mee", "饭"}, Quantity: 10}, {Label: "Dessert", Keywords: []string{"kuih", "cake", "kek", "dessert", "甜品"}, Quantity: 10}}},
	{Slug: "fitness-starter", Industry: "fitness_wellness", Name: "Get-fit starter", Description: "Membership, a personal training session and a shaker.", Tier: TierStandard, PricingMode: PricingDiscount, DiscountBP: 1500,
		Slots: []TemplateSlot{{Label: "Membership", Keywords: []string{"membership", "keahlian", "month", "bulan"}, Quantity: 1}, {Label: "Personal training", Keywords: []string{"personal", "trainer", "pt", "session", "sesi"}, Quantity: 1}, {Label: "Merchandise", Keywords: []string{"shaker", "towel", "tuala", "bottle", "botol"}, Quantity: 1}}},
	{Slug: "travel-getaway", Industry: "travel_tourism", Name: "Weekend getaway", Description: "Stay, transfer and a tour.", Tier: TierPremium, PricingMode: PricingFixed,
		Slots: []TemplateSlot{{Label: "Stay", Keywords: []string{"hotel", "stay", "inap", "homestay", "酒店"}, Quantity: 2}, {Label: "Transfer", Keywords: []string{"transfer", "van", "bas", "bus"}, Quantity: 1}, {Label: "Tour", Keywords: []string{"tour", "lawatan", "trip", "游"}, Quantity: 1}}},
	{Slug: "services-retainer", Industry: "professional_services", Name: "Monthly retainer", Description: "Core service with priority support.", Tier: TierPremium, PricingMode: PricingFixed,
		Slots: []TemplateSlot{{Label: "Core service", Keywords: []string{"service", "perkhidmatan", "design", "audit", "consult"}, Quantity: 1}, {Label: "Support", Keywords: []string{"support", "sokongan", "maintenance", "penyelenggaraan"}, Quantity: 1}}},
	{Slug: "saas-tiers-premium", Industry: "saas_technology", Name: "Premium plan bundle", Description: "Annual plan with onboarding and extra seats.", Tier: TierPremium, PricingMode: PricingDiscount, DiscountBP: 2000,
		Slots: []TemplateSlot{{Label: "Plan", Keywords: []string{"plan", "pelan", "licence", "license", "subscription"}, Quantity: 1}, {Label: "Onboarding", Keywords: []string{"onboarding", "setup", "training", "latihan"}, Quantity: 1}, {Label: "Extra seats", Keywords: []string{"seat", "user", "pengguna"}, Quantity: 5}}},
	{Slug: "realestate-viewing", Industry: "real_estate", Name: "Buyer's package", Description: "Viewing, valuation and legal help.", Tier: TierStandard, PricingMode: PricingSum,
		Slots: []TemplateSlot{{Label: "Viewing", Keywords: []string{"viewing", "lawatan"}, Quantity: 1}, {Label: "Valuation", Keywords: []string{"valuation", "penilaian"}, Quantity: 1}, {Label: "Legal", Keywords: []string{"legal", "guaman", "spa", "lawyer"}, Quantity: 1}}},
	{Slug: "finance-protection", Industry: "financial_services", Name: "Family protection", Description: "Medical card with life cover.", Tier: TierPremium, PricingMode: PricingSum,
		Slots: []TemplateSlot{{Label: "Medical", Keywords: []string{"medical", "perubatan", "takaful", "health"}, Quantity: 1}, {Label: "Life cover", Keywords: []string{"life", "hayat", "protection", "perlindungan"}, Quantity: 1}}},
}

// TemplateDraftItem is a product a template chose for a slot.
type TemplateDraftItem struct {
	Slot      string
	ProductID uuid.UUID
	Name      string
	Quantity  int32
	Price     int64
}

// TemplateDraft is a package ready for the builder: the slots it could fill
// from the catalog and the ones left for the admin.
type TemplateDraft struct {
	Template     PackageTemplate
	Items        []TemplateDraftItem
	Placeholders []TemplateSlot
	Currency     string
}

// PackageTemplatesFor lists the gallery with the company's industry first.
func (s *Service) PackageTemplatesFor(ctx context.Context, companyID uuid.UUID, industry string) ([]PackageTemplate, string, error) {
	own := ""
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		st, err := tx.CompanySettingsGet(ctx, companyID)
		if db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if st.IndustryCategoryID.Valid {
			if ind, err := tx.IndustryGet(ctx, st.IndustryCategoryID.UUID); err == nil {
				own = ind.Slug
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("catalog.PackageTemplatesFor: %w", err)
	}
	var out []PackageTemplate
	for _, t := range PackageTemplates {
		if industry == "" || t.Industry == industry || t.Industry == "" {
			out = append(out, t)
		}
	}
	rank := func(t PackageTemplate) int {
		switch t.Industry {
		case own:
			return 0
		case "":
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out, own, nil
}

// DraftFromTemplate fills a template's slots from the company's active,
// in-stock products (best keyword match, each product once); an unmatched
// slot is left as a placeholder. Nothing is saved. Errors: ENOTFOUND.
func (s *Service) DraftFromTemplate(ctx context.Context, companyID uuid.UUID, slug string) (*TemplateDraft, error) {
	var tpl *PackageTemplate
	for i := range PackageTemplates {
		if PackageTemplates[i].Slug == slug {
			tpl = &PackageTemplates[i]
		}
	}
	if tpl == nil {
		return nil, apperr.NotFound("package template")
	}
	var products []dbgen.PackageProductsForMatchingRow
	var currency string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if products, err = tx.PackageProductsForMatching(ctx); err != nil {
			return err
		}
		currency, err = companyCurrency(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.DraftFromTemplate: %w", err)
	}
	return fillTemplate(*tpl, products, currency), nil
}

func fillTemplate(tpl PackageTemplate, products []dbgen.PackageProductsForMatchingRow, currency string) *TemplateDraft {
	d := &TemplateDraft{Template: tpl, Items: []TemplateDraftItem{}, Placeholders: []TemplateSlot{}, Currency: currency}
	used := map[uuid.UUID]bool{}
	for _, slot := range tpl.Slots {
		best, bestScore := -1, 0
		for i, p := range products {
			if used[p.ID] || p.StockStatus == OutOfStock {
				continue
			}
			hay := strings.ToLower(p.Name + " " + p.Category + " " + strings.Join(p.Tags, " "))
			score := 0
			for _, k := range slot.Keywords {
				if strings.Contains(hay, strings.ToLower(k)) {
					score++
				}
			}
			if len(slot.Keywords) == 0 {
				score = 1 // a slot without keywords takes the next product in the catalog
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			d.Placeholders = append(d.Placeholders, slot)
			continue
		}
		p := products[best]
		used[p.ID] = true
		d.Items = append(d.Items, TemplateDraftItem{Slot: slot.Label, ProductID: p.ID, Name: p.Name, Quantity: slot.Quantity, Price: p.PriceMinor})
	}
	return d
}
