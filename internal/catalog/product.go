// Package catalog keeps a company's products: prices in minor units with their
// history, stock, custom fields and an image gallery; search for the chat sidebar.
package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

// Stock statuses.
const (
	InStock    = "in_stock"
	Limited    = "limited"
	OutOfStock = "out_of_stock"
)

// Limits on what a product holds.
const (
	MaxTags         = 30
	MaxLinks        = 10
	MaxCustomFields = 50
	// MaxPriceMinor is the largest price accepted (RM 100 million in sen).
	MaxPriceMinor = 10_000_000_000
)

// Service manages a company's catalog.
type Service struct {
	db    *db.DB
	blobs storage.Store
	now   func() time.Time
	jobs  *river.Client[pgx.Tx]
}

// NewService returns a Service.
func NewService(d *db.DB, blobs storage.Store) *Service {
	return &Service{db: d, blobs: blobs, now: time.Now}
}

// Input is a product as an admin writes it (the API and the CSV import share it).
type Input struct {
	Name              string
	Description       string
	PriceMinor        int64
	SKU               string
	Category          string
	Tags              []string
	StockStatus       string
	Quantity          *int32
	LowStockThreshold *int32
	Links             []string
	CustomFields      map[string]string
	Active            bool
}

// Product is a product with what its page shows.
type Product struct {
	dbgen.Product
	CustomFieldMap map[string]string
	Images         []dbgen.ProductImage
	PriceHistory   []dbgen.ProductPriceHistory
	CoverThumbKey  string
}

// FieldError is one invalid field of an input, named like the API's fields.
type FieldError struct {
	Field   string
	Message string
}

// Validate cleans an input in place and returns every problem found, each naming its field
// ("name", "price", ...); the API prefixes "body.", the CSV import names the column.
func (in *Input) Validate() []FieldError {
	var errs []FieldError
	add := func(f, m string) { errs = append(errs, FieldError{f, m}) }
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.SKU = strings.TrimSpace(in.SKU)
	in.Category = strings.TrimSpace(in.Category)
	in.StockStatus = strings.TrimSpace(strings.ToLower(in.StockStatus))
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		add("name", "Enter the product's name.")
	case n > 200:
		add("name", "The name must be at most 200 characters.")
	}
	if utf8.RuneCountInString(in.Description) > 5000 {
		add("description", "The description must be at most 5000 characters.")
	}
	if in.PriceMinor < 0 {
		add("price", "The price cannot be negative.")
	} else if in.PriceMinor > MaxPriceMinor {
		add("price", "The price is too large.")
	}
	switch {
	case in.SKU == "":
		add("sku", "Enter a SKU.")
	case utf8.RuneCountInString(in.SKU) > 64:
		add("sku", "The SKU must be at most 64 characters.")
	case strings.ContainsAny(in.SKU, " \t\r\n"):
		add("sku", "The SKU cannot contain spaces.")
	}
	if utf8.RuneCountInString(in.Category) > 100 {
		add("category", "The category must be at most 100 characters.")
	}
	if in.StockStatus == "" {
		in.StockStatus = InStock
	}
	if in.StockStatus != InStock && in.StockStatus != Limited && in.StockStatus != OutOfStock {
		add("stock_status", "Stock status must be in_stock, limited or out_of_stock.")
	}
	if in.Quantity != nil && *in.Quantity < 0 {
		add("quantity", "The quantity cannot be negative.")
	}
	if in.LowStockThreshold != nil && *in.LowStockThreshold < 0 {
		add("low_stock_threshold", "The low-stock threshold cannot be negative.")
	}
	tags, seen := []string{}, map[string]bool{}
	for _, t := range in.Tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		if utf8.RuneCountInString(t) > 50 {
			add("tags", "Each tag must be at most 50 characters.")
			break
		}
		tags = append(tags, t)
	}
	if len(tags) > MaxTags {
		add("tags", fmt.Sprintf("At most %d tags.", MaxTags))
	}
	in.Tags = tags
	links := []string{}
	for _, l := range in.Links {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(l) > 500 {
			add("links", fmt.Sprintf("%q is not a web address (http or https).", truncate(l, 60)))
			break
		}
		links = append(links, l)
	}
	if len(links) > MaxLinks {
		add("links", fmt.Sprintf("At most %d links.", MaxLinks))
	}
	in.Links = links
	fields := map[string]string{}
	for k, v := range in.CustomFields {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if utf8.RuneCountInString(k) > 100 || utf8.RuneCountInString(v) > 1000 {
			add("custom_fields", "Custom field names are at most 100 characters and values at most 1000.")
			break
		}
		fields[k] = strings.TrimSpace(v)
	}
	if len(fields) > MaxCustomFields {
		add("custom_fields", fmt.Sprintf("At most %d custom fields.", MaxCustomFields))
	}
	in.CustomFields = fields
	return errs
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// validate returns the input's first problem as an API error.
func (in *Input) validate() error {
	if errs := in.Validate(); len(errs) > 0 {
		return apperr.Invalid("body."+errs[0].Field, errs[0].Message)
	}
	return nil
}

var errSKUTaken = apperr.Invalid("body.sku", "Another product already has this SKU.")

func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "23505"
}

// Create adds a product and its first price to the history.
// Errors: EINVALID (naming the field; a SKU already in use is body.sku).
func (s *Service) Create(ctx context.Context, companyID, actor uuid.UUID, in Input) (*Product, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		p, err := createTx(ctx, tx, companyID, actor, in)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "product.created", TargetType: "product", TargetID: p.ID.String()}); err != nil {
			return err
		}
		out, err = load(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Create: %w", err)
	}
	return out, nil
}

