package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
)

// tenantTables are every table holding one company's rows; each must be bound by RLS.
var tenantTables = []string{"companies", "company_settings", "users", "sessions", "audit_log"}

func TestRowLevelSecurity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	setup := func(t *testing.T) (*dbtest.DB, uuid.UUID, uuid.UUID) {
		t.Helper()
		d := dbtest.New(t)
		a := dbtest.Company(t, d, "alpha")
		b := dbtest.Company(t, d, "beta")
		dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test")
		dbtest.User(t, d, a.ID, "company_user", "agent@alpha.test")
		dbtest.User(t, d, b.ID, "company_admin", "admin@beta.test")
		dbtest.User(t, d, uuid.Nil, "super_admin", "root@platform.test")
		return d, a.ID, b.ID
	}

	t.Run("TenantSeesOnlyItsRowsWithoutAWhereClause", func(t *testing.T) {
		t.Parallel()
		d, a, b := setup(t)
		for _, company := range []uuid.UUID{a, b} {
			err := d.WithTenant(ctx, company, func(tx *db.Tx) error {
				rows, err := tx.Query(ctx, "SELECT company_id FROM users")
				if err != nil {
					return err
				}
				ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
				if err != nil {
					return err
				}
				if len(ids) == 0 {
					t.Errorf("company %s sees none of its own users", company)
				}
				for _, id := range ids {
					if id != company {
						t.Errorf("inside company %s's transaction a user of %s is visible", company, id)
					}
				}
				var n int
				if err := tx.QueryRow(ctx, "SELECT count(*) FROM companies").Scan(&n); err != nil {
					return err
				}
				if n != 1 {
					t.Errorf("company %s sees %d companies, want only itself", company, n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("NoTenantSeesNothing", func(t *testing.T) {
		t.Parallel()
		d, _, _ := setup(t)
		for _, table := range tenantTables {
			var n int
			if err := d.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: %d rows visible with no tenant set, want 0", table, n)
			}
		}
	})

	t.Run("TenantCannotWriteIntoAnotherCompany", func(t *testing.T) {
		t.Parallel()
		d, a, b := setup(t)
		err := d.WithTenant(ctx, a, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO users (company_id, name, email, password_hash, role) VALUES ($1, 'x', 'x@beta.test', 'h', 'company_user')", b)
			return err
		})
		if err == nil {
			t.Fatal("a tenant inserted a user into another company")
		}
		err = d.WithTenant(ctx, a, func(tx *db.Tx) error {
			tag, err := tx.Exec(ctx, "UPDATE users SET name = 'hijacked' WHERE company_id = $1", b)
			if err == nil && tag.RowsAffected() != 0 {
				t.Errorf("a tenant updated %d rows of another company", tag.RowsAffected())
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("WithTenantFailsClosedWithoutACompany", func(t *testing.T) {
		t.Parallel()
		d, _, _ := setup(t)
		called := false
		err := d.WithTenant(ctx, uuid.Nil, func(tx *db.Tx) error { called = true; return nil })
		if !errors.Is(err, db.ErrNoTenant) || called {
			t.Fatalf("WithTenant(nil) = %v, called %v; want ErrNoTenant without calling fn", err, called)
		}
	})

	t.Run("TenantSettingDoesNotLeakToTheNextTransaction", func(t *testing.T) {
		t.Parallel()
		d, a, _ := setup(t)
		if err := d.WithTenant(ctx, a, func(tx *db.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		// The pool may hand back the same connection: it must see nothing now.
		for i := 0; i < 5; i++ {
			var n int
			if err := d.Pool.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("after a tenant transaction, a plain query sees %d users", n)
			}
		}
	})

	t.Run("PlatformReadsAllButCannotWriteTenantRows", func(t *testing.T) {
		t.Parallel()
		d, _, b := setup(t)
		err := d.WithPlatform(ctx, func(tx *db.Tx) error {
			var n int
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
				return err
			}
			if n != 4 {
				t.Errorf("platform sees %d users, want 4", n)
			}
			tag, err := tx.Exec(ctx, "UPDATE users SET name = 'x' WHERE company_id = $1", b)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("platform scope updated %d tenant users", tag.RowsAffected())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("AuthScopeCannotChangeUsers", func(t *testing.T) {
		t.Parallel()
		d, _, _ := setup(t)
		err := d.WithAuth(ctx, func(tx *db.Tx) error {
			tag, err := tx.Exec(ctx, "UPDATE users SET role = 'super_admin'")
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("auth scope updated %d users", tag.RowsAffected())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("EveryTenantTableForcesRLS", func(t *testing.T) {
		t.Parallel()
		d, _, _ := setup(t)
		rows, err := d.Pool.Query(ctx, `
			SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'company_id' AND NOT a.attisdropped
			WHERE n.nspname = 'public' AND c.relkind = 'r'`)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for rows.Next() {
			var name string
			var enabled, forced bool
			if err := rows.Scan(&name, &enabled, &forced); err != nil {
				t.Fatal(err)
			}
			seen++
			if !enabled || !forced {
				t.Errorf("table %s has company_id but RLS enabled=%v forced=%v", name, enabled, forced)
			}
		}
		if seen < len(tenantTables)-1 {
			t.Errorf("found %d tables with company_id, want at least %d", seen, len(tenantTables)-1)
		}
	})
}

func TestCheckRuntimeRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)

	t.Run("AppRoleAccepted", func(t *testing.T) {
		if err := d.CheckRuntimeRole(ctx); err != nil {
			t.Fatalf("runtime role refused: %v", err)
		}
	})
	for name, url := range map[string]string{
		"OwnerRefused":     d.OwnerURL,
		"SuperuserRefused": dbtest.AdminURL(),
	} {
		t.Run(name, func(t *testing.T) {
			other, err := db.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			err = other.CheckRuntimeRole(ctx)
			if !errors.Is(err, db.ErrUnsafeRole) {
				t.Fatalf("CheckRuntimeRole = %v, want ErrUnsafeRole", err)
			}
		})
	}
}

func TestTenantCannotChangeWhatThePlatformOwns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	a := dbtest.Company(t, d, "alpha")
	dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test")

	for name, stmt := range map[string]string{
		"Status":   "UPDATE companies SET status = 'trial'",
		"Limits":   "UPDATE companies SET max_agents = 999",
		"Plan":     "UPDATE companies SET plan = 'enterprise'",
		"AuditLog": "UPDATE audit_log SET action = 'erased'",
	} {
		t.Run(name, func(t *testing.T) {
			if name == "AuditLog" {
				err := d.WithTenant(ctx, a.ID, func(tx *db.Tx) error {
					_, err := tx.Exec(ctx, "INSERT INTO audit_log (company_id, action) VALUES ($1, 'x')", a.ID)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			err := d.WithTenant(ctx, a.ID, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, stmt)
				return err
			})
			if err == nil {
				t.Fatalf("tenant ran %q", stmt)
			}
		})
	}
	t.Run("RenameIsAllowed", func(t *testing.T) {
		err := d.WithTenant(ctx, a.ID, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE companies SET name = 'Alpha Sdn Bhd'")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
