package inbox

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

// Reminder is an open reminder with its conversation's customer.
type Reminder = dbgen.ReminderListOpenRow

// EventReminder is the realtime event of a user's changed reminders.
const EventReminder = "reminder.updated"

// reminderMaxAhead is how far ahead a reminder may be set.
const reminderMaxAhead = 366 * 24 * time.Hour

func publishReminder(ctx context.Context, tx *db.Tx, r dbgen.Reminder) error {
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventReminder, CompanyID: r.CompanyID, IDs: []uuid.UUID{r.ID, r.ConversationID}, UserIDs: []uuid.UUID{r.UserID}})
}

func reminderGet(ctx context.Context, tx *db.Tx, id uuid.UUID) (Reminder, error) {
	r, err := tx.ReminderGet(ctx, id)
	return Reminder(r), err
}

// CreateReminder sets a follow-up for userID on a conversation, due at dueAt
// (in the future) with a note. An agent (ownOnly) may set one only on a
// conversation assigned to them. Codes: not_found, invalid (due_at, note).
func (s *Service) CreateReminder(ctx context.Context, companyID, userID, conversationID uuid.UUID, ownOnly bool, dueAt time.Time, note string) (Reminder, error) {
	var out Reminder
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return out, apperr.Invalid("body.note", "at most 1000 characters")
	}
	now := time.Now()
	if !dueAt.After(now) {
		return out, apperr.Invalid("body.due_at", "must be in the future")
	}
	if dueAt.After(now.Add(reminderMaxAhead)) {
		return out, apperr.Invalid("body.due_at", "at most a year ahead")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		conv, err := tx.ConversationGet(ctx, conversationID)
		if db.IsNotFound(err) || (err == nil && ownOnly && (!conv.AssignedAgentID.Valid || conv.AssignedAgentID.UUID != userID)) {
			return apperr.NotFound("conversation")
		} else if err != nil {
			return err
		}
		r, err := tx.ReminderInsert(ctx, dbgen.ReminderInsertParams{CompanyID: companyID, ConversationID: conv.ID, ContactID: conv.ContactID,
			UserID: userID, DueAt: dueAt.UTC(), Body: note})
		if err != nil {
			return err
		}
		if out, err = reminderGet(ctx, tx, r.ID); err != nil {
			return err
		}
		return publishReminder(ctx, tx, r)
	})
	if err != nil {
		return out, fmt.Errorf("inbox.CreateReminder: %w", err)
	}
	return out, nil
}

// Tasks is a user's reminders not done and due by the end of today in the
// company's time zone, overdue ones included, soonest first.
func (s *Service) Tasks(ctx context.Context, companyID, userID uuid.UUID) ([]Reminder, error) {
	var out []Reminder
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		b, err := tx.ReminderDayBounds(ctx, companyID)
		if err != nil {
			return err
		}
		out, err = tx.ReminderListOpen(ctx, dbgen.ReminderListOpenParams{UserID: userID, Until: b.EndOfToday, Lim: 200})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Tasks: %w", err)
	}
	return out, nil
}

// Upcoming is a user's reminders not done, due at any time, soonest first.
func (s *Service) Upcoming(ctx context.Context, companyID, userID uuid.UUID, limit int32) ([]Reminder, error) {
	var out []Reminder
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.ReminderListOpen(ctx, dbgen.ReminderListOpenParams{UserID: userID, Until: time.Now().Add(2 * reminderMaxAhead), Lim: limit})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox.Upcoming: %w", err)
	}
	return out, nil
}

