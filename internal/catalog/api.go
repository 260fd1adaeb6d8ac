package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/storage"
)

// ProductImageView is one image of a product's gallery.
type ProductImageView struct {
	ID          string `json:"id"`
	URL         string `json:"url"`
	ThumbURL    string `json:"thumb_url"`
	ContentType string `json:"content_type"`
	SizeBytes   int32  `json:"size_bytes"`
	Width       int32  `json:"width"`
	Height      int32  `json:"height"`
	Position    int32  `json:"position"`
	IsCover     bool   `json:"is_cover"`
}

// ProductPriceView is one entry of a product's price history.
type ProductPriceView struct {
	PriceMinor int64     `json:"price_minor"`
	Currency   string    `json:"currency"`
	ChangedBy  *string   `json:"changed_by" nullable:"true"`
	ChangedAt  time.Time `json:"changed_at"`
}

// ProductSummaryView is a product in a list or search result.
type ProductSummaryView struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	SKU               string   `json:"sku"`
	PriceMinor        int64    `json:"price_minor" doc:"In minor units of currency (sen for MYR)."`
	Currency          string   `json:"currency"`
	Category          string   `json:"category"`
	Tags              []string `json:"tags"`
	StockStatus       string   `json:"stock_status" enum:"in_stock,limited,out_of_stock"`
	Quantity          *int32   `json:"quantity" nullable:"true"`
	LowStockThreshold *int32   `json:"low_stock_threshold" nullable:"true"`
	LowStock          bool     `json:"low_stock" doc:"Quantity is at or below the low-stock threshold."`
	Active            bool     `json:"active"`
	CoverThumbURL     string   `json:"cover_thumb_url"`
}

// ProductView is a product with its gallery and price history.
type ProductView struct {
	ProductSummaryView
	Description  string             `json:"description"`
	Links        []string           `json:"links"`
	CustomFields map[string]string  `json:"custom_fields"`
	Images       []ProductImageView `json:"images"`
	PriceHistory []ProductPriceView `json:"price_history"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
}

func blobURL(key string) string { return storage.URL(&key) }

func lowStock(q, t *int32) bool { return q != nil && t != nil && *q <= *t }

func summary(p dbgen.Product, cover string) ProductSummaryView {
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	return ProductSummaryView{ID: p.ID.String(), Name: p.Name, SKU: p.Sku, PriceMinor: p.PriceMinor, Currency: p.Currency,
		Category: p.Category, Tags: tags, StockStatus: p.StockStatus, Quantity: p.Quantity, LowStockThreshold: p.LowStockThreshold,
		LowStock: lowStock(p.Quantity, p.LowStockThreshold), Active: p.Active, CoverThumbURL: blobURL(cover)}
}

func view(p *Product) ProductView {
	v := ProductView{ProductSummaryView: summary(p.Product, p.CoverThumbKey), Description: p.Description, Links: p.Links,
		CustomFields: p.CustomFieldMap, Images: []ProductImageView{}, PriceHistory: []ProductPriceView{}, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if v.Links == nil {
		v.Links = []string{}
	}
	for _, im := range p.Images {
		v.Images = append(v.Images, ProductImageView{ID: im.ID.String(), URL: blobURL(im.BlobKey), ThumbURL: blobURL(im.ThumbKey), ContentType: im.ContentType,
			SizeBytes: im.SizeBytes, Width: im.Width, Height: im.Height, Position: im.Position, IsCover: im.IsCover})
	}
	for _, h := range p.PriceHistory {
		pv := ProductPriceView{PriceMinor: h.PriceMinor, Currency: h.Currency, ChangedAt: h.ChangedAt}
		if h.ChangedBy.Valid {
			s := h.ChangedBy.UUID.String()
			pv.ChangedBy = &s
		}
		v.PriceHistory = append(v.PriceHistory, pv)
	}
	return v
}

func pageView(p *Page) productPageBody {
	out := productPageBody{Items: make([]ProductSummaryView, len(p.Items)), NextCursor: p.NextCursor}
	for i, r := range p.Items {
		out.Items[i] = summary(dbgen.Product{CompanyID: r.CompanyID, ID: r.ID, Name: r.Name, Description: r.Description, PriceMinor: r.PriceMinor,
			Currency: r.Currency, Sku: r.Sku, Category: r.Category, Tags: r.Tags, StockStatus: r.StockStatus, Quantity: r.Quantity,
			LowStockThreshold: r.LowStockThreshold, Links: r.Links, Active: r.Active}, r.CoverThumbKey)
	}
	return out
}

type productPageBody struct {
	Items      []ProductSummaryView `json:"items"`
	NextCursor string               `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page."`
}

