package company_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/team"
)

type testBundle struct {
	db    *dbtest.DB
	svc   *company.Service
	blobs string // the disk store's root
}

// setup gives each test its own database and blob directory.
func setup(t *testing.T) (context.Context, *testBundle) {
	t.Helper()
	ctx := identity.WithClient(context.Background(), identity.Client{IP: "203.0.113.5", UserAgent: "test", Host: "localhost"})
	d := dbtest.New(t)
	root := t.TempDir()
	return ctx, &testBundle{db: d, svc: company.NewService(d.DB, storage.Disk{Root: root}, 0), blobs: root}
}

// requireCode fails unless err is an *apperr.Error with code and (when given) field, and returns it.
func requireCode(t *testing.T, err error, code, field string) *apperr.Error {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code || (field != "" && e.Field != field) {
		t.Fatalf("error = %v, want code %q naming %q", err, code, field)
	}
	return e
}

// platformCount counts rows as the super admin, who sees every company's rows.
func platformCount(ctx context.Context, t *testing.T, b *testBundle, query string, args ...any) int {
	t.Helper()
	var n int
	if err := b.db.WithPlatform(ctx, func(tx *db.Tx) error { return tx.QueryRow(ctx, query, args...).Scan(&n) }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreate(t *testing.T) {
	t.Parallel()

	t.Run("BadInputNamesTheFieldAndSavesNothing", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		taken := dbtest.Company(t, b.db, "taken")
		dbtest.User(t, b.db, taken.ID, auth.RoleCompanyAdmin, "owner@taken.test")
		admin := func(email, password string) *team.NewUser {
			return &team.NewUser{Name: "Aina", Email: email, Password: password}
		}
		for _, tc := range []struct {
			name        string
			in          company.NewCompany
			code, field string
		}{
			{"emptyName400", company.NewCompany{Name: "  ", Slug: "newco"}, apperr.EINVALID, "body.name"},
			{"slugWithSpace400", company.NewCompany{Name: "New Co", Slug: "Bad Slug"}, apperr.EINVALID, "body.slug"},
			{"slugLeadingHyphen400", company.NewCompany{Name: "New Co", Slug: "-newco"}, apperr.EINVALID, "body.slug"},
			{"reservedSlug400", company.NewCompany{Name: "New Co", Slug: "www"}, apperr.EINVALID, "body.slug"},
			{"duplicateSlug400", company.NewCompany{Name: "New Co", Slug: "TAKEN"}, apperr.EINVALID, "body.slug"},
			{"unknownPlan400", company.NewCompany{Name: "New Co", Slug: "newco", Plan: "platinum"}, apperr.EINVALID, "body.plan"},
			{"startsSuspended400", company.NewCompany{Name: "New Co", Slug: "newco", Status: "suspended"}, apperr.EINVALID, "body.status"},
			{"adminBadEmail400", company.NewCompany{Name: "New Co", Slug: "newco", Admin: admin("not-an-email", "")}, apperr.EINVALID, "body.admin.email"},
			{"adminWeakPassword400", company.NewCompany{Name: "New Co", Slug: "newco", Admin: admin("aina@newco.test", "short")}, apperr.EINVALID, "body.admin.password"},
			{"adminEmailTaken409", company.NewCompany{Name: "New Co", Slug: "newco", Admin: admin("Owner@Taken.test", "")}, apperr.ECONFLICT, "body.admin.email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := b.svc.Create(ctx, tc.in)
				e := requireCode(t, err, tc.code, tc.field)
				if e.Message == "" {
					t.Error("the error has no message to show")
				}
			})
		}
		// Nothing half-saved: no new company, no settings, no admin.
		if n := platformCount(ctx, t, b, "SELECT count(*) FROM companies WHERE slug <> 'taken'"); n != 0 {
			t.Errorf("%d companies saved by failed creations", n)
		}
		if n := platformCount(ctx, t, b, "SELECT count(*) FROM company_settings WHERE company_id <> $1", taken.ID); n != 0 {
			t.Errorf("%d settings rows saved by failed creations", n)
		}
		if n := platformCount(ctx, t, b, "SELECT count(*) FROM users"); n != 1 {
			t.Errorf("%d users after failed creations, want only the existing owner", n)
		}
	})

	t.Run("AdminWithoutPasswordGetsOneThatSignsIn", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		out, err := b.svc.Create(ctx, company.NewCompany{
			Name: " Kedai Demo ", Slug: " Kedai-Demo ", MaxAgents: 4,
			Admin: &team.NewUser{Name: "Aina", Email: "aina@kedai.test"},
		})
		if err != nil {
			t.Fatal(err)
		}
		c := out.Company
		if c.Name != "Kedai Demo" || c.Slug != "kedai-demo" || c.Plan != "trial" || c.Status != "trial" || c.MaxAgents != 4 {
			t.Errorf("company = %+v, want trimmed name, lowercase slug, trial plan and status, 4 agents", c)
		}
		if out.Admin == nil || out.Admin.Role != auth.RoleCompanyAdmin || out.Admin.CompanyID.UUID != c.ID {
			t.Fatalf("admin = %+v, want a company admin of the new company", out.Admin)
		}
		if err := auth.ValidatePassword("password", out.GeneratedPassword); err != nil {
			t.Fatalf("generated password %q: %v", out.GeneratedPassword, err)
		}

		s, err := auth.NewService(b.db.DB, auth.Settings{SessionTTL: time.Hour, SessionAbsoluteTTL: time.Hour,
			MaxFailuresAccount: 5, MaxFailuresIP: 20, Lockout: time.Minute, BaseDomain: "localhost"}, nil).
			Login(ctx, "aina@kedai.test", out.GeneratedPassword, "kedai-demo.localhost")
		if err != nil || s.Principal.UserID != out.Admin.ID {
			t.Fatalf("login with the generated password on the company's subdomain: %v", err)
		}

		// The company starts with Malaysian defaults.
		p, err := b.svc.GetProfile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Settings.Country != "MY" || p.Settings.Timezone != "Asia/Kuala_Lumpur" || p.Settings.Currency != "MYR" || p.Hours["sat"].End != "13:00" {
			t.Errorf("settings = %+v hours %v, want Malaysian defaults", p.Settings, p.Hours)
		}
	})

	t.Run("AdminWithChosenPasswordGetsNoGeneratedOne", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		out, err := b.svc.Create(ctx, company.NewCompany{Name: "Kedai", Slug: "kedai", Status: "active",
			Admin: &team.NewUser{Name: "Aina", Email: "aina@kedai.test", Password: "chosen-password-1"}})
		if err != nil {
			t.Fatal(err)
		}
		if out.GeneratedPassword != "" {
			t.Errorf("GeneratedPassword = %q, want none when the admin's password was given", out.GeneratedPassword)
		}
		d, err := b.svc.Get(ctx, out.Company.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Admins) != 1 || d.Admins[0].Email != "aina@kedai.test" || d.Agents != 0 || d.Company.Status != "active" {
			t.Errorf("Get = %+v, want one admin, no agents, active", d)
		}
	})
}

