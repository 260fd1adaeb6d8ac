package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

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

const clientIP = "203.0.113.5"

// clock is the service's injectable time: real time plus an offset the test moves forward.
// Staying anchored to real time keeps it comparable with timestamps the database writes with now().
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
func (c *clock) Set(d time.Duration)     { c.offset.Store(int64(d)) }

type testBundle struct {
	db      *dbtest.DB
	auth    *auth.Service
	clock   *clock
	set     auth.Settings
	alpha   dbgen.Company
	admin   dbgen.User // alpha's company admin
	agent   dbgen.User // alpha's sales agent
	beta    dbgen.Company
	outside dbgen.User // beta's company admin
	root    dbgen.User // the super admin
}

// setup gives each test its own database with two companies, their people and a super admin.
func setup(t *testing.T, tune ...func(*auth.Settings)) (context.Context, *testBundle) {
	t.Helper()
	ctx := identity.WithClient(context.Background(), identity.Client{IP: clientIP, UserAgent: "test", Host: "localhost"})
	set := auth.Settings{
		SessionTTL: time.Hour, SessionAbsoluteTTL: 3 * time.Hour,
		MaxFailuresAccount: 3, MaxFailuresIP: 50, Lockout: 15 * time.Minute, BaseDomain: "localhost",
	}
	for _, f := range tune {
		f(&set)
	}
	d := dbtest.New(t)
	clk := &clock{}
	b := &testBundle{db: d, auth: auth.NewService(d.DB, set, clk.Now), clock: clk, set: set}
	b.alpha = dbtest.Company(t, d, "alpha")
	b.admin = dbtest.User(t, d, b.alpha.ID, auth.RoleCompanyAdmin, "admin@alpha.test")
	b.agent = dbtest.User(t, d, b.alpha.ID, auth.RoleCompanyUser, "agent@alpha.test")
	b.beta = dbtest.Company(t, d, "beta")
	b.outside = dbtest.User(t, d, b.beta.ID, auth.RoleCompanyAdmin, "admin@beta.test")
	b.root = dbtest.User(t, d, uuid.Nil, auth.RoleSuperAdmin, "root@platform.test")
	return ctx, b
}

// login signs in with the factories' password on the bare domain and fails the test otherwise.
func login(ctx context.Context, t *testing.T, b *testBundle, email string) *auth.Session {
	t.Helper()
	s, err := b.auth.Login(ctx, email, dbtest.Password, "localhost")
	if err != nil {
		t.Fatalf("Login(%s): %v", email, err)
	}
	return s
}

// resolve returns the principal of token, failing the test on a database error.
func resolve(ctx context.Context, t *testing.T, b *testBundle, token string) *identity.Principal {
	t.Helper()
	p, err := b.auth.Resolve(ctx, token)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return p
}

// requireCode fails unless err is an *apperr.Error with code, and returns it.
func requireCode(t *testing.T, err error, code string) *apperr.Error {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error = %v, want code %q", err, code)
	}
	return e
}