type productSearchInput struct {
	Query       string `query:"q" maxLength:"200" doc:"Matched in name, SKU, category and tags."`
	Category    string `query:"category" maxLength:"100"`
	Tag         string `query:"tag" maxLength:"50"`
	StockStatus string `query:"stock_status" enum:"in_stock,limited,out_of_stock,"`
	Active      string `query:"active" enum:"all,active," doc:"\"active\" lists only active products (default all)."`
	Cursor      string `query:"cursor" maxLength:"500"`
	Limit       int    `query:"limit" minimum:"0" maximum:"100"`
}

type productPageOutput struct{ Body productPageBody }

type productOutput struct{ Body ProductView }

type productIDInput struct {
	ID uuid.UUID `path:"id"`
}

// ProductBody is a product as the API accepts it.
type ProductBody struct {
	Name              string            `json:"name" maxLength:"200"`
	Description       string            `json:"description,omitempty" maxLength:"5000"`
	Price             int64             `json:"price" doc:"In minor units of the company's currency (RM 12.50 is 1250)."`
	SKU               string            `json:"sku" maxLength:"64"`
	Category          string            `json:"category,omitempty" maxLength:"100"`
	Tags              []string          `json:"tags,omitempty" maxItems:"30"`
	StockStatus       string            `json:"stock_status,omitempty" enum:"in_stock,limited,out_of_stock,"`
	Quantity          *int32            `json:"quantity,omitempty" nullable:"true"`
	LowStockThreshold *int32            `json:"low_stock_threshold,omitempty" nullable:"true"`
	Links             []string          `json:"links,omitempty" maxItems:"10"`
	CustomFields      map[string]string `json:"custom_fields,omitempty"`
	Active            *bool             `json:"active,omitempty" doc:"Defaults to true."`
}

func (b ProductBody) input() Input {
	active := b.Active == nil || *b.Active
	return Input{Name: b.Name, Description: b.Description, PriceMinor: b.Price, SKU: b.SKU, Category: b.Category, Tags: b.Tags,
		StockStatus: b.StockStatus, Quantity: b.Quantity, LowStockThreshold: b.LowStockThreshold, Links: b.Links,
		CustomFields: b.CustomFields, Active: active}
}

type productWriteInput struct {
	Body ProductBody
}

type productUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body ProductBody
}

type productImageUploadInput struct {
	RawBody huma.MultipartFormFiles[struct {
		ProductID string        `form:"product_id" required:"true" doc:"The product the image belongs to."`
		File      huma.FormFile `form:"file" required:"true" doc:"PNG, JPEG or WebP, at most 5 MB."`
	}]
}

type productImageOrderInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		ImageIDs []uuid.UUID `json:"image_ids" maxItems:"50" doc:"Every image of the product, in the new order."`
	}
}

type productImageInput struct {
	ID      uuid.UUID `path:"id"`
	ImageID uuid.UUID `path:"image_id"`
}

type productCategoriesOutput struct {
	Body struct {
		Categories []string `json:"categories"`
	}
}

func principal(ctx context.Context) (companyID, userID uuid.UUID) {
	p := identity.PrincipalFrom(ctx)
	return p.CompanyID, p.UserID
}

