package team_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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
	db        *dbtest.DB
	team      *team.Service
	companies *company.Service
	alpha     dbgen.Company // max 5 agents
	admin     dbgen.User    // alpha's admin, the actor
	beta      dbgen.Company
	outsider  dbgen.User // beta's admin
}

// setup gives each test its own database with two companies and an admin in each.
func setup(t *testing.T) (context.Context, *testBundle) {
	t.Helper()
	ctx := identity.WithClient(context.Background(), identity.Client{IP: "203.0.113.5", UserAgent: "test", Host: "localhost"})
	d := dbtest.New(t)
	b := &testBundle{db: d, team: team.NewService(d.DB), companies: company.NewService(d.DB, storage.Disk{Root: t.TempDir()}, 0)}
	b.alpha = dbtest.Company(t, d, "alpha")
	b.admin = dbtest.User(t, d, b.alpha.ID, auth.RoleCompanyAdmin, "admin@alpha.test")
	b.beta = dbtest.Company(t, d, "beta")
	b.outsider = dbtest.User(t, d, b.beta.ID, auth.RoleCompanyAdmin, "admin@beta.test")
	return ctx, b
}

// setMaxAgents changes alpha's plan limit the way the platform owner does.
func setMaxAgents(ctx context.Context, t *testing.T, b *testBundle, n int32) {
	t.Helper()
	if _, err := b.companies.UpdateLimits(ctx, b.alpha.ID, company.LimitsUpdate{MaxAgents: &n}); err != nil {
		t.Fatal(err)
	}
}