// CompleteReminder marks one of userID's reminders done. Codes: not_found.
func (s *Service) CompleteReminder(ctx context.Context, companyID, userID, id uuid.UUID) (Reminder, error) {
	var out Reminder
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		r, err := tx.ReminderMarkDone(ctx, dbgen.ReminderMarkDoneParams{ID: id, UserID: userID})
		if db.IsNotFound(err) {
			return apperr.NotFound("reminder")
		} else if err != nil {
			return err
		}
		if out, err = reminderGet(ctx, tx, r.ID); err != nil {
			return err
		}
		return publishReminder(ctx, tx, r)
	})
	if err != nil {
		return out, fmt.Errorf("inbox.CompleteReminder: %w", err)
	}
	return out, nil
}

// DeleteReminder removes one of userID's reminders. Codes: not_found.
func (s *Service) DeleteReminder(ctx context.Context, companyID, userID, id uuid.UUID) error {
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		n, err := tx.ReminderDelete(ctx, dbgen.ReminderDeleteParams{ID: id, UserID: userID})
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("reminder")
		}
		return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventReminder, CompanyID: companyID, IDs: []uuid.UUID{id}, UserIDs: []uuid.UUID{userID}})
	})
	if err != nil {
		return fmt.Errorf("inbox.DeleteReminder: %w", err)
	}
	return nil
}

// NotifyDueReminders notifies the user of every reminder that has come due,
// once: each reminder is locked (others' locked rows skipped) and marked
// notified in the transaction that stores its notification. It returns how
// many it notified.
func (s *Service) NotifyDueReminders(ctx context.Context) (int, error) {
	var companies []uuid.UUID
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		companies, err = tx.ReminderCompaniesDue(ctx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("inbox.NotifyDueReminders: %w", err)
	}
	total := 0
	for _, companyID := range companies {
		n := 0
		err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			n = 0
			due, err := tx.ReminderLockDue(ctx, 500)
			if err != nil {
				return err
			}
			for _, r := range due {
				body := r.Body
				if body == "" {
					body = "Time to follow up."
				}
				if _, err := notify.Add(ctx, tx, companyID, notify.Note{UserID: r.UserID, Kind: notify.KindReminder, ConversationID: r.ConversationID,
					Title: "Follow up with " + r.ContactName, Body: body}); err != nil {
					return err
				}
				if err := tx.ReminderMarkNotified(ctx, r.ID); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("inbox.NotifyDueReminders: %w", err)
		}
		total += n
	}
	return total, nil
}

// AgentCounts are an agent's own figures for their dashboard.
type AgentCounts struct {
	OpenAssigned      int32
	AwaitingReply     int32
	RemindersDueToday int32
	SalesThisMonth    int32
}

// Counts returns agentID's figures; "today" and "this month" follow the company's time zone.
func (s *Service) Counts(ctx context.Context, companyID, agentID uuid.UUID) (AgentCounts, error) {
	var out AgentCounts
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		b, err := tx.ReminderDayBounds(ctx, companyID)
		if err != nil {
			return err
		}
		c, err := tx.ConversationAgentCounts(ctx, dbgen.ConversationAgentCountsParams{AgentID: uuid.NullUUID{UUID: agentID, Valid: true}, Since: b.MonthStart})
		if err != nil {
			return err
		}
		out = AgentCounts{OpenAssigned: c.OpenAssigned, AwaitingReply: c.AwaitingReply, SalesThisMonth: c.SalesSince}
		out.RemindersDueToday, err = tx.ReminderCountDue(ctx, dbgen.ReminderCountDueParams{UserID: agentID, Until: b.EndOfToday})
		return err
	})
	if err != nil {
		return out, fmt.Errorf("inbox.Counts: %w", err)
	}
	return out, nil
}

// ReminderArgs is the periodic job that notifies due reminders.
type ReminderArgs struct{}

// Kind names the job.
func (ReminderArgs) Kind() string { return "inbox_reminders" }

// ReminderInterval is how often due reminders are looked for.
const ReminderInterval = time.Minute

// ReminderWorker runs ReminderArgs.
type ReminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	Service *Service
}

// Work notifies every due reminder.
func (w *ReminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	_, err := w.Service.NotifyDueReminders(ctx)
	return err
}
