package company_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

func TestDeleteAndPurge(t *testing.T) {
	t.Parallel()

	t.Run("DeleteQueuesOnePurgeThatRemovesTheCompanyAndNothingElse", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		// An insert-only River client: no queues, so nothing runs; the test plays the worker.
		jobs, err := river.NewClient(riverpgxv5.New(b.db.Pool), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		svc := company.NewService(b.db.DB, storage.Disk{Root: b.blobs}, 24*time.Hour)
		svc.SetJobs(jobs)

		doomed := dbtest.Company(t, b.db, "doomed")
		dbtest.User(t, b.db, doomed.ID, auth.RoleCompanyAdmin, "admin@doomed.test")
		dbtest.User(t, b.db, doomed.ID, auth.RoleCompanyUser, "agent@doomed.test")
		kept := dbtest.Company(t, b.db, "kept")
		dbtest.User(t, b.db, kept.ID, auth.RoleCompanyAdmin, "admin@kept.test")
		doomedLogo, err := svc.SetLogo(ctx, doomed.ID, pngImage(t))
		if err != nil {
			t.Fatal(err)
		}
		keptLogo, err := svc.SetLogo(ctx, kept.ID, pngImage(t))
		if err != nil {
			t.Fatal(err)
		}

		got, err := svc.Delete(ctx, doomed.ID)
		if err != nil || got.Status != "deleting" {
			t.Fatalf("Delete = %+v, %v; want status deleting", got, err)
		}
		_, err = svc.Delete(ctx, doomed.ID)
		requireCode(t, err, apperr.ENOTFOUND, "") // a company being deleted is gone to the platform too

		var n int
		var args string
		var scheduled time.Time
		err = b.db.Pool.QueryRow(ctx, `SELECT count(*) OVER (), args->>'company_id', scheduled_at FROM river_job WHERE kind = 'company_purge'`).
			Scan(&n, &args, &scheduled)
		if err != nil {
			t.Fatalf("no company_purge job: %v", err)
		}
		if n != 1 || args != doomed.ID.String() {
			t.Fatalf("%d purge jobs, first for %s; want exactly one for %s", n, args, doomed.ID)
		}
		if time.Until(scheduled) < 23*time.Hour {
			t.Errorf("purge scheduled at %v, want after the 24h grace period", scheduled)
		}
		if n := platformCount(ctx, t, b, "SELECT count(*) FROM companies WHERE id = $1", doomed.ID); n != 1 {
			t.Fatal("Delete removed the company at once; the purge job should")
		}

		if err := svc.Purge(ctx, doomed.ID); err != nil {
			t.Fatal(err)
		}
		for table, query := range map[string]string{
			"companies":        "SELECT count(*) FROM companies WHERE id = $1",
			"company_settings": "SELECT count(*) FROM company_settings WHERE company_id = $1",
			"users":            "SELECT count(*) FROM users WHERE company_id = $1",
			"audit_log":        "SELECT count(*) FROM audit_log WHERE company_id = $1",
		} {
			if n := platformCount(ctx, t, b, query, doomed.ID); n != 0 {
				t.Errorf("%s: %d rows of the purged company remain", table, n)
			}
			if n := platformCount(ctx, t, b, query, kept.ID); n == 0 {
				t.Errorf("%s: the other company's rows were purged too", table)
			}
		}
		if _, err := os.Stat(filepath.Join(b.blobs, *doomedLogo.Company.LogoKey)); !os.IsNotExist(err) {
			t.Errorf("the purged company's logo is still stored (%v)", err)
		}
		if _, err := os.Stat(filepath.Join(b.blobs, *keptLogo.Company.LogoKey)); err != nil {
			t.Errorf("the other company's logo was removed: %v", err)
		}
		if err := svc.Purge(ctx, doomed.ID); err != nil {
			t.Errorf("a second purge (a retried job) = %v, want nil", err)
		}
	})

	t.Run("PurgeLeavesALiveCompanyAlone", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		c := dbtest.Company(t, b.db, "alive")
		if err := b.svc.Purge(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.Purge(ctx, uuid.New()); err != nil {
			t.Fatal(err)
		}
		if n := platformCount(ctx, t, b, "SELECT count(*) FROM companies WHERE id = $1", c.ID); n != 1 {
			t.Fatal("Purge removed a company that was not marked for deletion")
		}
	})
}