// RegisterCompany adds the company admin's catalog operations.
func RegisterCompany(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "product-list", Method: http.MethodGet, Path: "/products", Summary: "Search the catalog (in stock first)",
		Errors: []int{422},
	}, func(ctx context.Context, in *productSearchInput) (*productPageOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.Search(ctx, cid, Query{Text: in.Query, Category: in.Category, Tag: in.Tag, StockStatus: in.StockStatus,
			ActiveOnly: in.Active == "active", Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		return &productPageOutput{Body: pageView(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-categories", Method: http.MethodGet, Path: "/product-categories", Summary: "Categories in use, for filters",
	}, func(ctx context.Context, _ *struct{}) (*productCategoriesOutput, error) {
		cid, _ := principal(ctx)
		cats, err := s.Categories(ctx, cid)
		if err != nil {
			return nil, err
		}
		out := &productCategoriesOutput{}
		out.Body.Categories = cats
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-create", Method: http.MethodPost, Path: "/products", Summary: "Add a product",
		DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *productWriteInput) (*productOutput, error) {
		cid, uid := principal(ctx)
		p, err := s.Create(ctx, cid, uid, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-get", Method: http.MethodGet, Path: "/products/{id}", Summary: "A product with its images and price history",
		Errors: []int{404},
	}, func(ctx context.Context, in *productIDInput) (*productOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.Get(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-update", Method: http.MethodPut, Path: "/products/{id}", Summary: "Save a product (a new price is kept in its history)",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *productUpdateInput) (*productOutput, error) {
		cid, uid := principal(ctx)
		p, err := s.Update(ctx, cid, uid, in.ID, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	for _, a := range []struct {
		id, path, summary string
		active            bool
	}{
		{"product-activate", "/products/{id}/activate", "Show a product to agents again", true},
		{"product-deactivate", "/products/{id}/deactivate", "Hide a product from agents and suggestions", false},
	} {
		huma.Register(company, huma.Operation{
			OperationID: a.id, Method: http.MethodPost, Path: a.path, Summary: a.summary, Errors: []int{404},
		}, func(ctx context.Context, in *productIDInput) (*productOutput, error) {
			cid, uid := principal(ctx)
			p, err := s.SetActive(ctx, cid, uid, in.ID, a.active)
			if err != nil {
				return nil, err
			}
			return &productOutput{Body: view(p)}, nil
		})
	}

	huma.Register(company, huma.Operation{
		OperationID: "product-delete", Method: http.MethodDelete, Path: "/products/{id}", Summary: "Delete a product with its images and price history",
		DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *productIDInput) (*struct{}, error) {
		cid, uid := principal(ctx)
		return nil, s.Delete(ctx, cid, uid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-image-upload", Method: http.MethodPost, Path: "/products/images", Summary: "Add an image to a product's gallery",
		MaxBodyBytes: MaxImageBytes + 64<<10, Errors: []int{404, 413, 422},
	}, func(ctx context.Context, in *productImageUploadInput) (*productOutput, error) {
		form := in.RawBody.Data()
		id, err := uuid.Parse(form.ProductID)
		if err != nil {
			return nil, apperr.Invalid("body.product_id", "Choose a product.")
		}
		if !form.File.IsSet {
			return nil, apperr.Invalid("body.file", "Choose an image file.")
		}
		data, err := io.ReadAll(io.LimitReader(form.File, MaxImageBytes+1))
		if err != nil {
			return nil, err
		}
		cid, _ := principal(ctx)
		p, err := s.AddImage(ctx, cid, id, data)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-image-reorder", Method: http.MethodPut, Path: "/products/{id}/images/order", Summary: "Reorder a product's images",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *productImageOrderInput) (*productOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.ReorderImages(ctx, cid, in.ID, in.Body.ImageIDs)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-image-set-cover", Method: http.MethodPost, Path: "/products/{id}/images/{image_id}/cover", Summary: "Make an image the product's cover",
		Errors: []int{404},
	}, func(ctx context.Context, in *productImageInput) (*productOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.SetCover(ctx, cid, in.ID, in.ImageID)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-image-delete", Method: http.MethodDelete, Path: "/products/{id}/images/{image_id}", Summary: "Remove an image from a product's gallery",
		Errors: []int{404},
	}, func(ctx context.Context, in *productImageInput) (*productOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.DeleteImage(ctx, cid, in.ID, in.ImageID)
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: view(p)}, nil
	})
}

type agentProductSearchInput struct {
	Query    string `query:"q" maxLength:"200" doc:"Matched in name, SKU, category and tags."`
	Category string `query:"category" maxLength:"100"`
	Cursor   string `query:"cursor" maxLength:"500"`
	Limit    int    `query:"limit" minimum:"0" maximum:"50"`
}

// RegisterAgent adds the agents' read-only catalog search (the chat sidebar); only active products.
func RegisterAgent(agent huma.API, s *Service) {
	huma.Register(agent, huma.Operation{
		OperationID: "agent-product-search", Method: http.MethodGet, Path: "/products", Summary: "Search active products to send in a chat (in stock first)",
		Errors: []int{422},
	}, func(ctx context.Context, in *agentProductSearchInput) (*productPageOutput, error) {
		cid, _ := principal(ctx)
		p, err := s.Search(ctx, cid, Query{Text: in.Query, Category: in.Category, ActiveOnly: true, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		return &productPageOutput{Body: pageView(p)}, nil
	})
}

// ProductImportView is an import's progress and outcome.
type ProductImportView struct {
	ID            string     `json:"id"`
	Mode          string     `json:"mode" enum:"valid_rows,all_or_nothing"`
	Status        string     `json:"status" enum:"queued,running,done,failed"`
	TotalRows     int32      `json:"total_rows"`
	ProcessedRows int32      `json:"processed_rows"`
	ImportedRows  int32      `json:"imported_rows"`
	FailedRows    int32      `json:"failed_rows"`
	Errors        []RowError `json:"errors" doc:"At most 1000, by row (1 is the header) and column."`
	Detail        string     `json:"detail"`
	CreatedAt     time.Time  `json:"created_at"`
	FinishedAt    *time.Time `json:"finished_at" nullable:"true"`
}

func importView(i *dbgen.ProductImport) ProductImportView {
	v := ProductImportView{ID: i.ID.String(), Mode: i.Mode, Status: i.Status, TotalRows: i.TotalRows, ProcessedRows: i.ProcessedRows,
		ImportedRows: i.ImportedRows, FailedRows: i.FailedRows, Errors: []RowError{}, Detail: i.Detail, CreatedAt: i.CreatedAt, FinishedAt: i.FinishedAt}
	_ = json.Unmarshal(i.Errors, &v.Errors)
	if v.Errors == nil {
		v.Errors = []RowError{}
	}
	return v
}

// ProductImportPreviewView is what an import would do.
type ProductImportPreviewView struct {
	TotalRows int                 `json:"total_rows"`
	ValidRows int                 `json:"valid_rows"`
	ErrorRows int                 `json:"error_rows"`
	Errors    []RowError          `json:"errors" doc:"At most 1000, by row (1 is the header) and column."`
	Sample    []ProductSampleView `json:"sample" doc:"The first valid rows."`
}

// ProductSampleView is a valid row of a previewed file.
type ProductSampleView struct {
	Name       string `json:"name"`
	SKU        string `json:"sku"`
	PriceMinor int64  `json:"price_minor"`
	Category   string `json:"category"`
}

type productImportFileInput struct {
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"CSV with a header row: name, sku, price and optional columns."`
		Mode string        `form:"mode" required:"false" doc:"valid_rows (default) or all_or_nothing; ignored by the preview."`
	}]
}

// importFile is the uploaded CSV, read as a stream by the preview and the import.
func importFile(in *productImportFileInput) (io.Reader, string, error) {
	form := in.RawBody.Data()
	if !form.File.IsSet {
		return nil, "", apperr.Invalid("body.file", "Choose a CSV file.")
	}
	mode := form.Mode
	if mode == "" {
		mode = ModeValidRows
	}
	return form.File, mode, nil
}

type productImportOutput struct{ Body ProductImportView }

type productImportPreviewOutput struct{ Body ProductImportPreviewView }

type productExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// RegisterImport adds CSV import and export to the company admin's catalog.
func RegisterImport(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "product-import-preview", Method: http.MethodPost, Path: "/products/import/preview",
		Summary: "Check a CSV file row by row without saving anything", MaxBodyBytes: MaxImportBytes + 64<<10, Errors: []int{413, 422},
	}, func(ctx context.Context, in *productImportFileInput) (*productImportPreviewOutput, error) {
		file, _, err := importFile(in)
		if err != nil {
			return nil, err
		}
		cid, _ := principal(ctx)
		pv, err := s.PreviewImport(ctx, cid, file)
		if err != nil {
			return nil, err
		}
		out := ProductImportPreviewView{TotalRows: pv.TotalRows, ValidRows: pv.ValidRows, ErrorRows: pv.ErrorRows, Errors: pv.Errors, Sample: []ProductSampleView{}}
		for _, r := range pv.Sample {
			out.Sample = append(out.Sample, ProductSampleView{Name: r.Name, SKU: r.SKU, PriceMinor: r.PriceMinor, Category: r.Category})
		}
		return &productImportPreviewOutput{Body: out}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-import-start", Method: http.MethodPost, Path: "/products/import",
		Summary: "Import a CSV file in the background; poll the import for progress", DefaultStatus: http.StatusAccepted,
		MaxBodyBytes: MaxImportBytes + 64<<10, Errors: []int{413, 422},
	}, func(ctx context.Context, in *productImportFileInput) (*productImportOutput, error) {
		file, mode, err := importFile(in)
		if err != nil {
			return nil, err
		}
		cid, uid := principal(ctx)
		imp, err := s.StartImport(ctx, cid, uid, mode, file)
		if err != nil {
			return nil, err
		}
		return &productImportOutput{Body: importView(imp)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-import-get", Method: http.MethodGet, Path: "/product-imports/{id}", Summary: "An import's progress and refused rows",
		Errors: []int{404},
	}, func(ctx context.Context, in *productIDInput) (*productImportOutput, error) {
		cid, _ := principal(ctx)
		imp, err := s.GetImport(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &productImportOutput{Body: importView(imp)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "product-export", Method: http.MethodGet, Path: "/products/export", Summary: "Every product as CSV (the import's columns)",
	}, func(ctx context.Context, _ *struct{}) (*productExportOutput, error) {
		cid, _ := principal(ctx)
		var buf bytes.Buffer
		if err := s.Export(ctx, cid, &buf); err != nil {
			return nil, err
		}
		return &productExportOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="products.csv"`, Body: buf.Bytes()}, nil
	})
}