// agent adds a sales agent to alpha (the factory skips hashing; limits do not apply to it).
func agent(t *testing.T, b *testBundle, email string) dbgen.User {
	t.Helper()
	return dbtest.User(t, b.db, b.alpha.ID, auth.RoleCompanyUser, email)
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

// member returns alpha's user id as alpha sees it, or nil when gone.
func member(ctx context.Context, t *testing.T, b *testBundle, id uuid.UUID) *dbgen.User {
	t.Helper()
	l, err := b.team.List(ctx, b.alpha.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range l.Users {
		if u.ID == id {
			return &u
		}
	}
	return nil
}

func TestCreateAgent(t *testing.T) {
	t.Parallel()

	t.Run("CreatesAnAgentWithCleanTagsAndAPassword", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		u, generated, err := b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{
			Name: "  Siti Nur  ", Email: " siti@alpha.test ",
			Expertise:   []string{" Sales ", "sales", "", "  ", "Support", "SUPPORT"},
			Departments: []string{"KL", " KL ", "Penang"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != auth.RoleCompanyUser || u.Status != "active" || u.CompanyID.UUID != b.alpha.ID || u.Name != "Siti Nur" || u.Email != "siti@alpha.test" {
			t.Errorf("agent = %+v", u)
		}
		if !slices.Equal(u.Expertise, []string{"Sales", "Support"}) || !slices.Equal(u.Departments, []string{"KL", "Penang"}) {
			t.Errorf("tags = %q / %q, want trimmed, de-duplicated case-insensitively, first spelling kept", u.Expertise, u.Departments)
		}
		if ok, err := auth.VerifyPassword(u.PasswordHash, generated); generated == "" || err != nil || !ok {
			t.Errorf("generated password %q does not match the stored hash (%v)", generated, err)
		}

		u, generated, err = b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "Ravi", Email: "ravi@alpha.test", Password: "ravi-chose-this"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := auth.VerifyPassword(u.PasswordHash, "ravi-chose-this"); generated != "" || !ok {
			t.Errorf("chosen password: generated %q, matches %v; want none generated and the chosen one stored", generated, ok)
		}
	})

	t.Run("BadInputNamesTheField", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		manyTags := make([]string, 21)
		for i := range manyTags {
			manyTags[i] = fmt.Sprintf("tag%d", i)
		}
		for _, tc := range []struct {
			name  string
			in    team.NewUser
			field string
		}{
			{"blankName", team.NewUser{Name: " ", Email: "x@alpha.test"}, "body.name"},
			{"badEmail", team.NewUser{Name: "X", Email: "x@alpha"}, "body.email"},
			{"displayNameEmail", team.NewUser{Name: "X", Email: "X <x@alpha.test>"}, "body.email"},
			{"weakPassword", team.NewUser{Name: "X", Email: "x@alpha.test", Password: "123"}, "body.password"},
			{"longTag", team.NewUser{Name: "X", Email: "x@alpha.test", Expertise: []string{strings.Repeat("x", 51)}}, "body.expertise"},
			{"tooManyTags", team.NewUser{Name: "X", Email: "x@alpha.test", Departments: manyTags}, "body.departments"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := b.team.CreateAgent(ctx, b.alpha.ID, tc.in)
				requireCode(t, err, apperr.EINVALID, tc.field)
			})
		}
		if l, _ := b.team.List(ctx, b.alpha.ID, "", ""); len(l.Users) != 1 {
			t.Errorf("alpha has %d users after rejected creations, want only its admin", len(l.Users))
		}
	})

	t.Run("DuplicateEmailIsAConflictWhateverTheCase", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		for _, email := range []string{"ADMIN@alpha.test", "Admin@Beta.Test"} { // own company's, and another's
			_, _, err := b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "Copy", Email: email})
			if e := requireCode(t, err, apperr.ECONFLICT, "body.email"); !strings.Contains(e.Message, email) {
				t.Errorf("message %q does not name the e-mail", e.Message)
			}
		}
	})

	t.Run("LimitRefusesWithAMessageNamingIt", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		setMaxAgents(ctx, t, b, 2)
		for _, email := range []string{"one@alpha.test", "two@alpha.test"} {
			if _, _, err := b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "A", Email: email, Password: "agent-password-1"}); err != nil {
				t.Fatalf("creating an agent within the limit: %v", err)
			}
		}
		_, _, err := b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "A", Email: "three@alpha.test", Password: "agent-password-1"})
		if e := requireCode(t, err, apperr.ELIMIT, ""); !strings.Contains(e.Message, "allows 2 active agents") {
			t.Errorf("message %q does not name the limit", e.Message)
		}
		// The limit is per company: beta (5 agents) is unaffected.
		if _, _, err := b.team.CreateAgent(ctx, b.beta.ID, team.NewUser{Name: "B", Email: "one@beta.test", Password: "agent-password-1"}); err != nil {
			t.Fatalf("beta hit alpha's limit: %v", err)
		}
		l, err := b.team.List(ctx, b.alpha.ID, "", "")
		if err != nil || l.Agents != 2 || l.ActiveAgents != 2 || l.MaxAgents != 2 {
			t.Fatalf("List = %d agents, %d active, max %d (%v); want 2, 2, 2", l.Agents, l.ActiveAgents, l.MaxAgents, err)
		}
	})

	t.Run("ConcurrentCreationsNeverExceedTheLimit", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		setMaxAgents(ctx, t, b, 3)
		// Six transactions at once need more connections than the default pool has.
		wide, err := db.Open(ctx, b.db.AppURL+"&pool_max_conns=8")
		if err != nil {
			t.Fatal(err)
		}
		defer wide.Close()
		racers := team.NewService(wide)

		// Hashing staggers the goroutines, so left alone their transactions rarely overlap. A SHARE lock on
		// users lets each one check the limit but holds its INSERT, until all six are waiting inside their
		// transactions: only the company row lock then keeps them from creating six agents.
		gate, err := b.db.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer gate.Rollback(ctx) //nolint:errcheck
		if _, err := gate.Exec(ctx, "LOCK TABLE users IN SHARE MODE"); err != nil {
			t.Fatal(err)
		}

		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				_, _, errs[i] = racers.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "Racer", Email: fmt.Sprintf("racer%d@alpha.test", i), Password: "agent-password-1"})
			})
		}
		waitForLockWaiters(ctx, t, b, len(errs))
		if err := gate.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		wg.Wait()

		created := 0
		for _, err := range errs {
			switch {
			case err == nil:
				created++
			case apperr.Code(err) != apperr.ELIMIT:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		l, err := b.team.List(ctx, b.alpha.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if created != 3 || l.ActiveAgents != 3 {
			t.Fatalf("%d creations succeeded, %d active agents stored; want exactly the limit, 3", created, l.ActiveAgents)
		}
	})
}

