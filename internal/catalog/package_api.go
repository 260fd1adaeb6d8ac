package catalog

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// PackagePricingView is a package's price in minor units of the company's currency.
type PackagePricingView struct {
	ItemsTotalMinor int64  `json:"items_total_minor" doc:"Sum of the items at their current prices."`
	PriceMinor      int64  `json:"price_minor"`
	SavingMinor     int64  `json:"saving_minor" doc:"Items total minus price; never negative."`
	Currency        string `json:"currency"`
	Price           string `json:"price" doc:"Formatted in the company's currency, e.g. RM 1,299.00."`
	Saving          string `json:"saving" doc:"Formatted saving; empty when there is none."`
}

// PackageItemView is one product of a package.
type PackageItemView struct {
	ProductID     string `json:"product_id"`
	Name          string `json:"name"`
	SKU           string `json:"sku"`
	Quantity      int32  `json:"quantity"`
	PriceMinor    int64  `json:"price_minor" doc:"The product's unit price."`
	Category      string `json:"category"`
	StockStatus   string `json:"stock_status" enum:"in_stock,limited,out_of_stock"`
	Active        bool   `json:"active"`
	CoverThumbURL string `json:"cover_thumb_url"`
}

// PackageSummaryView is a package in a list.
type PackageSummaryView struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Tier        string             `json:"tier" enum:"basic,standard,premium,custom"`
	PricingMode string             `json:"pricing_mode" enum:"sum,discount,fixed"`
	DiscountBP  int32              `json:"discount_bp"`
	FixedPrice  *int64             `json:"fixed_price_minor" nullable:"true"`
	LinkURL     string             `json:"link_url"`
	Active      bool               `json:"active"`
	Available   bool               `json:"available" doc:"False when an item is out of stock or hidden."`
	ItemCount   int32              `json:"item_count"`
	CardURL     string             `json:"card_url" doc:"The generated card image (PNG)."`
	Pricing     PackagePricingView `json:"pricing"`
	UpdatedAt   time.Time          `json:"updated_at"`
}

// PackageView is a package with its items in order.
type PackageView struct {
	PackageSummaryView
	TemplateSlug string            `json:"template_slug"`
	Items        []PackageItemView `json:"items"`
	CreatedAt    time.Time         `json:"created_at"`
}

func pricingView(p Pricing, currency string) PackagePricingView {
	v := PackagePricingView{ItemsTotalMinor: p.ItemsTotalMinor, PriceMinor: p.PriceMinor, SavingMinor: p.SavingMinor, Currency: currency,
		Price: FormatMoney(p.PriceMinor, currency)}
	if p.SavingMinor > 0 {
		v.Saving = FormatMoney(p.SavingMinor, currency)
	}
	return v
}

func packageSummaryView(p dbgen.Package, count int32, available bool, pr Pricing, currency string) PackageSummaryView {
	return PackageSummaryView{ID: p.ID.String(), Name: p.Name, Description: p.Description, Tier: p.Tier, PricingMode: p.PricingMode,
		DiscountBP: p.DiscountBp, FixedPrice: p.FixedPriceMinor, LinkURL: p.LinkUrl, Active: p.Active, Available: available, ItemCount: count,
		CardURL: blobURL(p.CardKey), Pricing: pricingView(pr, currency), UpdatedAt: p.UpdatedAt}
}

func packageView(p *Package) PackageView {
	v := PackageView{PackageSummaryView: packageSummaryView(p.Package, int32(len(p.Items)), p.Available, p.Pricing, p.Currency),
		TemplateSlug: p.TemplateSlug, Items: make([]PackageItemView, len(p.Items)), CreatedAt: p.CreatedAt}
	for i, it := range p.Items {
		v.Items[i] = PackageItemView{ProductID: it.ProductID.String(), Name: it.Name, SKU: it.Sku, Quantity: it.Quantity, PriceMinor: it.PriceMinor,
			Category: it.Category, StockStatus: it.StockStatus, Active: it.Active, CoverThumbURL: blobURL(it.CoverThumbKey)}
	}
	return v
}

func packageListView(l []PackageSummary) packageListBody {
	out := packageListBody{Items: make([]PackageSummaryView, len(l))}
	for i, p := range l {
		r := p.PackageListRow
		out.Items[i] = packageSummaryView(dbgen.Package{ID: r.ID, Name: r.Name, Description: r.Description, Tier: r.Tier, PricingMode: r.PricingMode,
			DiscountBp: r.DiscountBp, FixedPriceMinor: r.FixedPriceMinor, LinkUrl: r.LinkUrl, Active: r.Active, CardKey: r.CardKey, UpdatedAt: r.UpdatedAt},
			r.ItemCount, r.Available, p.Pricing, p.Currency)
	}
	return out
}

