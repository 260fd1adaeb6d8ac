// Package dbtest gives each test its own PostgreSQL database, cloned from a
// migrated template, reached through a runtime role that row-level security binds.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for goose
	"github.com/pressly/goose/v3"

	"github.com/sembang/sembang/internal/db"
)

// Roles the test databases use (cluster-wide, created once).
const (
	OwnerRole = "sembang_test_owner"
	AppRole   = "sembang_test_app"
)

// DB is a fresh database for one test.
type DB struct {
	*db.DB
	Name     string
	AppURL   string // runtime role: RLS applies
	OwnerURL string // schema owner
}

// AdminURL is the superuser connection tests create databases with.
func AdminURL() string {
	if u := os.Getenv("TEST_ADMIN_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// New returns a migrated, empty database that is dropped when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx) })
	if templateErr != nil {
		t.Fatalf("dbtest: prepare template database: %v", templateErr)
	}
	admin := adminConn(t)
	name := "sembang_test_" + randomHex(6)
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s OWNER %s", name, templateName, OwnerRole)); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	admin.Close(ctx)
	d := &DB{Name: name, AppURL: URL(AppRole, name), OwnerURL: URL(OwnerRole, name)}
	var err error
	if d.DB, err = db.Open(ctx, d.AppURL); err != nil {
		t.Fatalf("dbtest: open: %v", err)
	}
	t.Cleanup(func() {
		d.Close()
		a := adminConn(t)
		defer a.Close(context.Background())
		if _, err := a.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("dbtest: drop %s: %v", name, err)
		}
	})
	return d
}

// RollBackLatestMigration undoes the newest migration as the schema owner,
// leaving the database one version behind the binary.
func (d *DB) RollBackLatestMigration(t testing.TB) {
	t.Helper()
	sqlDB, err := sql.Open("pgx", d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, db.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Down(context.Background()); err != nil {
		t.Fatalf("dbtest: roll back the newest migration: %v", err)
	}
}

// URL returns a connection URL for role to database name on the admin URL's server.
func URL(role, name string) string {
	cfg, err := pgx.ParseConfig(AdminURL())
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", role, cfg.Host, cfg.Port, name)
}

func adminConn(t testing.TB) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), AdminURL())
	if err != nil {
		t.Fatalf("dbtest: connect as admin (%s): %v; start PostgreSQL or set TEST_ADMIN_DATABASE_URL", AdminURL(), err)
	}
	return c
}

// ensureTemplate creates the roles and a migrated template database named
// after the migrations' content, once per cluster (other test binaries wait on a lock).
func ensureTemplate(ctx context.Context) (string, error) {
	h := sha256.New()
	_ = fs.WalkDir(db.Migrations(), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			b, _ := fs.ReadFile(db.Migrations(), p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	name := "sembang_tmpl_" + hex.EncodeToString(h.Sum(nil))[:12]

	admin, err := pgxpool.New(ctx, AdminURL())
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Acquire(ctx)
	if err != nil {
		return "", fmt.Errorf("connect as admin (%s): %w", AdminURL(), err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(72010502)"); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(72010502)") //nolint:errcheck

	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	if err := db.Bootstrap(ctx, AdminURL(), URL(OwnerRole, building), URL(AppRole, building)); err != nil {
		return "", err
	}
	if err := db.Migrate(ctx, URL(OwnerRole, building), AppRole); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, name)); err != nil {
		return "", err
	}
	return name, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