// sessionExists looks the session row up in the platform scope, which sees every company's sessions.
func sessionExists(ctx context.Context, t *testing.T, b *testBundle, id uuid.UUID) bool {
	t.Helper()
	var n int
	err := b.db.WithPlatform(ctx, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, "SELECT count(*) FROM sessions WHERE id = $1", id).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestLogin(t *testing.T) {
	t.Parallel()

	t.Run("TokenResolvesToThePrincipal", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, b.agent.Email)
		if s.Token == "" || s.CSRFToken == "" || s.Token == s.CSRFToken {
			t.Fatalf("session tokens %q / %q: want two distinct non-empty tokens", s.Token, s.CSRFToken)
		}
		if want := b.clock.Now().Add(b.set.SessionTTL); s.ExpiresAt.After(want) || s.ExpiresAt.Before(want.Add(-time.Minute)) {
			t.Errorf("ExpiresAt = %v, want about %v (SessionTTL from now)", s.ExpiresAt, want)
		}
		p := resolve(ctx, t, b, s.Token)
		if p == nil {
			t.Fatal("Resolve returned nil for a fresh session")
		}
		want := identity.Principal{UserID: b.agent.ID, CompanyID: b.alpha.ID, SessionID: s.Principal.SessionID,
			Role: auth.RoleCompanyUser, Name: b.agent.Name, Email: b.agent.Email, CSRFToken: s.CSRFToken}
		if *p != want || *s.Principal != want {
			t.Errorf("principal = %+v, session principal = %+v; want %+v", *p, *s.Principal, want)
		}
		// Only a hash of the token is stored.
		var n int
		err := b.db.WithPlatform(ctx, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, "SELECT count(*) FROM sessions WHERE token_hash = $1 OR csrf_token = $2", []byte(s.Token), s.Token).Scan(&n)
		})
		if err != nil || n != 0 {
			t.Errorf("the raw session token is stored (%d rows, %v)", n, err)
		}
	})

	t.Run("EmailIsTrimmedAndCaseInsensitive", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, "  AGENT@Alpha.TEST ")
		if s.Principal.UserID != b.agent.ID {
			t.Fatalf("signed in as %s, want the agent", s.Principal.Email)
		}
	})

	t.Run("WrongPasswordLooksLikeUnknownEmail", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		_, err := b.auth.Login(ctx, b.agent.Email, "not-the-password", "localhost")
		wrong := requireCode(t, err, apperr.EUNAUTHORIZED)
		_, err = b.auth.Login(ctx, "nobody@alpha.test", dbtest.Password, "localhost")
		unknown := requireCode(t, err, apperr.EUNAUTHORIZED)
		if wrong.Message != unknown.Message || wrong.Field != unknown.Field {
			t.Fatalf("wrong password says %q, unknown e-mail says %q: the answer tells whether the account exists", wrong.Message, unknown.Message)
		}
	})

	t.Run("UnknownTokensResolveToNil", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		login(ctx, t, b, b.agent.Email)
		for _, token := range []string{"", "not-a-token", strings.Repeat("x", 500)} {
			if p := resolve(ctx, t, b, token); p != nil {
				t.Errorf("Resolve(%.10q…) = %+v, want nil", token, p)
			}
		}
	})

	t.Run("MeDescribesThePrincipalAndTheirCompany", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		me, err := b.auth.Me(ctx, login(ctx, t, b, b.agent.Email).Principal)
		if err != nil {
			t.Fatal(err)
		}
		if me.ID != b.agent.ID.String() || me.Role != auth.RoleCompanyUser || me.Company == nil ||
			me.Company.ID != b.alpha.ID.String() || me.Company.Slug != "alpha" || me.Company.Timezone != "Asia/Kuala_Lumpur" || me.Company.OnboardingCompleted {
			t.Fatalf("Me = %+v (company %+v)", me, me.Company)
		}
		root, err := b.auth.Me(ctx, login(ctx, t, b, b.root.Email).Principal)
		if err != nil || root.Company != nil || root.Role != auth.RoleSuperAdmin {
			t.Fatalf("Me(super admin) = %+v, %v; want no company", root, err)
		}
	})

	t.Run("SuperAdminSignsInWithoutACompany", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, b.root.Email)
		p := resolve(ctx, t, b, s.Token)
		if p == nil || p.CompanyID != uuid.Nil || p.Role != auth.RoleSuperAdmin {
			t.Fatalf("principal = %+v, want the super admin with no company", p)
		}
		if err := b.auth.Logout(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, s.Token); p != nil {
			t.Fatal("the super admin's session survived Logout")
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()

	t.Run("ExpiredSessionResolvesToNilAndIsDeleted", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, b.agent.Email)
		b.clock.Advance(b.set.SessionTTL + time.Second)
		if p := resolve(ctx, t, b, s.Token); p != nil {
			t.Fatalf("an expired session resolved to %+v", p)
		}
		if sessionExists(ctx, t, b, s.Principal.SessionID) {
			t.Fatal("the expired session is still stored")
		}
	})

	t.Run("UseExtendsTheSessionUntilTheAbsoluteLimit", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t) // idle 1h, absolute 3h
		s := login(ctx, t, b, b.agent.Email)
		for _, at := range []time.Duration{50 * time.Minute, 100 * time.Minute, 150 * time.Minute, 175 * time.Minute} {
			b.clock.Set(at)
			if p := resolve(ctx, t, b, s.Token); p == nil {
				t.Fatalf("%v after login, used every 50 minutes: session ended, want it extended", at)
			}
		}
		b.clock.Set(3*time.Hour + time.Second)
		if p := resolve(ctx, t, b, s.Token); p != nil {
			t.Fatal("a session in constant use outlived SessionAbsoluteTTL")
		}
	})

	t.Run("LogoutEndsOnlyThatSession", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		laptop := login(ctx, t, b, b.agent.Email)
		phone := login(ctx, t, b, b.agent.Email)
		if err := b.auth.Logout(ctx, laptop.Principal); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, laptop.Token); p != nil {
			t.Fatal("the session survived Logout")
		}
		if p := resolve(ctx, t, b, phone.Token); p == nil {
			t.Fatal("Logout also ended the user's other session")
		}
	})
}

