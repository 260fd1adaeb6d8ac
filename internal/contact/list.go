package contact

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Query filters the contact list.
type Query struct {
	Text       string // matched in name, phone, username and chat id
	LeadStatus string
	Tag        string
	Channel    string
	Cursor     string // from the previous page's NextCursor
	Limit      int
}

// Page is one page of contacts, most recent activity first.
type Page struct {
	Items      []dbgen.ContactCrmListRow
	NextCursor string // "" on the last page
}

type listCursor struct {
	At time.Time `json:"a"`
	ID uuid.UUID `json:"i"`
}

func encodeCursor(v any) string {
	raw, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(s string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(raw, v) != nil {
		return apperr.Invalid("query.cursor", "The page cursor is not valid; start from the first page.")
	}
	return nil
}

func (q Query) params(v Viewer) (dbgen.ContactCrmListParams, error) {
	p := dbgen.ContactCrmListParams{AgentID: v.agentID(), Query: db.EscapeLike(strings.TrimSpace(q.Text)), LeadStatus: strings.TrimSpace(q.LeadStatus),
		Tag: strings.TrimSpace(q.Tag), Channel: strings.TrimSpace(q.Channel), RowLimit: int32(q.Limit + 1)}
	if p.LeadStatus != "" && !ValidLeadStatus(p.LeadStatus) {
		return p, apperr.Invalid("query.lead_status", "Choose a lead status: "+strings.Join(LeadStatuses, ", ")+".")
	}
	if p.Channel != "" && p.Channel != "telegram" && p.Channel != "whatsapp" {
		return p, apperr.Invalid("query.channel", "The channel must be telegram or whatsapp.")
	}
	if q.Cursor != "" {
		var c listCursor
		if err := decodeCursor(q.Cursor, &c); err != nil {
			return p, err
		}
		p.HasCursor, p.AfterAt, p.AfterID = true, c.At, c.ID
	}
	return p, nil
}

// List returns a page of the contacts the viewer sees.
// Errors: EINVALID (bad cursor, status or channel).
func (s *Service) List(ctx context.Context, v Viewer, q Query) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 50
	}
	params, err := q.params(v)
	if err != nil {
		return nil, err
	}
	var rows []dbgen.ContactCrmListRow
	err = s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.ContactCrmList(ctx, params)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("contact.List: %w", err)
	}
	page := &Page{Items: rows}
	if len(rows) > q.Limit {
		page.Items = rows[:q.Limit]
		last := page.Items[q.Limit-1]
		page.NextCursor = encodeCursor(listCursor{At: last.LastActivityAt, ID: last.ID})
	}
	return page, nil
}
