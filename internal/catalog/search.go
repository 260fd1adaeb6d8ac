package catalog

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Query filters a catalog search.
type Query struct {
	Text        string // matched in name, SKU, category and tags
	Category    string
	Tag         string
	StockStatus string
	ActiveOnly  bool
	Cursor      string // from the previous page's NextCursor
	Limit       int
}

// Page is one page of search results, in stock first.
type Page struct {
	Items      []dbgen.ProductSearchRow
	NextCursor string // "" on the last page
}

type cursor struct {
	Rank int32     `json:"r"`
	Name string    `json:"n"`
	ID   uuid.UUID `json:"i"`
}

// Search lists a company's products matching q, in stock first, then by name.
// Errors: EINVALID (a malformed cursor or stock status).
func (s *Service) Search(ctx context.Context, companyID uuid.UUID, q Query) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 50
	}
	if q.StockStatus != "" && q.StockStatus != InStock && q.StockStatus != Limited && q.StockStatus != OutOfStock {
		return nil, apperr.Invalid("query.stock_status", "Stock status must be in_stock, limited or out_of_stock.")
	}
	params := dbgen.ProductSearchParams{Query: db.EscapeLike(strings.TrimSpace(q.Text)), Category: strings.TrimSpace(q.Category),
		Tag: strings.TrimSpace(q.Tag), StockStatus: q.StockStatus, ActiveOnly: q.ActiveOnly, RowLimit: int32(q.Limit + 1)}
	if q.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(q.Cursor)
		var c cursor
		if err != nil || json.Unmarshal(raw, &c) != nil {
			return nil, apperr.Invalid("query.cursor", "The page cursor is not valid; start from the first page.")
		}
		params.HasCursor, params.AfterRank, params.AfterName, params.AfterID = true, c.Rank, c.Name, c.ID
	}
	var rows []dbgen.ProductSearchRow
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.ProductSearch(ctx, params)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Search: %w", err)
	}
	page := &Page{Items: rows}
	if len(rows) > q.Limit {
		page.Items = rows[:q.Limit]
		last := page.Items[q.Limit-1]
		raw, _ := json.Marshal(cursor{Rank: last.StockRank, Name: last.Name, ID: last.ID})
		page.NextCursor = base64.RawURLEncoding.EncodeToString(raw)
	}
	return page, nil
}

// Categories lists the categories in use, for filters.
func (s *Service) Categories(ctx context.Context, companyID uuid.UUID) ([]string, error) {
	var out []string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ProductCategoryList(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Categories: %w", err)
	}
	return out, nil
}