// waitForLockWaiters waits until n connections to the test database are blocked on a lock.
func waitForLockWaiters(ctx context.Context, t *testing.T, b *testBundle, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var waiting int
		err := b.db.Pool.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", b.db.Name).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d creations reached their transaction", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	siti := agent(t, b, "siti@alpha.test")
	agent(t, b, "ravi@alpha.test")
	if _, err := b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, siti.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query, status string
		want                []string
	}{
		{"everyoneOldestFirst", "", "", []string{"admin@alpha.test", "siti@alpha.test", "ravi@alpha.test"}},
		{"searchByEmail", "RAVI", "", []string{"ravi@alpha.test"}},
		{"onlyInactive", "", "inactive", []string{"siti@alpha.test"}},
		{"searchAndStatus", "alpha", "active", []string{"admin@alpha.test", "ravi@alpha.test"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := b.team.List(ctx, b.alpha.ID, tc.query, tc.status)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range l.Users {
				got = append(got, u.Email)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("List(%q, %q) = %v, want %v", tc.query, tc.status, got, tc.want)
			}
			if l.Agents != 2 || l.ActiveAgents != 1 || l.MaxAgents != 5 {
				t.Errorf("usage %d agents, %d active, max %d; want 2, 1, 5", l.Agents, l.ActiveAgents, l.MaxAgents)
			}
		})
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()

	t.Run("ChangesOnlyTheGivenFields", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		siti := agent(t, b, "siti@alpha.test")
		name, tags := "  Siti Nurhaliza ", []string{" Batik ", "batik", "Songket"}
		got, err := b.team.UpdateUser(ctx, b.alpha.ID, siti.ID, team.Update{Name: &name, Expertise: &tags})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Siti Nurhaliza" || !slices.Equal(got.Expertise, []string{"Batik", "Songket"}) || got.Email != siti.Email || len(got.Departments) != 0 {
			t.Errorf("after update: %+v", got)
		}
		email := "siti.n@alpha.test"
		if got, err = b.team.UpdateUser(ctx, b.alpha.ID, siti.ID, team.Update{Email: &email}); err != nil || got.Email != email || got.Name != "Siti Nurhaliza" {
			t.Errorf("after e-mail change: %+v, %v", got, err)
		}
	})

	t.Run("BadChangesNameTheFieldAndSaveNothing", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		siti := agent(t, b, "siti@alpha.test")
		blank, bad, taken, beta := " ", "siti@", "ADMIN@alpha.test", "admin@BETA.test"
		long := []string{strings.Repeat("x", 51)}
		for _, tc := range []struct {
			name        string
			up          team.Update
			code, field string
		}{
			{"blankName400", team.Update{Name: &blank}, apperr.EINVALID, "body.name"},
			{"badEmail400", team.Update{Email: &bad}, apperr.EINVALID, "body.email"},
			{"longTag400", team.Update{Departments: &long}, apperr.EINVALID, "body.departments"},
			{"colleaguesEmail409", team.Update{Email: &taken}, apperr.ECONFLICT, "body.email"},
			{"otherCompanysEmail409", team.Update{Email: &beta}, apperr.ECONFLICT, "body.email"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := b.team.UpdateUser(ctx, b.alpha.ID, siti.ID, tc.up)
				requireCode(t, err, tc.code, tc.field)
			})
		}
		_, err := b.team.UpdateUser(ctx, b.alpha.ID, uuid.New(), team.Update{Name: &blank})
		requireCode(t, err, apperr.ENOTFOUND, "")
		if u := member(ctx, t, b, siti.ID); u == nil || u.Name != siti.Name || u.Email != siti.Email {
			t.Fatalf("after rejected updates: %+v, want unchanged", u)
		}
	})
}

