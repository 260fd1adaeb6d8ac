package notify_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/apperr"
)

type testBundle struct {
	d        *dbtest.DB
	svc      *notify.Service
	a, b     dbgen.Company
	ann, ali dbgen.User // company A
	bob      dbgen.User // company B
}

func setup(t *testing.T) (context.Context, *testBundle) {
	t.Helper()
	d := dbtest.New(t)
	b := &testBundle{d: d, svc: notify.NewService(d.DB), a: dbtest.Company(t, d, "alpha"), b: dbtest.Company(t, d, "beta")}
	b.ann = dbtest.User(t, d, b.a.ID, "company_admin", "ann@alpha.test")
	b.ali = dbtest.User(t, d, b.a.ID, "company_user", "ali@alpha.test")
	b.bob = dbtest.User(t, d, b.b.ID, "company_admin", "bob@beta.test")
	return context.Background(), b
}

func (b *testBundle) add(ctx context.Context, t *testing.T, companyID, userID uuid.UUID, title string) dbgen.Notification {
	t.Helper()
	var n dbgen.Notification
	err := b.d.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		n, err = notify.Add(ctx, tx, companyID, notify.Note{UserID: userID, Kind: notify.KindAssigned, Title: title, Body: "body"})
		return err
	})
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	return n
}

func TestNotifications(t *testing.T) {
	t.Parallel()

	t.Run("EachUserSeesOnlyTheirOwn", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		mine := b.add(ctx, t, b.a.ID, b.ali.ID, "for Ali")
		b.add(ctx, t, b.a.ID, b.ann.ID, "for Ann")
		b.add(ctx, t, b.b.ID, b.bob.ID, "for Bob")

		p, err := b.svc.List(ctx, b.a.ID, b.ali.ID, 20, uuid.Nil)
		if err != nil || len(p.Items) != 1 || p.Items[0].ID != mine.ID || p.Unread != 1 || p.More {
			t.Fatalf("Ali's list: %v %+v", err, p)
		}
		// Another company's scope never reaches Ali's rows, even with his id.
		if p, err := b.svc.List(ctx, b.b.ID, b.ali.ID, 20, uuid.Nil); err != nil || len(p.Items) != 0 || p.Unread != 0 {
			t.Fatalf("from company B: %v %+v", err, p)
		}
		if _, err := b.svc.MarkRead(ctx, b.a.ID, b.ann.ID, mine.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("Ann marks Ali's: %v", err)
		}
		if _, err := b.svc.MarkRead(ctx, b.b.ID, b.bob.ID, mine.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("Bob marks Ali's: %v", err)
		}
		if n, err := b.svc.MarkAllRead(ctx, b.a.ID, b.ann.ID); err != nil || n != 1 {
			t.Fatalf("Ann marks all: %d %v", n, err)
		}
		if n, _ := b.svc.Unread(ctx, b.a.ID, b.ali.ID); n != 1 {
			t.Fatalf("Ann's mark-all touched Ali's: unread %d", n)
		}
	})

	t.Run("MarkReadAndPages", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		var ids []uuid.UUID
		for i := range 5 {
			ids = append(ids, b.add(ctx, t, b.a.ID, b.ali.ID, fmt.Sprintf("n%d", i)).ID)
		}
		p, err := b.svc.List(ctx, b.a.ID, b.ali.ID, 2, uuid.Nil)
		if err != nil || len(p.Items) != 2 || !p.More || p.Items[0].Title != "n4" || p.Items[1].Title != "n3" || p.Unread != 5 {
			t.Fatalf("first page: %v %+v", err, p)
		}
		p, err = b.svc.List(ctx, b.a.ID, b.ali.ID, 2, p.Items[1].ID)
		if err != nil || len(p.Items) != 2 || !p.More || p.Items[0].Title != "n2" || p.Items[1].Title != "n1" {
			t.Fatalf("second page: %v %+v", err, p)
		}
		p, err = b.svc.List(ctx, b.a.ID, b.ali.ID, 2, p.Items[1].ID)
		if err != nil || len(p.Items) != 1 || p.More || p.Items[0].Title != "n0" {
			t.Fatalf("last page: %v %+v", err, p)
		}

		n, err := b.svc.MarkRead(ctx, b.a.ID, b.ali.ID, ids[0])
		if err != nil || n.ReadAt == nil {
			t.Fatalf("MarkRead: %v %+v", err, n)
		}
		again, err := b.svc.MarkRead(ctx, b.a.ID, b.ali.ID, ids[0])
		if err != nil || !again.ReadAt.Equal(*n.ReadAt) {
			t.Fatalf("MarkRead twice keeps the first time: %v %+v", err, again)
		}
		if u, _ := b.svc.Unread(ctx, b.a.ID, b.ali.ID); u != 4 {
			t.Fatalf("unread %d, want 4", u)
		}
		if m, err := b.svc.MarkAllRead(ctx, b.a.ID, b.ali.ID); err != nil || m != 4 {
			t.Fatalf("MarkAllRead: %d %v", m, err)
		}
		if u, _ := b.svc.Unread(ctx, b.a.ID, b.ali.ID); u != 0 {
			t.Fatalf("unread %d after mark all", u)
		}
	})

	t.Run("AddRollsBackWithItsTransaction", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		_ = b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
			if _, err := notify.Add(ctx, tx, b.a.ID, notify.Note{UserID: b.ali.ID, Kind: notify.KindAssigned, Title: "lost"}); err != nil {
				t.Fatal(err)
			}
			return apperr.New(apperr.ECONFLICT, "the change it reports failed")
		})
		if u, _ := b.svc.Unread(ctx, b.a.ID, b.ali.ID); u != 0 {
			t.Fatalf("a rolled-back notification was stored")
		}
	})
}
