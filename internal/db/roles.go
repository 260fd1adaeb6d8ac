package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrUnsafeRole is returned by CheckRuntimeRole when the runtime role could bypass row-level security.
var ErrUnsafeRole = errors.New("unsafe database role")

// CheckRuntimeRole refuses a runtime connection whose role is a superuser, has
// BYPASSRLS or owns (or is a member of a role that owns) a table: any of these
// would let a query escape row-level security.
func (d *DB) CheckRuntimeRole(ctx context.Context) error {
	var user string
	var super, bypass, owns bool
	err := d.Pool.QueryRow(ctx, `
		SELECT r.rolname,
		       r.rolsuper OR EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolsuper AND o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')),
		       r.rolbypassrls OR EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolbypassrls AND o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')),
		       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		                 AND pg_has_role(r.oid, c.relowner, 'MEMBER'))
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&user, &super, &bypass, &owns)
	if err != nil {
		return fmt.Errorf("db: check runtime role: %w", err)
	}
	switch {
	case super:
		return fmt.Errorf("%w: DATABASE_URL connects as %q, a superuser (or a member of one); use a role without SUPERUSER (the owner runs migrations through MIGRATION_DATABASE_URL)", ErrUnsafeRole, user)
	case bypass:
		return fmt.Errorf("%w: DATABASE_URL connects as %q, which has BYPASSRLS (itself or through a role it belongs to)", ErrUnsafeRole, user)
	case owns:
		return fmt.Errorf("%w: DATABASE_URL connects as %q, which owns the tables; connect as a separate role that only has data grants", ErrUnsafeRole, user)
	}
	return nil
}

// Bootstrap creates, through a superuser connection, the owner and runtime
// roles and the database named in ownerURL and appURL, when they do not exist.
// It is for development and tests; production provisions these itself.
func Bootstrap(ctx context.Context, adminURL, ownerURL, appURL string) error {
	ownerCfg, err := pgx.ParseConfig(ownerURL)
	if err != nil {
		return fmt.Errorf("db.Bootstrap: MIGRATION_DATABASE_URL: %w", err)
	}
	appCfg, err := pgx.ParseConfig(appURL)
	if err != nil {
		return fmt.Errorf("db.Bootstrap: DATABASE_URL: %w", err)
	}
	if ownerCfg.Database != appCfg.Database {
		return fmt.Errorf("db.Bootstrap: DATABASE_URL and MIGRATION_DATABASE_URL name different databases (%q, %q)", appCfg.Database, ownerCfg.Database)
	}
	admin, err := pgxpool.New(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("db.Bootstrap: %w", err)
	}
	defer admin.Close()
	// Roles and databases are cluster-wide: serialise concurrent bootstraps.
	conn, err := admin.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("db.Bootstrap: connect as admin (ADMIN_DATABASE_URL): %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(72010501)"); err != nil {
		return fmt.Errorf("db.Bootstrap: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(72010501)") //nolint:errcheck

	if err := ensureRole(ctx, conn.Conn(), ownerCfg.User, ownerCfg.Password); err != nil {
		return err
	}
	// The owner runs migrations and the few SECURITY DEFINER functions that
	// filter on the tenant setting themselves (inbox_search_conversations);
	// bypassing row-level security lets those use their indexes. The runtime role
	// never gets it (CheckRuntimeRole refuses one that has).
	if _, err := conn.Exec(ctx, "ALTER ROLE "+pgx.Identifier{ownerCfg.User}.Sanitize()+" BYPASSRLS"); err != nil {
		return fmt.Errorf("db.Bootstrap: let %s bypass row-level security: %w", ownerCfg.User, err)
	}
	if err := ensureRole(ctx, conn.Conn(), appCfg.User, appCfg.Password); err != nil {
		return err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", ownerCfg.Database).Scan(&exists); err != nil {
		return fmt.Errorf("db.Bootstrap: %w", err)
	}
	if !exists {
		stmt := fmt.Sprintf("CREATE DATABASE %s OWNER %s", pgx.Identifier{ownerCfg.Database}.Sanitize(), pgx.Identifier{ownerCfg.User}.Sanitize())
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("db.Bootstrap: %w", err)
		}
	}
	return nil
}

func ensureRole(ctx context.Context, conn *pgx.Conn, name, password string) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("db.Bootstrap: %w", err)
	}
	ident := pgx.Identifier{name}.Sanitize()
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE ROLE "+ident+" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE"); err != nil {
			return fmt.Errorf("db.Bootstrap: create role %s: %w", name, err)
		}
	}
	if password != "" {
		// Identifiers and literals cannot be bound parameters in ALTER ROLE.
		lit := "'" + escapeLiteral(password) + "'"
		if _, err := conn.Exec(ctx, "ALTER ROLE "+ident+" PASSWORD "+lit); err != nil {
			return fmt.Errorf("db.Bootstrap: set password of %s: %w", name, err)
		}
	}
	return nil
}

func escapeLiteral(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, '\'')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// UserOf returns the role name in a connection URL.
func UserOf(url string) (string, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "", err
	}
	return cfg.User, nil
}
