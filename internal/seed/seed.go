// Package seed fills a database with the demo: a super admin and the company
// "Kedai Demo" with its admin and two agents.
package seed

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/team"
)

// Login is a demo account.
type Login struct {
	Role, Name, Email, Password, Portal string
}

// Demo account e-mails.
const (
	SuperAdminEmail = "admin@sembang.local"
	OwnerEmail      = "owner@kedai-demo.my"
)

// Demo creates the demo data unless it exists, and returns the demo logins.
func Demo(ctx context.Context, d *db.DB, companies *company.Service, teams *team.Service, password string) ([]Login, error) {
	logins := []Login{
		{"Super admin", "Platform Owner", SuperAdminEmail, password, "/admin"},
		{"Company admin (Kedai Demo)", "Siti Rahman", OwnerEmail, password, "/company"},
		{"Agent (Kedai Demo)", "Aisyah Binti Ahmad", "aisyah@kedai-demo.my", password, "/agent"},
		{"Agent (Kedai Demo)", "Tan Wei Ming", "weiming@kedai-demo.my", password, "/agent"},
	}
	done := false
	err := d.WithPlatform(ctx, func(tx *db.Tx) error {
		_, err := tx.UserGetByEmail(ctx, SuperAdminEmail)
		if db.IsNotFound(err) {
			return nil
		}
		done = err == nil
		return err
	})
	if err != nil || done {
		return logins, err
	}
	// Each step below skips what an interrupted earlier run already made; the
	// super admin comes last and marks the demo complete.
	var companyID uuid.UUID
	err = d.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGetBySlug(ctx, "kedai-demo")
		if err == nil {
			companyID = c.ID
			return nil
		}
		if db.IsNotFound(err) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if companyID == uuid.Nil {
		c, err := companies.Create(ctx, company.NewCompany{
			Name: "Kedai Demo", Slug: "kedai-demo", Plan: "growth", Status: "active", MaxAgents: 5,
			MonthlyMessageLimit: 50000, MonthlyAITokenLimit: 5000000,
			Admin: &team.NewUser{Name: logins[1].Name, Email: OwnerEmail, Password: password},
		})
		if err != nil {
			return nil, fmt.Errorf("seed: company: %w", err)
		}
		companyID = c.Company.ID
	}
	existing, err := teams.List(ctx, companyID, "", "")
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, u := range existing.Users {
		have[u.Email] = true
	}
	agents := []team.NewUser{
		{Name: logins[2].Name, Email: logins[2].Email, Password: password, Expertise: []string{"skincare", "malay"}, Departments: []string{"Sales"}},
		{Name: logins[3].Name, Email: logins[3].Email, Password: password, Expertise: []string{"electronics", "mandarin"}, Departments: []string{"Sales"}},
	}
	for _, a := range agents {
		if have[a.Email] {
			continue
		}
		if _, _, err := teams.CreateAgent(ctx, companyID, a); err != nil {
			return nil, fmt.Errorf("seed: agent %s: %w", a.Email, err)
		}
	}
	var ecommerce uuid.UUID
	inds, err := companies.Industries(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range inds {
		if i.Slug == "ecommerce" {
			ecommerce = i.ID
		}
	}
	_, err = companies.UpdateProfile(ctx, companyID, company.ProfileInput{
		Name: "Kedai Demo", ContactEmail: "hello@kedai-demo.my", ContactPhone: "+60 12-345 6789", Address: "Jalan Bukit Bintang, Kuala Lumpur",
		Website: "https://kedai-demo.my", Country: "MY", PreferredLanguage: "ms", AdditionalLanguages: []string{"en", "zh"},
		Timezone: "Asia/Kuala_Lumpur", Currency: "MYR", DateFormat: "DD/MM/YYYY", BusinessHours: company.DefaultBusinessHours(),
		IndustryCategoryID: &ecommerce,
	})
	if err != nil {
		return nil, fmt.Errorf("seed: profile: %w", err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	err = d.WithPlatform(ctx, func(tx *db.Tx) error {
		_, err := tx.UserCreate(ctx, dbgen.UserCreateParams{Name: logins[0].Name, Email: SuperAdminEmail, PasswordHash: hash, Role: auth.RoleSuperAdmin,
			Expertise: []string{}, Departments: []string{}})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("seed: super admin: %w", err)
	}
	return logins, nil
}
