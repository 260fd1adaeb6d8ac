package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations returns the embedded goose migrations.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// LatestVersion is the version of the newest embedded migration.
func LatestVersion() int64 {
	entries, _ := fs.ReadDir(Migrations(), ".")
	var latest int64
	for _, e := range entries {
		n, _, _ := strings.Cut(path.Base(e.Name()), "_")
		if v, err := strconv.ParseInt(n, 10, 64); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// Migrate brings the schema (ours and River's) up to date as the owner and
// grants the runtime role what it needs: data access, never ownership.
func Migrate(ctx context.Context, ownerURL, appRole string) error {
	pool, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("db.Migrate: %w", err)
	}
	defer pool.Close()
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()

	if err := gooseUp(ctx, sqlDB); err != nil {
		return err
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("db.Migrate: river: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("db.Migrate: river: %w", err)
	}
	role := pgx.Identifier{appRole}.Sanitize()
	for _, stmt := range []string{
		"GRANT USAGE ON SCHEMA public TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
		"REVOKE INSERT, UPDATE, DELETE ON goose_db_version FROM " + role,
		"REVOKE UPDATE, DELETE ON audit_log FROM " + role, // the audit trail is append-only
		"REVOKE UPDATE, DELETE ON integration_audit FROM " + role,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role,
		"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role,
	} {
		if _, err := pool.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("db.Migrate: %s: %w", stmt, err)
		}
	}
	return nil
}

func gooseUp(ctx context.Context, sqlDB *sql.DB) error {
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, Migrations())
	if err != nil {
		return fmt.Errorf("db.Migrate: goose: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("db.Migrate: goose: %w", err)
	}
	return nil
}

// SchemaVersion is the newest applied goose migration in the connected database.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.Pool.QueryRow(ctx, "SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&v)
	return v, err
}
