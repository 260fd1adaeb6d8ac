// Package notify stores what a user is told (an assignment, a transfer
// decision, a due reminder) so the bell can list it later, and pushes each new
// notification to exactly that user over the realtime stream.
package notify

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

// Kinds of notification.
const (
	KindAssigned         = "assigned"
	KindMovedAway        = "moved_away"
	KindTransferRequest  = "transfer_requested"
	KindTransferApproved = "transfer_approved"
	KindTransferDeclined = "transfer_declined"
	KindReminder         = "reminder"
)

// EventCreated is the realtime event a new notification sends to its user.
const EventCreated = "notification.created"

// EventRead tells the user's other tabs that notifications were read.
const EventRead = "notification.read"

// Note is one notification to store.
type Note struct {
	UserID         uuid.UUID
	Kind           string
	Title          string
	Body           string
	ConversationID uuid.UUID // uuid.Nil: about no conversation
}

// Add stores n for its user inside the caller's transaction (so it exists
// only if the change it reports commits) and pushes it to that user alone.
func Add(ctx context.Context, tx *db.Tx, companyID uuid.UUID, n Note) (dbgen.Notification, error) {
	row, err := tx.NotificationInsert(ctx, dbgen.NotificationInsertParams{CompanyID: companyID, UserID: n.UserID, Kind: n.Kind,
		Title: clip(n.Title, 300), Body: clip(n.Body, 2000), ConversationID: uuid.NullUUID{UUID: n.ConversationID, Valid: n.ConversationID != uuid.Nil}})
	if err != nil {
		return row, fmt.Errorf("notify.Add: %w", err)
	}
	if err := realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventCreated, CompanyID: companyID, IDs: []uuid.UUID{row.ID}, UserIDs: []uuid.UUID{n.UserID}}); err != nil {
		return row, fmt.Errorf("notify.Add: %w", err)
	}
	return row, nil
}

// clip keeps s within max characters, so a long name never fails the write it reports.
func clip(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// Service reads and marks a user's notifications.
type Service struct {
	db *db.DB
}

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Page is one page of a user's notifications.
type Page struct {
	Items  []dbgen.Notification
	Unread int32
	// More is true when older notifications follow the last item.
	More bool
}

// List returns userID's notifications newest first: limit of them, older than
// the notification before when it is set, with the unread count.
func (s *Service) List(ctx context.Context, companyID, userID uuid.UUID, limit int32, before uuid.UUID) (Page, error) {
	var p Page
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		p.Items, err = tx.NotificationList(ctx, dbgen.NotificationListParams{UserID: userID,
			BeforeID: uuid.NullUUID{UUID: before, Valid: before != uuid.Nil}, Lim: limit + 1})
		if err != nil {
			return err
		}
		if len(p.Items) > int(limit) {
			p.Items, p.More = p.Items[:limit], true
		}
		p.Unread, err = tx.NotificationCountUnread(ctx, userID)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("notify.List: %w", err)
	}
	return p, nil
}

// Unread is how many of userID's notifications are unread.
func (s *Service) Unread(ctx context.Context, companyID, userID uuid.UUID) (int32, error) {
	var n int32
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		n, err = tx.NotificationCountUnread(ctx, userID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("notify.Unread: %w", err)
	}
	return n, nil
}

// MarkRead marks one of userID's notifications read; another user's is not
// found. Codes: not_found.
func (s *Service) MarkRead(ctx context.Context, companyID, userID, id uuid.UUID) (dbgen.Notification, error) {
	var out dbgen.Notification
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.NotificationMarkRead(ctx, dbgen.NotificationMarkReadParams{ID: id, UserID: userID})
		if db.IsNotFound(err) {
			return apperr.NotFound("notification")
		} else if err != nil {
			return err
		}
		return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventRead, CompanyID: companyID, IDs: []uuid.UUID{id}, UserIDs: []uuid.UUID{userID}})
	})
	if err != nil {
		return out, fmt.Errorf("notify.MarkRead: %w", err)
	}
	return out, nil
}

// MarkAllRead marks every unread notification of userID read; it returns how many.
func (s *Service) MarkAllRead(ctx context.Context, companyID, userID uuid.UUID) (int64, error) {
	var n int64
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if n, err = tx.NotificationMarkAllRead(ctx, userID); err != nil || n == 0 {
			return err
		}
		return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventRead, CompanyID: companyID, IDs: []uuid.UUID{}, UserIDs: []uuid.UUID{userID}})
	})
	if err != nil {
		return 0, fmt.Errorf("notify.MarkAllRead: %w", err)
	}
	return n, nil
}