type packageListBody struct {
	Items []PackageSummaryView `json:"items"`
}

type packageListOutput struct{ Body packageListBody }

type packageOutput struct{ Body PackageView }

type packageListInput struct {
	Query  string `query:"q" maxLength:"200" doc:"Matched in name and description."`
	Active string `query:"active" enum:"all,active," doc:"\"active\" lists only active packages (default all)."`
}

type packageIDInput struct {
	ID uuid.UUID `path:"id"`
}

// PackageItemBody is one product of a package, in display order.
type PackageItemBody struct {
	ProductID uuid.UUID `json:"product_id"`
	Quantity  int32     `json:"quantity" doc:"At least 1."`
}

// PackageBody is a package as the API accepts it.
type PackageBody struct {
	Name         string            `json:"name" maxLength:"200"`
	Description  string            `json:"description,omitempty" maxLength:"2000"`
	Tier         string            `json:"tier,omitempty" enum:"basic,standard,premium,custom," doc:"Defaults to standard."`
	PricingMode  string            `json:"pricing_mode,omitempty" enum:"sum,discount,fixed," doc:"Defaults to sum."`
	DiscountBP   int32             `json:"discount_bp,omitempty" doc:"Discount in basis points for pricing_mode discount: 1000 is 10%."`
	FixedPrice   *int64            `json:"fixed_price,omitempty" nullable:"true" doc:"For pricing_mode fixed, in minor units of the company's currency."`
	LinkURL      string            `json:"link_url,omitempty" maxLength:"500"`
	Active       *bool             `json:"active,omitempty" doc:"Defaults to true."`
	TemplateSlug string            `json:"template_slug,omitempty" maxLength:"100" doc:"The gallery template it started from."`
	Items        []PackageItemBody `json:"items" maxItems:"50"`
}

func (b PackageBody) input() PackageInput {
	in := PackageInput{Name: b.Name, Description: b.Description, Tier: b.Tier, PricingMode: b.PricingMode, DiscountBP: b.DiscountBP,
		FixedPriceMinor: b.FixedPrice, LinkURL: b.LinkURL, Active: b.Active == nil || *b.Active, TemplateSlug: b.TemplateSlug}
	for _, it := range b.Items {
		in.Items = append(in.Items, PackageItemInput{ProductID: it.ProductID, Quantity: it.Quantity})
	}
	return in
}

type packageWriteInput struct{ Body PackageBody }

type packageUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body PackageBody
}

type packageTemplateListInput struct {
	Industry string `query:"industry" maxLength:"50" doc:"An industry slug; empty lists every template."`
}

type packageTemplateListOutput struct {
	Body struct {
		Industry  string            `json:"industry" doc:"The company's industry, listed first."`
		Templates []PackageTemplate `json:"templates"`
	}
}

type packageTemplateDraftInput struct {
	Body struct {
		Slug string `json:"slug" maxLength:"100" doc:"A template of the gallery."`
	}
}

// PackageDraftItemView is a product a template chose for one of its slots.
type PackageDraftItemView struct {
	Slot       string `json:"slot"`
	ProductID  string `json:"product_id"`
	Name       string `json:"name"`
	Quantity   int32  `json:"quantity"`
	PriceMinor int64  `json:"price_minor"`
}

// PackageDraftView is a template filled from the catalog, not yet saved.
type PackageDraftView struct {
	Template     PackageTemplate        `json:"template"`
	Items        []PackageDraftItemView `json:"items"`
	Placeholders []TemplateSlot         `json:"placeholders" doc:"Slots no product matched; the admin chooses them."`
	Currency     string                 `json:"currency"`
}

type packageDraftOutput struct{ Body PackageDraftView }