// createTx inserts a validated input inside an open tenant transaction.
func createTx(ctx context.Context, tx *db.Tx, companyID, actor uuid.UUID, in Input) (dbgen.Product, error) {
	fields, _ := json.Marshal(in.CustomFields)
	// A savepoint keeps the transaction usable after a duplicate SKU (the import goes on).
	sp, err := tx.Begin(ctx)
	if err != nil {
		return dbgen.Product{}, err
	}
	p, err := dbgen.New(sp).ProductCreate(ctx, dbgen.ProductCreateParams{CompanyID: companyID, Name: in.Name, Description: in.Description,
		PriceMinor: in.PriceMinor, Sku: in.SKU, Category: in.Category, Tags: in.Tags, StockStatus: in.StockStatus,
		Quantity: in.Quantity, LowStockThreshold: in.LowStockThreshold, Links: in.Links, CustomFields: fields, Active: in.Active})
	if err != nil {
		_ = sp.Rollback(ctx)
		if isUniqueViolation(err) {
			return dbgen.Product{}, errSKUTaken
		}
		return dbgen.Product{}, err
	}
	if err := sp.Commit(ctx); err != nil {
		return dbgen.Product{}, err
	}
	err = tx.ProductPriceHistoryAdd(ctx, dbgen.ProductPriceHistoryAddParams{CompanyID: companyID, ProductID: p.ID, PriceMinor: p.PriceMinor,
		Currency: p.Currency, ChangedBy: nullUUID(actor)})
	return p, err
}

// Update saves a product; a new price is added to its history.
// Errors: ENOTFOUND, EINVALID.
func (s *Service) Update(ctx context.Context, companyID, actor, id uuid.UUID, in Input) (*Product, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		old, err := tx.ProductGetForUpdate(ctx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("product")
		} else if err != nil {
			return err
		}
		fields, _ := json.Marshal(in.CustomFields)
		p, err := tx.ProductUpdate(ctx, dbgen.ProductUpdateParams{ID: id, Name: in.Name, Description: in.Description, PriceMinor: in.PriceMinor,
			Sku: in.SKU, Category: in.Category, Tags: in.Tags, StockStatus: in.StockStatus, Quantity: in.Quantity,
			LowStockThreshold: in.LowStockThreshold, Links: in.Links, CustomFields: fields})
		if isUniqueViolation(err) {
			return errSKUTaken
		} else if err != nil {
			return err
		}
		if p.PriceMinor != old.PriceMinor {
			if err := tx.ProductPriceHistoryAdd(ctx, dbgen.ProductPriceHistoryAddParams{CompanyID: companyID, ProductID: id,
				PriceMinor: p.PriceMinor, Currency: p.Currency, ChangedBy: nullUUID(actor)}); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "product.updated", TargetType: "product", TargetID: id.String()}); err != nil {
			return err
		}
		out, err = load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Update: %w", err)
	}
	return out, nil
}

// SetActive activates or deactivates a product (a deactivated one is hidden from agents).
// Errors: ENOTFOUND.
func (s *Service) SetActive(ctx context.Context, companyID, actor, id uuid.UUID, active bool) (*Product, error) {
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		_, err := tx.ProductSetActive(ctx, dbgen.ProductSetActiveParams{ID: id, Active: active})
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("product")
		} else if err != nil {
			return err
		}
		action := "product.deactivated"
		if active {
			action = "product.activated"
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: action, TargetType: "product", TargetID: id.String()}); err != nil {
			return err
		}
		out, err = load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.SetActive: %w", err)
	}
	return out, nil
}

// Delete removes a product with its history and images.
// Errors: ENOTFOUND.
func (s *Service) Delete(ctx context.Context, companyID, actor, id uuid.UUID) error {
	var keys []dbgen.ProductImageKeysByProductRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if keys, err = tx.ProductImageKeysByProduct(ctx, id); err != nil {
			return err
		}
		n, err := tx.ProductDelete(ctx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("product")
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "product.deleted", TargetType: "product", TargetID: id.String()})
	})
	if err != nil {
		return fmt.Errorf("catalog.Delete: %w", err)
	}
	for _, k := range keys {
		_ = s.blobs.Delete(ctx, k.BlobKey)
		_ = s.blobs.Delete(ctx, k.ThumbKey)
	}
	return nil
}

// Get returns a product with its images and price history.
// Errors: ENOTFOUND.
func (s *Service) Get(ctx context.Context, companyID, id uuid.UUID) (*Product, error) {
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = load(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Get: %w", err)
	}
	return out, nil
}

func load(ctx context.Context, tx *db.Tx, id uuid.UUID) (*Product, error) {
	p, err := tx.ProductGet(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFound("product")
	} else if err != nil {
		return nil, err
	}
	out := &Product{Product: p, CustomFieldMap: map[string]string{}}
	_ = json.Unmarshal(p.CustomFields, &out.CustomFieldMap)
	if out.Images, err = tx.ProductImageList(ctx, id); err != nil {
		return nil, err
	}
	for _, im := range out.Images {
		if im.IsCover {
			out.CoverThumbKey = im.ThumbKey
		}
	}
	if out.PriceHistory, err = tx.ProductPriceHistoryList(ctx, id); err != nil {
		return nil, err
	}
	return out, nil
}

func nullUUID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }
