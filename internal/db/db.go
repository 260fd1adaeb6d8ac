// Package db owns the schema, the queries and the only doors to data:
// WithTenant for one company's rows, WithPlatform for the super admin's scope
// and WithAuth for resolving logins and sessions before a tenant is known.
package db

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sembang/sembang/internal/db/dbgen"
)

// DB is the runtime connection pool.
type DB struct {
	Pool *pgxpool.Pool
}

// Open connects to url and pings it.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse url: %w", err)
	}
	// pgx defaults to max(4, CPUs) connections; the HTTP handlers, the job workers and
	// the realtime LISTEN share the pool, so take at least 16 unless the URL says otherwise.
	if !strings.Contains(url, "pool_max_conns") && cfg.MaxConns < 16 {
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: ping %s@%s/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return &DB{Pool: pool}, nil
}

// Close closes the pool.
func (d *DB) Close() { d.Pool.Close() }

// Tx is a transaction with its scope already set.
type Tx struct {
	pgx.Tx
	*dbgen.Queries
}

// ErrNoTenant is returned by WithTenant when no company is given: tenant work fails closed.
var ErrNoTenant = errors.New("db: no tenant in scope")

// WithTenant runs fn in one transaction that sees only companyID's rows.
func (d *DB) WithTenant(ctx context.Context, companyID uuid.UUID, fn func(tx *Tx) error) error {
	if companyID == uuid.Nil {
		return ErrNoTenant
	}
	return d.in(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, companyID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// WithPlatform runs fn in the super admin's scope: it reads every company's
// rows and writes only companies and platform-level rows. Tenant rows are
// written by switching to a tenant inside the same transaction (EnterTenant).
func (d *DB) WithPlatform(ctx context.Context, fn func(tx *Tx) error) error {
	return d.in(ctx, func(tx *Tx) error {
		if err := tx.setScope(ctx, "platform"); err != nil {
			return err
		}
		return fn(tx)
	})
}

// WithAuth runs fn in the login scope: read users, companies and sessions,
// touch and expire sessions, write the audit log. Nothing else.
func (d *DB) WithAuth(ctx context.Context, fn func(tx *Tx) error) error {
	return d.in(ctx, func(tx *Tx) error {
		if err := tx.setScope(ctx, "auth"); err != nil {
			return err
		}
		return fn(tx)
	})
}

// EnterTenant switches the rest of the transaction to companyID's rows only,
// leaving any platform or auth scope. Used when platform work creates tenant
// data atomically (a new company and its first admin).
func (tx *Tx) EnterTenant(ctx context.Context, companyID uuid.UUID) error {
	if companyID == uuid.Nil {
		return ErrNoTenant
	}
	if err := tx.setScope(ctx, ""); err != nil {
		return err
	}
	return tx.setTenant(ctx, companyID)
}

func (tx *Tx) setTenant(ctx context.Context, companyID uuid.UUID) error {
	if _, err := tx.Exec(ctx, "select set_config('app.company_id', $1, true)", companyID.String()); err != nil {
		return fmt.Errorf("db: set tenant: %w", err)
	}
	return nil
}

func (tx *Tx) setScope(ctx context.Context, scope string) error {
	if _, err := tx.Exec(ctx, "select set_config('app.scope', $1, true), set_config('app.company_id', '', true)", scope); err != nil {
		return fmt.Errorf("db: set scope: %w", err)
	}
	return nil
}

func (d *DB) in(ctx context.Context, fn func(tx *Tx) error) error {
	return pgx.BeginFunc(ctx, d.Pool, func(ptx pgx.Tx) error {
		return fn(&Tx{Tx: ptx, Queries: dbgen.New(ptx)})
	})
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// EscapeLike makes a search term's %, _ and \ literal inside an ILIKE pattern.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

// IsNotFound reports whether err is a query that found no row.
func IsNotFound(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// UniqueViolation returns the violated constraint's name when err is a unique violation.
func UniqueViolation(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return pgErr.ConstraintName, true
	}
	return "", false
}