func TestRevocation(t *testing.T) {
	t.Parallel()

	t.Run("SuspendedCompanyIsSignedOutAndRefused", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		companies := company.NewService(b.db.DB, storage.Disk{Root: t.TempDir()}, 0)
		agent := login(ctx, t, b, b.agent.Email)
		other := login(ctx, t, b, b.outside.Email)

		if _, err := companies.Suspend(ctx, b.alpha.ID, "unpaid"); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, agent.Token); p != nil {
			t.Fatal("a suspended company's session still resolves")
		}
		if p := resolve(ctx, t, b, other.Token); p == nil {
			t.Fatal("suspending alpha signed out beta's admin")
		}
		_, err := b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		if e := requireCode(t, err, apperr.EFORBIDDEN); !strings.Contains(e.Message, "suspended") {
			t.Errorf("message %q does not say the company is suspended", e.Message)
		}

		// The sessions were deleted, not hidden: lifting the suspension does not revive them.
		if _, err := companies.Reactivate(ctx, b.alpha.ID); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, agent.Token); p != nil {
			t.Fatal("a session from before the suspension came back after reactivation")
		}
		login(ctx, t, b, b.agent.Email)
	})

	t.Run("DeactivatedUserIsSignedOutAndRefused", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		people := team.NewService(b.db.DB)
		agent := login(ctx, t, b, b.agent.Email)
		admin := login(ctx, t, b, b.admin.Email)

		if _, err := people.SetActive(ctx, b.alpha.ID, b.admin.ID, b.agent.ID, false); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, agent.Token); p != nil {
			t.Fatal("a deactivated user's session still resolves")
		}
		if p := resolve(ctx, t, b, admin.Token); p == nil {
			t.Fatal("deactivating the agent signed out the admin")
		}
		_, err := b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		if e := requireCode(t, err, apperr.EFORBIDDEN); !strings.Contains(e.Message, "deactivated") {
			t.Errorf("message %q does not say the account is deactivated", e.Message)
		}

		if _, err := people.SetActive(ctx, b.alpha.ID, b.admin.ID, b.agent.ID, true); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, agent.Token); p != nil {
			t.Fatal("a session from before deactivation came back after reactivation")
		}
		login(ctx, t, b, b.agent.Email)
	})

	t.Run("DeletedUserIsSignedOut", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		agent := login(ctx, t, b, b.agent.Email)
		if err := team.NewService(b.db.DB).Delete(ctx, b.alpha.ID, b.admin.ID, b.agent.ID); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, agent.Token); p != nil {
			t.Fatal("a deleted user's session still resolves")
		}
		if sessionExists(ctx, t, b, agent.Principal.SessionID) {
			t.Error("a deleted user's session is still stored")
		}
		_, err := b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		requireCode(t, err, apperr.EUNAUTHORIZED)
	})

	t.Run("DeletedCompanyIsSignedOutAndRefused", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		jobs, err := river.NewClient(riverpgxv5.New(b.db.Pool), &river.Config{})
		if err != nil {
			t.Fatal(err)
		}
		companies := company.NewService(b.db.DB, storage.Disk{Root: t.TempDir()}, 0)
		companies.SetJobs(jobs)
		admin := login(ctx, t, b, b.admin.Email)

		if _, err := companies.Delete(ctx, b.alpha.ID); err != nil {
			t.Fatal(err)
		}
		if p := resolve(ctx, t, b, admin.Token); p != nil {
			t.Fatal("a session of a company being deleted still resolves")
		}
		if sessionExists(ctx, t, b, admin.Principal.SessionID) {
			t.Error("a session of a company being deleted is still stored")
		}
		_, err = b.auth.Login(ctx, b.admin.Email, dbtest.Password, "localhost")
		requireCode(t, err, apperr.EFORBIDDEN)
		_, err = b.auth.TenantForHost(ctx, "alpha.localhost")
		requireCode(t, err, apperr.ENOTFOUND)
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	const next = "a-brand-new-password"

	t.Run("WrongCurrentPasswordNamesTheField", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, b.agent.Email)
		err := b.auth.ChangePassword(ctx, s.Principal, "not-my-password", next)
		if e := requireCode(t, err, apperr.EINVALID); e.Field != "body.current_password" {
			t.Fatalf("field = %q, want body.current_password", e.Field)
		}
		login(ctx, t, b, b.agent.Email) // the old password still works
	})

	t.Run("WeakOrUnchangedNewPasswordNamesTheField", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		s := login(ctx, t, b, b.agent.Email)
		for _, weak := range []string{"short", dbtest.Password} {
			err := b.auth.ChangePassword(ctx, s.Principal, dbtest.Password, weak)
			if e := requireCode(t, err, apperr.EINVALID); e.Field != "body.new_password" {
				t.Errorf("ChangePassword(new=%q): field = %q, want body.new_password", weak, e.Field)
			}
		}
	})

	for _, who := range []string{auth.RoleCompanyUser, auth.RoleSuperAdmin} {
		t.Run("SuccessKeepsThisSessionAndEndsTheOthers/"+who, func(t *testing.T) {
			t.Parallel()
			ctx, b := setup(t)
			email := b.agent.Email
			if who == auth.RoleSuperAdmin {
				email = b.root.Email
			}
			here := login(ctx, t, b, email)
			elsewhere := login(ctx, t, b, email)

			if err := b.auth.ChangePassword(ctx, here.Principal, dbtest.Password, next); err != nil {
				t.Fatal(err)
			}
			if p := resolve(ctx, t, b, here.Token); p == nil {
				t.Error("changing the password signed out the session that changed it")
			}
			if p := resolve(ctx, t, b, elsewhere.Token); p != nil {
				t.Error("another session survived the password change")
			}
			_, err := b.auth.Login(ctx, email, dbtest.Password, "localhost")
			requireCode(t, err, apperr.EUNAUTHORIZED)
			if _, err := b.auth.Login(ctx, email, next, "localhost"); err != nil {
				t.Fatalf("login with the new password: %v", err)
			}
		})
	}
}

