package contact

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Timeline entry kinds.
const (
	KindMessages     = "messages"      // messages of one conversation on one day
	KindAssignment   = "assignment"    // the conversation changed agent
	KindStatusChange = "status_change" // the lead status changed
	KindNote         = "note"
	KindReminder     = "reminder"
	KindSale         = "sale" // the conversation was completed with a sale
	KindLost         = "lost" // the conversation was closed as lost
)

// TimelinePage is one page of a contact's activity, newest first.
type TimelinePage struct {
	Items      []dbgen.ContactCrmTimelineRow
	NextCursor string
}

type timelineCursor struct {
	At   time.Time `json:"a"`
	Kind string    `json:"k"`
	Ref  string    `json:"r"`
}

// Timeline returns a page of what happened with a contact. An agent sees the
// contact's own changes and only the activity of conversations assigned to them.
// Errors: ENOTFOUND, EINVALID (bad cursor).
func (s *Service) Timeline(ctx context.Context, v Viewer, id uuid.UUID, cursor string, limit int) (*TimelinePage, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	p := dbgen.ContactCrmTimelineParams{ContactID: id, AgentID: v.agentID(), RowLimit: int32(limit + 1)}
	if cursor != "" {
		var c timelineCursor
		if err := decodeCursor(cursor, &c); err != nil {
			return nil, err
		}
		p.HasCursor, p.AfterAt, p.AfterKind, p.AfterRef = true, c.At, c.Kind, c.Ref
	}
	var rows []dbgen.ContactCrmTimelineRow
	err := s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		if _, err := tx.ContactCrmGet(ctx, dbgen.ContactCrmGetParams{ID: id, AgentID: v.agentID()}); err != nil {
			return err
		}
		var err error
		rows, err = tx.ContactCrmTimeline(ctx, p)
		return err
	})
	if err != nil {
		return nil, wrap("contact.Timeline", err)
	}
	page := &TimelinePage{Items: rows}
	if len(rows) > limit {
		page.Items = rows[:limit]
		last := page.Items[limit-1]
		page.NextCursor = encodeCursor(timelineCursor{At: last.At, Kind: last.Kind, Ref: last.Ref})
	}
	return page, nil
}