// RegisterPackages adds package management for admins and the agents' package search.
func RegisterPackages(company, agent huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "package-list", Method: http.MethodGet, Path: "/packages", Summary: "List packages with their current prices",
	}, func(ctx context.Context, in *packageListInput) (*packageListOutput, error) {
		cid, _ := principal(ctx)
		l, err := s.ListPackages(ctx, cid, in.Query, in.Active == "active", 200)
		if err != nil {
			return nil, err
		}
		return &packageListOutput{Body: packageListView(l)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "package-create", Method: http.MethodPost, Path: "/packages", Summary: "Create a package from products",
		DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *packageWriteInput) (*packageOutput, error) {
		cid, uid := principal(ctx)
		p, err := s.CreatePackage(ctx, cid, uid, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &packageOutput{Body: packageView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "package-get", Method: http.MethodGet, Path: "/packages/{id}", Summary: "A package with its items and price",
		Errors: []int{404},
	}, func(ctx context.Context, in *packageIDInput) (*packageOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.GetPackage(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &packageOutput{Body: packageView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "package-update", Method: http.MethodPut, Path: "/packages/{id}", Summary: "Save a package (its card is drawn again)",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *packageUpdateInput) (*packageOutput, error) {
		cid, uid := principal(ctx)
		p, err := s.UpdatePackage(ctx, cid, uid, in.ID, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &packageOutput{Body: packageView(p)}, nil
	})

	for _, a := range []struct {
		id, path, summary string
		active            bool
	}{
		{"package-activate", "/packages/{id}/activate", "Offer a package to agents again", true},
		{"package-deactivate", "/packages/{id}/deactivate", "Hide a package from agents", false},
	} {
		huma.Register(company, huma.Operation{
			OperationID: a.id, Method: http.MethodPost, Path: a.path, Summary: a.summary, Errors: []int{404},
		}, func(ctx context.Context, in *packageIDInput) (*packageOutput, error) {
			cid, uid := principal(ctx)
			p, err := s.SetPackageActive(ctx, cid, uid, in.ID, a.active)
			if err != nil {
				return nil, err
			}
			return &packageOutput{Body: packageView(p)}, nil
		})
	}

	huma.Register(company, huma.Operation{
		OperationID: "package-delete", Method: http.MethodDelete, Path: "/packages/{id}", Summary: "Delete a package (its products stay)",
		DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *packageIDInput) (*struct{}, error) {
		cid, uid := principal(ctx)
		return nil, s.DeletePackage(ctx, cid, uid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "package-template-list", Method: http.MethodGet, Path: "/package-templates", Summary: "Pre-designed bundles, the company's industry first",
	}, func(ctx context.Context, in *packageTemplateListInput) (*packageTemplateListOutput, error) {
		cid, _ := principal(ctx)
		l, own, err := s.PackageTemplatesFor(ctx, cid, in.Industry)
		if err != nil {
			return nil, err
		}
		out := &packageTemplateListOutput{}
		out.Body.Industry, out.Body.Templates = own, l
		if out.Body.Templates == nil {
			out.Body.Templates = []PackageTemplate{}
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "package-template-draft", Method: http.MethodPost, Path: "/package-templates/draft",
		Summary: "Fill a template from the catalog (nothing is saved)", Errors: []int{404},
	}, func(ctx context.Context, in *packageTemplateDraftInput) (*packageDraftOutput, error) {
		cid, _ := principal(ctx)
		d, err := s.DraftFromTemplate(ctx, cid, in.Body.Slug)
		if err != nil {
			return nil, err
		}
		v := PackageDraftView{Template: d.Template, Items: make([]PackageDraftItemView, len(d.Items)), Placeholders: d.Placeholders, Currency: d.Currency}
		for i, it := range d.Items {
			v.Items[i] = PackageDraftItemView{Slot: it.Slot, ProductID: it.ProductID.String(), Name: it.Name, Quantity: it.Quantity, PriceMinor: it.Price}
		}
		return &packageDraftOutput{Body: v}, nil
	})

	huma.Register(agent, huma.Operation{
		OperationID: "agent-package-list", Method: http.MethodGet, Path: "/packages", Summary: "Active packages to send in a chat",
	}, func(ctx context.Context, in *packageListInput) (*packageListOutput, error) {
		cid, _ := principal(ctx)
		l, err := s.ListPackages(ctx, cid, in.Query, true, 200)
		if err != nil {
			return nil, err
		}
		return &packageListOutput{Body: packageListView(l)}, nil
	})
}

// CardMessageView is the queued card message.
type CardMessageView struct {
	MessageID string  `json:"message_id"`
	Status    string  `json:"status"`
	Caption   string  `json:"caption"`
	LinkURL   string  `json:"link_url"`
	ProductID *string `json:"product_id" nullable:"true"`
	PackageID *string `json:"package_id" nullable:"true"`
}

type cardSendInput struct {
	ID   uuid.UUID `path:"id" doc:"The conversation."`
	Body struct {
		ProductID *uuid.UUID `json:"product_id,omitempty" nullable:"true"`
		PackageID *uuid.UUID `json:"package_id,omitempty" nullable:"true"`
	}
}

type cardSendOutput struct{ Body CardMessageView }

type recommendInput struct {
	ID    uuid.UUID `path:"id" doc:"The conversation."`
	Limit int       `query:"limit" minimum:"0" maximum:"20"`
}

// RecommendationView is a suggested product and why.
type RecommendationView struct {
	Product     ProductSummaryView `json:"product"`
	Score       int                `json:"score"`
	Reasons     []string           `json:"reasons"`
	Explanation string             `json:"explanation"`
}

type recommendOutput struct {
	Body struct {
		Items    []RecommendationView `json:"items"`
		Budget   string               `json:"budget" doc:"The price range read from the customer's messages, if any."`
		Messages int                  `json:"messages" doc:"How many of the customer's messages were read."`
	}
}

func uuidPtr(u uuid.NullUUID) *string {
	if !u.Valid {
		return nil
	}
	s := u.UUID.String()
	return &s
}

func deref(u *uuid.UUID) uuid.UUID {
	if u == nil {
		return uuid.Nil
	}
	return *u
}

// RegisterCards adds sending product and package cards into a conversation
// and product recommendations, for admins and for agents in their own conversations.
func RegisterCards(company, agent huma.API, s *Service, q CardQueue) {
	send := func(agentOnly bool) func(context.Context, *cardSendInput) (*cardSendOutput, error) {
		return func(ctx context.Context, in *cardSendInput) (*cardSendOutput, error) {
			p := identity.PrincipalFrom(ctx)
			agentID := uuid.Nil
			if agentOnly {
				agentID = p.UserID
			}
			m, err := s.SendCard(ctx, q, p.CompanyID, p.UserID, agentID, in.ID, deref(in.Body.ProductID), deref(in.Body.PackageID))
			if err != nil {
				return nil, err
			}
			return &cardSendOutput{Body: CardMessageView{MessageID: m.ID.String(), Status: m.Status, Caption: m.Body, LinkURL: m.LinkUrl,
				ProductID: uuidPtr(m.ProductID), PackageID: uuidPtr(m.PackageID)}}, nil
		}
	}
	recommend := func(agentOnly bool) func(context.Context, *recommendInput) (*recommendOutput, error) {
		return func(ctx context.Context, in *recommendInput) (*recommendOutput, error) {
			p := identity.PrincipalFrom(ctx)
			agentID := uuid.Nil
			if agentOnly {
				agentID = p.UserID
			}
			r, err := s.Recommend(ctx, p.CompanyID, agentID, in.ID, in.Limit)
			if err != nil {
				return nil, err
			}
			out := &recommendOutput{}
			out.Body.Items, out.Body.Messages = make([]RecommendationView, len(r.Items)), r.Messages
			if r.Budget != nil {
				out.Body.Budget = r.Budget.Label
			}
			for i, it := range r.Items {
				pr := it.Product
				out.Body.Items[i] = RecommendationView{Product: summary(dbgen.Product{ID: pr.ID, Name: pr.Name, Sku: pr.Sku, PriceMinor: pr.PriceMinor,
					Currency: pr.Currency, Category: pr.Category, Tags: pr.Tags, StockStatus: pr.StockStatus, Active: true}, ""),
					Score: it.Score, Reasons: it.Reasons, Explanation: joinReasons(it.Reasons)}
			}
			return out, nil
		}
	}
	huma.Register(company, huma.Operation{
		OperationID: "conversation-card-send", Method: http.MethodPost, Path: "/conversations/{id}/cards",
		Summary: "Send a product or package card (image, caption, link)", DefaultStatus: http.StatusAccepted, Errors: []int{404, 422},
	}, send(false))
	huma.Register(agent, huma.Operation{
		OperationID: "agent-conversation-card-send", Method: http.MethodPost, Path: "/conversations/{id}/cards",
		Summary: "Send a product or package card in one of my conversations", DefaultStatus: http.StatusAccepted, Errors: []int{404, 422},
	}, send(true))
	huma.Register(company, huma.Operation{
		OperationID: "conversation-recommend-products", Method: http.MethodGet, Path: "/conversations/{id}/recommendations",
		Summary: "Products to suggest from what the customer asked, with why", Errors: []int{404},
	}, recommend(false))
	huma.Register(agent, huma.Operation{
		OperationID: "agent-conversation-recommend-products", Method: http.MethodGet, Path: "/conversations/{id}/recommendations",
		Summary: "Products to suggest in one of my conversations, with why", Errors: []int{404},
	}, recommend(true))
}

func joinReasons(r []string) string {
	out := ""
	for i, s := range r {
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}