var tryAgain = regexp.MustCompile(`Try again in (\d+) minutes?\.`)

// requireThrottled fails unless err is ETHROTTLED with a retry time in minutes that agrees with RetryAfterSeconds.
func requireThrottled(t *testing.T, err error, lockout time.Duration) (minutes int) {
	t.Helper()
	e := requireCode(t, err, apperr.ETHROTTLED)
	m := tryAgain.FindStringSubmatch(e.Message)
	if m == nil {
		t.Fatalf("message %q does not say when to try again", e.Message)
	}
	minutes, _ = strconv.Atoi(m[1])
	if e.RetryAfterSeconds <= 0 || e.RetryAfterSeconds > int(lockout.Seconds()) {
		t.Fatalf("RetryAfterSeconds = %d, want within (0, %d]", e.RetryAfterSeconds, int(lockout.Seconds()))
	}
	if want := (e.RetryAfterSeconds + 59) / 60; minutes != want {
		t.Fatalf("message says %d minutes but RetryAfterSeconds is %d", minutes, e.RetryAfterSeconds)
	}
	return minutes
}

func TestThrottling(t *testing.T) {
	t.Parallel()

	fail := func(ctx context.Context, t *testing.T, b *testBundle, email string) {
		t.Helper()
		_, err := b.auth.Login(ctx, email, "wrong-password!", "localhost")
		requireCode(t, err, apperr.EUNAUTHORIZED)
	}

	t.Run("AccountLocksEvenForTheRightPasswordUntilLockoutPasses", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t) // 3 failures, 15 minutes
		for range b.set.MaxFailuresAccount {
			fail(ctx, t, b, b.agent.Email)
		}
		_, err := b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		if m := requireThrottled(t, err, b.set.Lockout); m != 15 {
			t.Errorf("just after the last failure: try again in %d minutes, want 15", m)
		}
		// The lock is per account, whatever the capitalisation, and other accounts are unaffected.
		_, err = b.auth.Login(ctx, "Agent@Alpha.test", dbtest.Password, "localhost")
		requireThrottled(t, err, b.set.Lockout)
		login(ctx, t, b, b.admin.Email)

		b.clock.Advance(10 * time.Minute)
		_, err = b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		if m := requireThrottled(t, err, b.set.Lockout); m != 5 {
			t.Errorf("10 minutes later: try again in %d minutes, want 5", m)
		}

		b.clock.Advance(5*time.Minute + time.Second)
		login(ctx, t, b, b.agent.Email)
	})

	t.Run("SuccessfulLoginResetsTheAccountCount", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		for range b.set.MaxFailuresAccount - 1 {
			fail(ctx, t, b, b.agent.Email)
		}
		login(ctx, t, b, b.agent.Email)
		for range b.set.MaxFailuresAccount - 1 {
			fail(ctx, t, b, b.agent.Email)
		}
		login(ctx, t, b, b.agent.Email)
	})

	t.Run("PruneForgetsAttemptsOlderThanADay", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		fail(ctx, t, b, b.agent.Email)
		login(ctx, t, b, b.admin.Email)
		attempts := func() int {
			t.Helper()
			var n int
			if err := b.db.Pool.QueryRow(ctx, "SELECT count(*) FROM login_attempts").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		prune := &auth.PruneWorker{Service: b.auth}
		b.clock.Advance(23 * time.Hour)
		if err := prune.Work(ctx, &river.Job[auth.PruneArgs]{}); err != nil || attempts() != 2 {
			t.Fatalf("after 23h: prune %v, %d attempts left; want both kept", err, attempts())
		}
		b.clock.Advance(2 * time.Hour)
		if err := prune.Work(ctx, &river.Job[auth.PruneArgs]{}); err != nil || attempts() != 0 {
			t.Fatalf("after 25h: prune %v, %d attempts left; want none", err, attempts())
		}
	})

	t.Run("OneAddressGuessingManyAccountsIsLocked", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, func(s *auth.Settings) { s.MaxFailuresIP = 4 })
		for i := range 4 {
			fail(ctx, t, b, "guess"+strconv.Itoa(i)+"@alpha.test") // one failure per account: below the account limit
		}
		_, err := b.auth.Login(ctx, b.agent.Email, dbtest.Password, "localhost")
		requireThrottled(t, err, b.set.Lockout)

		elsewhere := identity.WithClient(context.Background(), identity.Client{IP: "198.51.100.7", UserAgent: "test"})
		login(elsewhere, t, b, b.agent.Email)
	})
}

