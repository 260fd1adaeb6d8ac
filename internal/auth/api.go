package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/storage"
)

// Cookie names, shared with the API's session middleware.
const (
	SessionCookie = "sembang_session"
	CSRFCookie    = "sembang_csrf"
)

// MeCompany is the caller's company as the web needs it.
type MeCompany struct {
	ID                  string `json:"id"`
	Name                string `json:"name"`
	Slug                string `json:"slug"`
	LogoURL             string `json:"logo_url"`
	Status              string `json:"status"`
	OnboardingCompleted bool   `json:"onboarding_completed"`
	Timezone            string `json:"timezone"`
	Currency            string `json:"currency"`
	DateFormat          string `json:"date_format"`
}

// Me is the signed-in user.
type Me struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Email     string     `json:"email"`
	Role      string     `json:"role" enum:"super_admin,company_admin,company_user"`
	Company   *MeCompany `json:"company"`
	CSRFToken string     `json:"csrf_token" doc:"Send as X-CSRF-Token on every state-changing call."`
}

// Me describes the principal, with their company.
func (s *Service) Me(ctx context.Context, p *identity.Principal) (*Me, error) {
	me := &Me{ID: p.UserID.String(), Name: p.Name, Email: p.Email, Role: p.Role, CSRFToken: p.CSRFToken}
	if p.CompanyID == uuid.Nil {
		return me, nil
	}
	err := s.db.WithTenant(ctx, p.CompanyID, func(tx *db.Tx) error {
		c, err := tx.CompanySummary(ctx, p.CompanyID)
		if err != nil {
			return err
		}
		me.Company = &MeCompany{ID: c.ID.String(), Name: c.Name, Slug: c.Slug, LogoURL: storage.URL(c.LogoKey), Status: c.Status,
			OnboardingCompleted: c.OnboardingCompletedAt != nil, Timezone: c.Timezone, Currency: c.Currency, DateFormat: c.DateFormat}
		return nil
	})
	return me, err
}

type authLoginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" doc:"The account's e-mail address."`
		Password string `json:"password" maxLength:"128"`
	}
}

type authMeOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      *Me
}

type authTenantOutput struct {
	Body struct {
		Company *TenantView `json:"company" doc:"The company whose subdomain this is, or null on the platform's own domain."`
	}
}

// TenantView is what a company's login page shows.
type TenantView struct {
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	LogoURL string `json:"logo_url"`
}

type authPasswordInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" maxLength:"128"`
		NewPassword     string `json:"new_password" maxLength:"128" doc:"At least 10 characters."`
	}
}

type authLogoutOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
}

// Register adds the sign-in operations: public ones on public, the rest on session.
func Register(public, session huma.API, s *Service, forceSecure bool) {
	huma.Register(public, huma.Operation{
		OperationID: "auth-login", Method: http.MethodPost, Path: "/auth/login", Summary: "Sign in",
		Description: "Checks the e-mail and password and sets the session cookie. On a company's subdomain only its users may sign in.",
		Errors:      []int{401, 403, 422, 429},
	}, func(ctx context.Context, in *authLoginInput) (*authMeOutput, error) {
		client := identity.ClientFrom(ctx)
		sess, err := s.Login(ctx, in.Body.Email, in.Body.Password, client.Host)
		if err != nil {
			return nil, err
		}
		me, err := s.Me(ctx, sess.Principal)
		if err != nil {
			return nil, err
		}
		secure := forceSecure || client.Secure
		return &authMeOutput{Body: me, SetCookie: []http.Cookie{
			{Name: SessionCookie, Value: sess.Token, Path: "/", Expires: sess.CookieExpiresAt, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode},
			{Name: CSRFCookie, Value: sess.CSRFToken, Path: "/", Expires: sess.CookieExpiresAt, HttpOnly: false, Secure: secure, SameSite: http.SameSiteStrictMode},
		}}, nil
	})

	huma.Register(public, huma.Operation{
		OperationID: "public-tenant", Method: http.MethodGet, Path: "/public/tenant", Summary: "The company of this subdomain",
		Errors: []int{404},
	}, func(ctx context.Context, _ *struct{}) (*authTenantOutput, error) {
		t, err := s.TenantForHost(ctx, identity.ClientFrom(ctx).Host)
		if err != nil {
			return nil, err
		}
		out := &authTenantOutput{}
		if t != nil {
			out.Body.Company = &TenantView{Name: t.Name, Slug: t.Slug, LogoURL: storage.URL(t.LogoKey)}
		}
		return out, nil
	})

	huma.Register(session, huma.Operation{
		OperationID: "auth-me", Method: http.MethodGet, Path: "/auth/me", Summary: "Who am I",
	}, func(ctx context.Context, _ *struct{}) (*authMeOutput, error) {
		me, err := s.Me(ctx, identity.PrincipalFrom(ctx))
		if err != nil {
			return nil, err
		}
		return &authMeOutput{Body: me}, nil
	})

	huma.Register(session, huma.Operation{
		OperationID: "auth-logout", Method: http.MethodPost, Path: "/auth/logout", Summary: "Sign out", DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, _ *struct{}) (*authLogoutOutput, error) {
		if err := s.Logout(ctx, identity.PrincipalFrom(ctx)); err != nil {
			return nil, err
		}
		past := time.Unix(0, 0)
		return &authLogoutOutput{SetCookie: []http.Cookie{
			{Name: SessionCookie, Value: "", Path: "/", Expires: past, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode},
			{Name: CSRFCookie, Value: "", Path: "/", Expires: past, MaxAge: -1, SameSite: http.SameSiteStrictMode},
		}}, nil
	})

	huma.Register(session, huma.Operation{
		OperationID: "auth-change-password", Method: http.MethodPost, Path: "/auth/password", Summary: "Change my password",
		Description:   "Checks the current password, sets the new one and signs out every other session.",
		DefaultStatus: http.StatusNoContent, Errors: []int{422},
	}, func(ctx context.Context, in *authPasswordInput) (*struct{}, error) {
		return nil, s.ChangePassword(ctx, identity.PrincipalFrom(ctx), in.Body.CurrentPassword, in.Body.NewPassword)
	})
}
