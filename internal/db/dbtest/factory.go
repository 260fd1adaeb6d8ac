package dbtest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Password is the password of every user the factories make.
const Password = "test-password-123"

// passwordHash is an argon2id hash of Password, so factories need not hash.
const passwordHash = "$argon2id$v=19$m=19456,t=2,p=1$O1YgMHZ7m4agDflxtysqdw$+bC+oo9I9DebiSOsJco3TBowwdhYT1qwOYitM+fOlk0"

// Company creates an active company with default settings.
func Company(t testing.TB, d *DB, slug string) dbgen.Company {
	t.Helper()
	ctx := context.Background()
	var c dbgen.Company
	err := d.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		c, err = tx.CompanyCreate(ctx, dbgen.CompanyCreateParams{Name: "Company " + slug, Slug: slug, Plan: "growth", Status: "active",
			MaxAgents: 5, MonthlyMessageLimit: 1000, MonthlyAiTokenLimit: 100000})
		if err != nil {
			return err
		}
		if err := tx.EnterTenant(ctx, c.ID); err != nil {
			return err
		}
		return tx.CompanySettingsCreate(ctx, dbgen.CompanySettingsCreateParams{CompanyID: c.ID, Country: "MY", Timezone: "Asia/Kuala_Lumpur", Currency: "MYR", BusinessHours: []byte("{}")})
	})
	if err != nil {
		t.Fatalf("dbtest.Company: %v", err)
	}
	return c
}

// User creates an active user with Password; companyID is uuid.Nil for a super admin.
func User(t testing.TB, d *DB, companyID uuid.UUID, role, email string) dbgen.User {
	t.Helper()
	ctx := context.Background()
	p := dbgen.UserCreateParams{CompanyID: uuid.NullUUID{UUID: companyID, Valid: companyID != uuid.Nil}, Name: "User " + email, Email: email,
		PasswordHash: passwordHash, Role: role, Expertise: []string{}, Departments: []string{}}
	var u dbgen.User
	create := func(tx *db.Tx) error {
		var err error
		u, err = tx.UserCreate(ctx, p)
		return err
	}
	var err error
	if companyID == uuid.Nil {
		err = d.WithPlatform(ctx, create)
	} else {
		err = d.WithTenant(ctx, companyID, create)
	}
	if err != nil {
		t.Fatalf("dbtest.User: %v", err)
	}
	return u
}
