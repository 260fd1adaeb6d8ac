package inbox_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func TestReminders(t *testing.T) {
	t.Parallel()

	t.Run("AgentSetsRemindersOnlyOnOwnConversations", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "r1", 0)
		in := time.Now().Add(48 * time.Hour)
		r, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, in, "  Send the quotation ")
		if err != nil {
			t.Fatalf("CreateReminder: %v", err)
		}
		if r.Body != "Send the quotation" || r.ContactName != "Customer r1" || r.ConversationID != conv || r.UserID != b.agents[0].ID {
			t.Fatalf("reminder: %+v", r)
		}
		if _, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[1].ID, conv, true, in, "not mine"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another agent's conversation: %v", err)
		}
		// An admin may set one on any conversation of the company.
		if _, err := b.svc.CreateReminder(ctx, b.company.ID, b.admin.ID, conv, false, in, "check in"); err != nil {
			t.Fatalf("admin: %v", err)
		}
		for _, due := range []time.Time{time.Now().Add(-time.Minute), time.Now().Add(400 * 24 * time.Hour)} {
			if _, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, due, ""); apperr.Code(err) != apperr.EINVALID {
				t.Fatalf("due %s: %v", due, err)
			}
		}
		other := dbtest.Company(t, b.d, "other")
		if _, err := b.svc.CreateReminder(ctx, other.ID, b.agents[0].ID, conv, false, in, ""); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another company: %v", err)
		}
	})

	t.Run("TodaysTasksHoldOverdueAndTodayButNotLaterOrDone", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		conv := b.assignedTo(ctx, t, "r2", 0)
		mk := func(note string) uuid.UUID {
			r, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, time.Now().Add(time.Hour), note)
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		overdue, today, later, done := mk("overdue"), mk("today"), mk("later"), mk("done")
		// Placed relative to the company's day, so the test holds at any hour.
		b.exec(ctx, t, "UPDATE reminders SET due_at = now() - interval '3 days' WHERE id = $1", overdue)
		b.exec(ctx, t, `UPDATE reminders SET due_at = date_trunc('day', now() AT TIME ZONE 'Asia/Kuala_Lumpur') AT TIME ZONE 'Asia/Kuala_Lumpur' + interval '1 minute' WHERE id = $1`, today)
		b.exec(ctx, t, `UPDATE reminders SET due_at = date_trunc('day', now() AT TIME ZONE 'Asia/Kuala_Lumpur') AT TIME ZONE 'Asia/Kuala_Lumpur' + interval '1 day 1 minute' WHERE id = $1`, later)
		if _, err := b.svc.CompleteReminder(ctx, b.company.ID, b.agents[0].ID, done); err != nil {
			t.Fatal(err)
		}
		tasks, err := b.svc.Tasks(ctx, b.company.ID, b.agents[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 2 || tasks[0].ID != overdue || tasks[1].ID != today {
			t.Fatalf("tasks: %+v", tasks)
		}
		if l, _ := b.svc.Tasks(ctx, b.company.ID, b.agents[1].ID); len(l) != 0 {
			t.Fatalf("another agent's tasks: %+v", l)
		}
		c, err := b.svc.Counts(ctx, b.company.ID, b.agents[0].ID)
		if err != nil || c.RemindersDueToday != 2 || c.OpenAssigned != 1 {
			t.Fatalf("counts: %v %+v", err, c)
		}
		if _, err := b.svc.CompleteReminder(ctx, b.company.ID, b.agents[1].ID, today); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another user completes: %v", err)
		}
		if err := b.svc.DeleteReminder(ctx, b.company.ID, b.agents[1].ID, today); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another user deletes: %v", err)
		}
		if err := b.svc.DeleteReminder(ctx, b.company.ID, b.agents[0].ID, today); err != nil {
			t.Fatal(err)
		}
		if l, _ := b.svc.Upcoming(ctx, b.company.ID, b.agents[0].ID, 50); len(l) != 2 {
			t.Fatalf("upcoming: %+v", l)
		}
		// Reassigned: the chat is no longer hers, so neither are its reminders.
		b.exec(ctx, t, "UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2", b.agents[1].ID, conv)
		if l, _ := b.svc.Tasks(ctx, b.company.ID, b.agents[0].ID); len(l) != 0 {
			t.Fatalf("tasks after reassignment: %+v", l)
		}
		if c, err := b.svc.Counts(ctx, b.company.ID, b.agents[0].ID); err != nil || c.RemindersDueToday != 0 {
			t.Fatalf("counts after reassignment: %v %+v", err, c)
		}
	})

	t.Run("DueReminderNotifiesOnceEvenWhenRunConcurrently", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		conv := b.assignedTo(ctx, t, "r3", 0)
		var ids []uuid.UUID
		for _, note := range []string{"Call back about the sofa", ""} {
			r, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, time.Now().Add(time.Hour), note)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		notYet, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, time.Now().Add(time.Hour), "not yet")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := b.svc.NotifyDueReminders(ctx); err != nil || n != 0 {
			t.Fatalf("nothing due yet: %d %v", n, err)
		}
		b.exec(ctx, t, "UPDATE reminders SET due_at = now() - interval '1 second' WHERE id = ANY($1)", ids)

		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := b.svc.NotifyDueReminders(ctx)
				if err != nil {
					t.Errorf("NotifyDueReminders: %v", err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if n, err := b.svc.NotifyDueReminders(ctx); err != nil || n != 0 {
			t.Fatalf("run again: %d %v", n, err)
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != 2 {
			t.Fatalf("notified %d times across runs %v, want 2", total, counts)
		}
		var reminders []sentNote
		for _, n := range b.notesOf(ctx, t, b.agents[0].ID) {
			if n.Kind == "reminder" {
				reminders = append(reminders, n)
			}
		}
		if len(reminders) != 2 || reminders[0].ConversationID.UUID != conv || reminders[0].Title != "Follow up with Customer r3" {
			t.Fatalf("reminder notifications: %+v", reminders)
		}
		bodies := map[string]bool{reminders[0].Body: true, reminders[1].Body: true}
		if !bodies["Call back about the sofa"] || !bodies["Time to follow up."] {
			t.Fatalf("bodies: %v", bodies)
		}
		var notified int
		b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, "SELECT count(*) FROM reminders WHERE notified_at IS NOT NULL").Scan(&notified)
		})
		if notified != 2 {
			t.Fatalf("%d reminders marked notified, want 2 (not %s)", notified, notYet.ID)
		}
	})
}