func TestSetActive(t *testing.T) {
	t.Parallel()

	t.Run("AdminCannotDeactivateThemselves", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		_, err := b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, b.admin.ID, false)
		requireCode(t, err, apperr.EINVALID, "")
		if u := member(ctx, t, b, b.admin.ID); u == nil || u.Status != "active" {
			t.Fatalf("admin after refused self-deactivation: %+v", u)
		}
	})

	t.Run("ReactivationRespectsTheLimit", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		setMaxAgents(ctx, t, b, 2)
		siti, ravi := agent(t, b, "siti@alpha.test"), agent(t, b, "ravi@alpha.test")

		got, err := b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, siti.ID, false)
		if err != nil || got.Status != "inactive" {
			t.Fatalf("deactivate = %+v, %v", got, err)
		}
		// An inactive agent frees a seat...
		if _, _, err := b.team.CreateAgent(ctx, b.alpha.ID, team.NewUser{Name: "Mei", Email: "mei@alpha.test", Password: "agent-password-1"}); err != nil {
			t.Fatalf("creating an agent in the freed seat: %v", err)
		}
		// ...so bringing the old one back would exceed the plan.
		_, err = b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, siti.ID, true)
		requireCode(t, err, apperr.ELIMIT, "")
		if u := member(ctx, t, b, siti.ID); u.Status != "inactive" {
			t.Fatalf("refused reactivation left status %q", u.Status)
		}
		// Re-activating someone already active does not need a seat.
		if _, err := b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, ravi.ID, true); err != nil {
			t.Fatalf("re-activating an active agent at the limit: %v", err)
		}

		setMaxAgents(ctx, t, b, 3)
		if got, err := b.team.SetActive(ctx, b.alpha.ID, b.admin.ID, siti.ID, true); err != nil || got.Status != "active" {
			t.Fatalf("reactivation after the limit was raised = %+v, %v", got, err)
		}
	})
}

func TestDelete(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	siti := agent(t, b, "siti@alpha.test")

	err := b.team.Delete(ctx, b.alpha.ID, b.admin.ID, b.admin.ID)
	requireCode(t, err, apperr.EINVALID, "")
	if member(ctx, t, b, b.admin.ID) == nil {
		t.Fatal("the admin deleted themselves")
	}

	if err := b.team.Delete(ctx, b.alpha.ID, b.admin.ID, siti.ID); err != nil {
		t.Fatal(err)
	}
	if member(ctx, t, b, siti.ID) != nil {
		t.Fatal("the deleted agent is still listed")
	}
	err = b.team.Delete(ctx, b.alpha.ID, b.admin.ID, siti.ID)
	requireCode(t, err, apperr.ENOTFOUND, "")
}

func TestOtherCompanysAdminCannotTouchAUser(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	siti := agent(t, b, "siti@alpha.test")
	name := "Hijacked"

	// Beta's admin acts in beta's tenant, as their session allows, on alpha's agent.
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"update404", func() error {
			_, err := b.team.UpdateUser(ctx, b.beta.ID, siti.ID, team.Update{Name: &name})
			return err
		}},
		{"deactivate404", func() error {
			_, err := b.team.SetActive(ctx, b.beta.ID, b.outsider.ID, siti.ID, false)
			return err
		}},
		{"delete404", func() error { return b.team.Delete(ctx, b.beta.ID, b.outsider.ID, siti.ID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireCode(t, tc.call(), apperr.ENOTFOUND, "")
		})
	}
	u := member(ctx, t, b, siti.ID)
	if u == nil || u.Name != siti.Name || u.Status != "active" {
		t.Fatalf("alpha's agent after beta's attempts: %+v, want unchanged", u)
	}
	l, err := b.team.List(ctx, b.beta.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range l.Users {
		if u.CompanyID.UUID != b.beta.ID {
			t.Fatalf("beta's list shows %s of another company", u.Email)
		}
	}
}
