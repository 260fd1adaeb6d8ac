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
	exists := false
	err := d.WithPlatform(ctx, func(tx *db.Tx) error {
		_, err := tx.UserGetByEmail(ctx, SuperAdminEmail)
		if db.IsNotFound(err) {
			return nil
		}
		exists = err == nil
		return err
	})
	if err != nil || exists {
		return logins, err
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
	c, err := companies.Create(ctx, company.NewCompany{
		Name: "Kedai Demo", Slug: "kedai-demo", Plan: "growth", Status: "active", MaxAgents: 5,
		MonthlyMessageLimit: 50000, MonthlyAITokenLimit: 5000000,
		Admin: &team.NewUser{Name: logins[1].Name, Email: OwnerEmail, Password: password},
	})
	if err != nil {
		return nil, fmt.Errorf("seed: company: %w", err)
	}
	agents := []team.NewUser{
		{Name: logins[2].Name, Email: logins[2].Email, Password: password, Expertise: []string{"skincare", "malay"}, Departments: []string{"Sales"}},
		{Name: logins[3].Name, Email: logins[3].Email, Password: password, Expertise: []string{"electronics", "mandarin"}, Departments: []string{"Sales"}},
	}
	for _, a := range agents {
		if _, _, err := teams.CreateAgent(ctx, c.Company.ID, a); err != nil {
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
	_, err = companies.UpdateProfile(ctx, c.Company.ID, company.ProfileInput{
		Name: "Kedai Demo", ContactEmail: "hello@kedai-demo.my", ContactPhone: "+60 12-345 6789", Address: "Jalan Bukit Bintang, Kuala Lumpur",
		Website: "https://kedai-demo.my", Country: "MY", PreferredLanguage: "ms", AdditionalLanguages: []string{"en", "zh"},
		Timezone: "Asia/Kuala_Lumpur", Currency: "MYR", DateFormat: "DD/MM/YYYY", BusinessHours: company.DefaultBusinessHours(),
		IndustryCategoryID: &ecommerce,
	})
	if err != nil {
		return nil, fmt.Errorf("seed: profile: %w", err)
	}
	return logins, nil
}