func TestAddAdmin(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	c := dbtest.Company(t, b.db, "kedai")
	dbtest.User(t, b.db, c.ID, auth.RoleCompanyUser, "agent@kedai.test")

	u, generated, err := b.svc.AddAdmin(ctx, c.ID, team.NewUser{Name: "Second Admin", Email: "second@kedai.test"})
	if err != nil || u.Role != auth.RoleCompanyAdmin || u.CompanyID.UUID != c.ID || generated == "" {
		t.Fatalf("AddAdmin = %+v, %q, %v; want a company admin with a generated password", u, generated, err)
	}
	_, _, err = b.svc.AddAdmin(ctx, c.ID, team.NewUser{Name: "Again", Email: "AGENT@kedai.test"})
	requireCode(t, err, apperr.ECONFLICT, "body.email")
	_, _, err = b.svc.AddAdmin(ctx, uuid.New(), team.NewUser{Name: "Nobody", Email: "nobody@kedai.test"})
	requireCode(t, err, apperr.ENOTFOUND, "")
}

func TestList(t *testing.T) {
	t.Parallel()

	t.Run("PagesReturnEveryCompanyOnceNewestFirst", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		for _, slug := range []string{"one", "two", "three", "four"} {
			dbtest.Company(t, b.db, slug)
		}
		// Three companies created in one transaction share created_at: the id breaks the tie.
		err := b.db.WithPlatform(ctx, func(tx *db.Tx) error {
			for _, slug := range []string{"tie-a", "tie-b", "tie-c"} {
				if _, err := tx.CompanyCreate(ctx, dbgen.CompanyCreateParams{Name: slug, Slug: slug, Plan: "trial", Status: "trial"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		var all []dbgen.Company
		var sizes []int
		cursor := ""
		for page := 0; ; page++ {
			rows, next, err := b.svc.List(ctx, company.ListFilter{Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			all, sizes = append(all, rows...), append(sizes, len(rows))
			if next == "" {
				break
			}
			if page > 5 {
				t.Fatal("pagination does not end")
			}
			cursor = next
		}
		if len(sizes) != 3 || sizes[0] != 3 || sizes[1] != 3 || sizes[2] != 1 {
			t.Errorf("page sizes %v, want [3 3 1]", sizes)
		}
		seen := map[uuid.UUID]bool{}
		for i, c := range all {
			if seen[c.ID] {
				t.Errorf("%s listed twice", c.Slug)
			}
			seen[c.ID] = true
			if i == 0 {
				continue
			}
			prev := all[i-1]
			if c.CreatedAt.After(prev.CreatedAt) || (c.CreatedAt.Equal(prev.CreatedAt) && c.ID.String() > prev.ID.String()) {
				t.Errorf("%s listed after %s: not newest first", c.Slug, prev.Slug)
			}
		}
		if len(seen) != 7 {
			t.Errorf("listed %d distinct companies, want 7", len(seen))
		}
		if all[len(all)-1].Slug != "one" {
			t.Errorf("last listed is %s, want the oldest (one)", all[len(all)-1].Slug)
		}
	})

	t.Run("SearchAndStatusFilter", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		dbtest.Company(t, b.db, "acme-foods")
		kedai := dbtest.Company(t, b.db, "kedai-acme")
		dbtest.Company(t, b.db, "other")
		if _, err := b.svc.Suspend(ctx, kedai.ID, "unpaid"); err != nil {
			t.Fatal(err)
		}
		slugs := func(f company.ListFilter) string {
			t.Helper()
			rows, _, err := b.svc.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, r := range rows {
				s = append(s, r.Slug)
			}
			return strings.Join(s, ",")
		}
		for _, tc := range []struct {
			name string
			f    company.ListFilter
			want string
		}{
			{"searchIsCaseInsensitive", company.ListFilter{Query: " ACME "}, "kedai-acme,acme-foods"},
			{"statusFilter", company.ListFilter{Status: "suspended"}, "kedai-acme"},
			{"searchAndStatus", company.ListFilter{Query: "acme", Status: "active"}, "acme-foods"},
			{"noMatch", company.ListFilter{Query: "zzz"}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := slugs(tc.f); got != tc.want {
					t.Fatalf("List(%+v) = %q, want %q", tc.f, got, tc.want)
				}
			})
		}
		_, _, err := b.svc.List(ctx, company.ListFilter{Cursor: "not a cursor"})
		requireCode(t, err, apperr.EINVALID, "query.cursor")
	})
}

func TestUpdateLimits(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	c := dbtest.Company(t, b.db, "kedai") // growth, 5 agents, 1000 messages, 100000 tokens

	plan, agents := "enterprise", int32(25)
	got, err := b.svc.UpdateLimits(ctx, c.ID, company.LimitsUpdate{Plan: &plan, MaxAgents: &agents})
	if err != nil {
		t.Fatal(err)
	}
	if got.Plan != "enterprise" || got.MaxAgents != 25 || got.Name != c.Name || got.MonthlyMessageLimit != 1000 || got.MonthlyAiTokenLimit != 100000 {
		t.Errorf("after update: %+v; want plan and agents changed, everything else kept", got)
	}

	bad, blank := "platinum", "  "
	_, err = b.svc.UpdateLimits(ctx, c.ID, company.LimitsUpdate{Plan: &bad})
	requireCode(t, err, apperr.EINVALID, "body.plan")
	_, err = b.svc.UpdateLimits(ctx, c.ID, company.LimitsUpdate{Name: &blank})
	requireCode(t, err, apperr.EINVALID, "body.name")
	_, err = b.svc.UpdateLimits(ctx, uuid.New(), company.LimitsUpdate{Plan: &plan})
	requireCode(t, err, apperr.ENOTFOUND, "")

	d, err := b.svc.Get(ctx, c.ID)
	if err != nil || d.Company.Plan != "enterprise" || d.Company.MaxAgents != 25 {
		t.Fatalf("stored company = %+v, %v; the rejected updates changed it", d, err)
	}
}

func TestSuspendAndReactivate(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	c := dbtest.Company(t, b.db, "kedai")

	got, err := b.svc.Suspend(ctx, c.ID, "  unpaid invoice ")
	if err != nil || got.Status != "suspended" || got.SuspendedReason != "unpaid invoice" {
		t.Fatalf("Suspend = %+v, %v; want suspended with the trimmed reason", got, err)
	}
	_, err = b.svc.Suspend(ctx, c.ID, "again")
	requireCode(t, err, apperr.ECONFLICT, "")

	if got, err = b.svc.Reactivate(ctx, c.ID); err != nil || got.Status != "active" || got.SuspendedReason != "" {
		t.Fatalf("Reactivate = %+v, %v; want active with no reason", got, err)
	}
	_, err = b.svc.Reactivate(ctx, c.ID)
	requireCode(t, err, apperr.ECONFLICT, "")
	_, err = b.svc.Suspend(ctx, uuid.New(), "")
	requireCode(t, err, apperr.ENOTFOUND, "")

	// Both changes are in the company's audit log.
	var actions []string
	err = b.db.WithTenant(ctx, c.ID, func(tx *db.Tx) error {
		entries, err := tx.AuditList(ctx, dbgen.AuditListParams{Lim: 10})
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		return err
	})
	if err != nil || strings.Join(actions, ",") != "company.reactivated,company.suspended" {
		t.Fatalf("audit actions %v, %v; want reactivated then suspended (newest first)", actions, err)
	}
}

func TestOverview(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	alpha := dbtest.Company(t, b.db, "alpha")
	beta := dbtest.Company(t, b.db, "beta")
	dbtest.User(t, b.db, uuid.Nil, auth.RoleSuperAdmin, "root@platform.test")
	dbtest.User(t, b.db, alpha.ID, auth.RoleCompanyAdmin, "admin@alpha.test")
	dbtest.User(t, b.db, alpha.ID, auth.RoleCompanyUser, "one@alpha.test")
	dbtest.User(t, b.db, alpha.ID, auth.RoleCompanyUser, "two@alpha.test")
	dbtest.User(t, b.db, beta.ID, auth.RoleCompanyUser, "one@beta.test")
	if _, err := b.svc.Suspend(ctx, beta.ID, ""); err != nil {
		t.Fatal(err)
	}
	newest, err := b.svc.Create(ctx, company.NewCompany{Name: "Gamma", Slug: "gamma", Admin: &team.NewUser{Name: "G", Email: "admin@gamma.test", Password: "gamma-password-1"}})
	if err != nil {
		t.Fatal(err)
	}

	o, err := b.svc.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantCompanies := map[string]int64{"active": 1, "suspended": 1, "trial": 1}
	wantUsers := map[string]int64{auth.RoleSuperAdmin: 1, auth.RoleCompanyAdmin: 2, auth.RoleCompanyUser: 3}
	for k, v := range wantCompanies {
		if o.CompaniesByStatus[k] != v {
			t.Errorf("CompaniesByStatus = %v, want %v", o.CompaniesByStatus, wantCompanies)
			break
		}
	}
	for k, v := range wantUsers {
		if o.UsersByRole[k] != v {
			t.Errorf("UsersByRole = %v, want %v", o.UsersByRole, wantUsers)
			break
		}
	}
	if len(o.Recent) != 3 || o.Recent[0].ID != newest.Company.ID || o.Recent[2].ID != alpha.ID {
		t.Errorf("Recent = %d companies starting with %v, want gamma, beta, alpha", len(o.Recent), o.Recent)
	}

	d, err := b.svc.Get(ctx, alpha.ID)
	if err != nil || d.Agents != 2 || len(d.Admins) != 1 {
		t.Errorf("Get(alpha) = %+v, %v; want 2 agents and 1 admin", d, err)
	}
}