func TestLoginAudit(t *testing.T) {
	t.Parallel()

	t.Run("FailedAndSuccessfulLoginsAreInTheCompanyLog", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		_, err := b.auth.Login(ctx, b.agent.Email, "wrong-password!", "localhost")
		requireCode(t, err, apperr.EUNAUTHORIZED)
		login(ctx, t, b, b.agent.Email)

		var entries []dbgen.AuditLog
		err = b.db.WithTenant(ctx, b.alpha.ID, func(tx *db.Tx) error {
			entries, err = tx.AuditList(ctx, dbgen.AuditListParams{Lim: 10})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("alpha's audit log has %d entries, want 2 (failure, success)", len(entries))
		}
		ok, failed := entries[0], entries[1] // newest first
		if failed.Action != "auth.login_failed" || failed.TargetID != b.agent.ID.String() || failed.Ip != clientIP ||
			failed.ActorEmail != b.agent.Email || !strings.Contains(string(failed.Metadata), "invalid_credentials") {
			t.Errorf("failure entry = %+v (metadata %s)", failed, failed.Metadata)
		}
		if ok.Action != "auth.login_succeeded" || ok.ActorUserID.UUID != b.agent.ID || ok.Ip != clientIP || ok.UserAgent != "test" {
			t.Errorf("success entry = %+v", ok)
		}
	})

	t.Run("UnknownEmailFailureIsInThePlatformLog", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		_, err := b.auth.Login(ctx, "Nobody@Example.test", "wrong-password!", "localhost")
		requireCode(t, err, apperr.EUNAUTHORIZED)

		var entries []dbgen.AuditLog
		err = b.db.WithPlatform(ctx, func(tx *db.Tx) error {
			entries, err = tx.AuditList(ctx, dbgen.AuditListParams{Lim: 10})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			t.Fatalf("%d audit entries, want 1", len(entries))
		}
		e := entries[0]
		var meta map[string]any
		_ = json.Unmarshal(e.Metadata, &meta)
		if e.CompanyID.Valid || e.Action != "auth.login_failed" || e.TargetID != "nobody@example.test" || meta["reason"] != "invalid_credentials" {
			t.Errorf("entry = %+v (metadata %s), want a platform-level failure for nobody@example.test", e, e.Metadata)
		}
	})
}

