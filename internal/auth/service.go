package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
)

// Settings tune sessions and throttling.
type Settings struct {
	SessionTTL         time.Duration // idle expiry, extended on use
	SessionAbsoluteTTL time.Duration // hard limit from login
	MaxFailuresAccount int
	MaxFailuresIP      int
	Lockout            time.Duration
	BaseDomain         string
}

// Service signs people in and resolves their sessions.
type Service struct {
	db  *db.DB
	set Settings
	now func() time.Time
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, s Settings, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, set: s, now: now}
}

// Session is a freshly issued session: the token goes in a cookie, only its hash is stored.
type Session struct {
	Token     string
	CSRFToken string
	ExpiresAt time.Time // idle expiry, extended on use
	// CookieExpiresAt is the hard limit: the cookie outlives idle expiry, which the server enforces.
	CookieExpiresAt time.Time
	Principal       *identity.Principal
}

var errBadCredentials = apperr.New(apperr.EUNAUTHORIZED, "Invalid email or password.")

// Login checks an e-mail and password and opens a session. On a company's own
// subdomain (host) only that company's users may sign in.
// Errors: EUNAUTHORIZED, EFORBIDDEN (deactivated, suspended), ETHROTTLED, ENOTFOUND (unknown subdomain).
func (s *Service) Login(ctx context.Context, email, password, host string) (*Session, error) {
	email = cleanText(strings.TrimSpace(email), 254)
	client := identity.ClientFrom(ctx)
	// The attempt is recorded as a failure before anything is checked, so
	// parallel guesses count each other and cannot all pass the throttle.
	q := dbgen.New(s.db.Pool)
	attempt, err := q.LoginAttemptStart(ctx, dbgen.LoginAttemptStartParams{Email: email, Ip: client.IP})
	if err != nil {
		return nil, fmt.Errorf("auth.Login: %w", err)
	}
	if err := s.checkThrottle(ctx, email, client.IP); err != nil {
		_ = q.LoginAttemptDelete(context.WithoutCancel(ctx), attempt) // a refused attempt does not extend the lock
		return nil, err
	}
	tenant, err := s.TenantForHost(ctx, host)
	if err != nil {
		return nil, err
	}

	var user dbgen.User
	var company *dbgen.Company
	found := true
	err = s.db.WithAuth(ctx, func(tx *db.Tx) error {
		u, err := tx.UserGetByEmail(ctx, email)
		if db.IsNotFound(err) {
			found = false
			return nil
		} else if err != nil {
			return err
		}
		user = u
		if u.CompanyID.Valid {
			c, err := tx.CompanyGet(ctx, u.CompanyID.UUID)
			if err != nil {
				return err
			}
			company = &c
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("auth.Login: %w", err)
	}

	hash := dummyHash
	if found {
		hash = user.PasswordHash
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("auth.Login: %w", err)
	}
	ok = ok && found
	if ok && tenant != nil && (!user.CompanyID.Valid || user.CompanyID.UUID != tenant.ID) {
		ok = false // a subdomain only admits its own company's users
	}
	if !ok {
		s.recordFailure(ctx, email, user, found, "invalid_credentials")
		return nil, errBadCredentials
	}
	if user.Status != "active" {
		s.recordFailure(ctx, email, user, found, "deactivated")
		return nil, apperr.New(apperr.EFORBIDDEN, "Your account is deactivated. Ask your company admin to reactivate it.")
	}
	if company != nil && company.Status == "suspended" {
		s.recordFailure(ctx, email, user, found, "company_suspended")
		return nil, apperr.New(apperr.EFORBIDDEN, "This company is suspended. Contact the platform owner.")
	}
	if company != nil && company.Status == "deleting" {
		s.recordFailure(ctx, email, user, found, "company_deleting")
		return nil, apperr.New(apperr.EFORBIDDEN, "This company's account has been closed.")
	}

	sess, err := s.open(ctx, user)
	if err != nil {
		return nil, err
	}
	if err := q.LoginAttemptSucceeded(ctx, attempt); err != nil {
		return nil, fmt.Errorf("auth.Login: %w", err)
	}
	return sess, nil
}

func (s *Service) open(ctx context.Context, user dbgen.User) (*Session, error) {
	token, tokenHash := newToken()
	csrf, _ := newToken()
	now := s.now()
	expires := now.Add(min(s.set.SessionTTL, s.set.SessionAbsoluteTTL))
	client := identity.ClientFrom(ctx)
	p := &identity.Principal{
		UserID: user.ID, CompanyID: user.CompanyID.UUID, Role: user.Role,
		Name: user.Name, Email: user.Email, CSRFToken: csrf,
	}
	err := s.scope(ctx, p.CompanyID, func(tx *db.Tx) error {
		row, err := tx.SessionCreate(ctx, dbgen.SessionCreateParams{
			CompanyID: user.CompanyID, UserID: user.ID, TokenHash: tokenHash, CsrfToken: csrf,
			Ip: client.IP, UserAgent: cleanText(client.UserAgent, 500), ExpiresAt: expires,
		})
		if err != nil {
			return err
		}
		p.SessionID = row.ID
		if err := tx.UserTouchLogin(ctx, user.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			CompanyID: p.CompanyID, Action: "auth.login_succeeded", TargetType: "user", TargetID: user.ID.String(),
			ActorID: user.ID, ActorEmail: user.Email,
		})
	})
	if err != nil {
		return nil, fmt.Errorf("auth.Login: open session: %w", err)
	}
	return &Session{Token: token, CSRFToken: csrf, ExpiresAt: expires, CookieExpiresAt: now.Add(s.set.SessionAbsoluteTTL), Principal: p}, nil
}

// scope opens the transaction a principal's own writes belong in: its tenant,
// or the platform scope for the super admin (whose rows have no company).
func (s *Service) scope(ctx context.Context, companyID uuid.UUID, fn func(tx *db.Tx) error) error {
	if companyID == uuid.Nil {
		return s.db.WithPlatform(ctx, fn)
	}
	return s.db.WithTenant(ctx, companyID, fn)
}

// Resolve returns the principal for a session token, or nil when the token is
// unknown, expired, or its user or company may no longer sign in.
func (s *Service) Resolve(ctx context.Context, token string) (*identity.Principal, error) {
	if token == "" || len(token) > 100 {
		return nil, nil
	}
	var p *identity.Principal
	err := s.db.WithAuth(ctx, func(tx *db.Tx) error {
		row, err := tx.SessionResolve(ctx, hashToken(token))
		if db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		now := s.now()
		if !now.Before(row.ExpiresAt) {
			return tx.SessionDelete(ctx, row.SessionID)
		}
		if row.UserStatus != "active" || (row.CompanyStatus != nil && (*row.CompanyStatus == "suspended" || *row.CompanyStatus == "deleting")) {
			return nil
		}
		if now.Sub(row.LastSeenAt) > time.Minute {
			expires := now.Add(s.set.SessionTTL)
			if hard := row.CreatedAt.Add(s.set.SessionAbsoluteTTL); hard.Before(expires) {
				expires = hard
			}
			if err := tx.SessionTouch(ctx, dbgen.SessionTouchParams{ID: row.SessionID, ExpiresAt: expires}); err != nil {
				return err
			}
		}
		p = &identity.Principal{
			UserID: row.UserID, CompanyID: row.CompanyID.UUID, SessionID: row.SessionID, Role: row.Role,
			Name: row.Name, Email: row.Email, CSRFToken: row.CsrfToken,
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("auth.Resolve: %w", err)
	}
	return p, nil
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context, p *identity.Principal) error {
	return s.scope(ctx, p.CompanyID, func(tx *db.Tx) error {
		if err := tx.SessionDelete(ctx, p.SessionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: p.CompanyID, Action: "auth.logout", TargetType: "user", TargetID: p.UserID.String()})
	})
}

// ChangePassword replaces the caller's password after checking the current one,
// and ends every other session of theirs.
// Errors: EINVALID (wrong current password, weak new password).
func (s *Service) ChangePassword(ctx context.Context, p *identity.Principal, current, next string) error {
	if err := ValidatePassword("body.new_password", next); err != nil {
		return err
	}
	if current == next {
		return apperr.Invalid("body.new_password", "The new password must differ from the current one.")
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.scope(ctx, p.CompanyID, func(tx *db.Tx) error {
		u, err := tx.UserGet(ctx, p.UserID)
		if err != nil {
			return fmt.Errorf("auth.ChangePassword: %w", err)
		}
		if ok, err := VerifyPassword(u.PasswordHash, current); err != nil || !ok {
			return apperr.Invalid("body.current_password", "The current password is not correct.")
		}
		if err := tx.UserSetPassword(ctx, dbgen.UserSetPasswordParams{ID: p.UserID, PasswordHash: hash}); err != nil {
			return err
		}
		if _, err := tx.SessionDeleteByUserExcept(ctx, dbgen.SessionDeleteByUserExceptParams{UserID: p.UserID, KeepID: p.SessionID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: p.CompanyID, Action: "auth.password_changed", TargetType: "user", TargetID: p.UserID.String()})
	})
}

// checkThrottle refuses a login for an account or address with too many recent failures.
func (s *Service) checkThrottle(ctx context.Context, email, ip string) error {
	since := s.now().Add(-s.set.Lockout)
	q := dbgen.New(s.db.Pool)
	byEmail, err := q.LoginFailuresByEmail(ctx, dbgen.LoginFailuresByEmailParams{Email: email, Since: since})
	if err != nil {
		return fmt.Errorf("auth.checkThrottle: %w", err)
	}
	// The count includes the attempt being checked.
	if byEmail.Failures > int32(s.set.MaxFailuresAccount) {
		return s.throttled(byEmail.LastFailure)
	}
	if ip == "" {
		return nil
	}
	byIP, err := q.LoginFailuresByIP(ctx, dbgen.LoginFailuresByIPParams{Ip: ip, Since: since})
	if err != nil {
		return fmt.Errorf("auth.checkThrottle: %w", err)
	}
	if byIP.Failures > int32(s.set.MaxFailuresIP) {
		return s.throttled(byIP.LastFailure)
	}
	return nil
}

func (s *Service) throttled(lastFailure time.Time) error {
	wait := lastFailure.Add(s.set.Lockout).Sub(s.now())
	minutes := int(math.Ceil(wait.Minutes()))
	if minutes < 1 {
		minutes = 1
	}
	unit := "minutes"
	if minutes == 1 {
		unit = "minute"
	}
	return &apperr.Error{
		Code:              apperr.ETHROTTLED,
		Message:           fmt.Sprintf("Too many failed sign-in attempts. Try again in %d %s.", minutes, unit),
		RetryAfterSeconds: int(math.Ceil(wait.Seconds())),
	}
}

// recordFailure writes a failed attempt (already counted) to the audit log:
// the company's log when the account exists, the platform's otherwise.
func (s *Service) recordFailure(ctx context.Context, email string, user dbgen.User, found bool, reason string) {
	e := audit.Entry{Action: "auth.login_failed", TargetType: "email", TargetID: cleanText(strings.ToLower(email), 200),
		ActorEmail: cleanText(email, 200), Metadata: map[string]any{"reason": reason}}
	if found {
		e.CompanyID, e.ActorID, e.TargetType, e.TargetID = user.CompanyID.UUID, user.ID, "user", user.ID.String()
	}
	if err := s.db.WithAuth(ctx, func(tx *db.Tx) error { return audit.Record(ctx, tx, e) }); err != nil {
		slog.ErrorContext(ctx, "audit failed login", "err", err)
	}
}

// Tenant is the company a custom subdomain names.
type Tenant struct {
	ID      uuid.UUID
	Name    string
	Slug    string
	LogoKey *string
}

var reservedSubdomains = map[string]bool{"www": true, "app": true, "api": true, "admin": true}

// TenantForHost resolves "{slug}.{BASE_DOMAIN}" to its company. It returns nil
// for the bare domain and for other hosts, and ENOTFOUND for an unknown slug.
func (s *Service) TenantForHost(ctx context.Context, host string) (*Tenant, error) {
	slug := SubdomainSlug(host, s.set.BaseDomain)
	if slug == "" {
		return nil, nil
	}
	var t *Tenant
	err := s.db.WithAuth(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGetBySlug(ctx, slug)
		if db.IsNotFound(err) {
			return apperr.New(apperr.ENOTFOUND, fmt.Sprintf("There is no company at %s.", host))
		} else if err != nil {
			return err
		}
		if c.Status == "deleting" {
			return apperr.New(apperr.ENOTFOUND, fmt.Sprintf("There is no company at %s.", host))
		}
		t = &Tenant{ID: c.ID, Name: c.Name, Slug: c.Slug, LogoKey: c.LogoKey}
		return nil
	})
	return t, err
}

// IsReservedSubdomain reports whether slug is kept for the platform itself.
func IsReservedSubdomain(slug string) bool { return reservedSubdomains[slug] }

// SubdomainSlug returns the company slug of host under baseDomain, or "".
func SubdomainSlug(host, baseDomain string) string {
	host = strings.ToLower(host)
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	if baseDomain == "" || !strings.HasSuffix(host, "."+baseDomain) {
		return ""
	}
	slug := strings.TrimSuffix(host, "."+baseDomain)
	if slug == "" || strings.Contains(slug, ".") || reservedSubdomains[slug] {
		return ""
	}
	return slug
}

func newToken() (string, []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	t := base64.RawURLEncoding.EncodeToString(b)
	return t, hashToken(t)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// cleanText drops invalid UTF-8 and cuts s to at most n characters.
func cleanText(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// ErrNoSession is returned for calls that need a session when there is none.
var ErrNoSession = errors.New("auth: no session")