// The due-reminder job skips done reminders and reaches every company.
func TestRemindersAcrossCompanies(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t, 1)
	conv := b.assignedTo(ctx, t, "rc", 0)
	r, err := b.svc.CreateReminder(ctx, b.company.ID, b.agents[0].ID, conv, true, time.Now().Add(time.Hour), "done already")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.CompleteReminder(ctx, b.company.ID, b.agents[0].ID, r.ID); err != nil {
		t.Fatal(err)
	}
	b.exec(ctx, t, "UPDATE reminders SET due_at = now() - interval '1 minute'")

	other := dbtest.Company(t, b.d, "second")
	otherAdmin := dbtest.User(t, b.d, other.ID, "company_admin", "admin@second.test")
	b2 := &testBundle{d: b.d, svc: b.svc, company: other, admin: otherAdmin}
	otherConv := b2.open(ctx, t, "rc2", "").ID
	if _, err := b.svc.CreateReminder(ctx, other.ID, otherAdmin.ID, otherConv, false, time.Now().Add(time.Hour), "second company"); err != nil {
		t.Fatal(err)
	}
	b2.exec(ctx, t, "UPDATE reminders SET due_at = now() - interval '1 minute'")
	if n, err := b.svc.NotifyDueReminders(ctx); err != nil || n != 1 {
		t.Fatalf("notified %d (%v), want only the second company's", n, err)
	}
	if notes := b2.notesOf(ctx, t, otherAdmin.ID); len(notes) != 1 || notes[0].Body != "second company" {
		t.Fatalf("second company's admin: %+v", notes)
	}
	for _, n := range b.notesOf(ctx, t, b.agents[0].ID) {
		if n.Kind == "reminder" {
			t.Fatalf("a done reminder notified: %+v", n)
		}
	}
}