func TestSubdomainSlug(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, host, base, want string
	}{
		{"companySubdomainWithPort", "kedai-demo.localhost:8080", "localhost", "kedai-demo"},
		{"companySubdomain", "kedai-demo.sembang.my", "sembang.my", "kedai-demo"},
		{"uppercaseHost", "KEDAI-Demo.LOCALHOST", "localhost", "kedai-demo"},
		{"trailingDot", "kedai-demo.localhost.", "localhost", "kedai-demo"},
		{"bareDomain", "localhost", "localhost", ""},
		{"bareDomainWithPort", "localhost:8080", "localhost", ""},
		{"nestedSubdomain", "a.b.localhost", "localhost", ""},
		{"reservedWWW", "www.localhost", "localhost", ""},
		{"reservedAPI", "api.sembang.my", "sembang.my", ""},
		{"otherDomain", "kedai-demo.example.com", "localhost", ""},
		{"suffixWithoutDot", "evil-localhost", "localhost", ""},
		{"ipv6", "[::1]:8080", "localhost", ""},
		{"noBaseDomain", "kedai-demo.localhost", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := auth.SubdomainSlug(tc.host, tc.base); got != tc.want {
				t.Fatalf("SubdomainSlug(%q, %q) = %q, want %q", tc.host, tc.base, got, tc.want)
			}
		})
	}
}

func TestTenantForHost(t *testing.T) {
	t.Parallel()

	t.Run("ResolvesSubdomainsOnly", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		tenant, err := b.auth.TenantForHost(ctx, "alpha.localhost:3000")
		if err != nil || tenant == nil || tenant.ID != b.alpha.ID || tenant.Slug != "alpha" {
			t.Fatalf("TenantForHost(alpha) = %+v, %v; want alpha", tenant, err)
		}
		for _, host := range []string{"localhost", "localhost:3000", "www.localhost", "example.com"} {
			if tenant, err := b.auth.TenantForHost(ctx, host); tenant != nil || err != nil {
				t.Errorf("TenantForHost(%q) = %+v, %v; want no tenant", host, tenant, err)
			}
		}
		_, err = b.auth.TenantForHost(ctx, "nope.localhost")
		requireCode(t, err, apperr.ENOTFOUND)
		_, err = b.auth.Login(ctx, b.agent.Email, dbtest.Password, "nope.localhost")
		requireCode(t, err, apperr.ENOTFOUND)
	})

	t.Run("SubdomainAdmitsOnlyItsOwnCompany", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t)
		for _, tc := range []struct {
			name, email, host, wantCode string
		}{
			{"ownAgentOnSubdomain200", b.agent.Email, "alpha.localhost:8080", ""},
			{"ownAdminOnSubdomain200", b.admin.Email, "alpha.localhost", ""},
			{"otherCompanyOnSubdomain401", b.outside.Email, "alpha.localhost", apperr.EUNAUTHORIZED},
			{"superAdminOnSubdomain401", b.root.Email, "alpha.localhost", apperr.EUNAUTHORIZED},
			{"agentOnBareDomain200", b.agent.Email, "localhost:8080", ""},
			{"otherCompanyOnBareDomain200", b.outside.Email, "localhost", ""},
			{"superAdminOnBareDomain200", b.root.Email, "localhost", ""},
			{"otherCompanyOnOwnSubdomain200", b.outside.Email, "beta.localhost", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s, err := b.auth.Login(ctx, tc.email, dbtest.Password, tc.host)
				if tc.wantCode == "" {
					if err != nil || s == nil {
						t.Fatalf("Login(%s on %s) = %v, want a session", tc.email, tc.host, err)
					}
					return
				}
				if e := requireCode(t, err, tc.wantCode); e.Message != "Invalid email or password." {
					t.Errorf("message %q reveals more than a wrong password would", e.Message)
				}
			})
		}
	})
}
