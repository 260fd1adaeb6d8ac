// Package identity says who is calling: the principal of a verified session and the client it came from.
package identity

import (
	"context"

	"github.com/google/uuid"
)

// Roles.
const (
	RoleSuperAdmin   = "super_admin"
	RoleCompanyAdmin = "company_admin"
	RoleCompanyUser  = "company_user"
)

// Principal is the caller, as established by a verified session. It is the
// only source of the caller's company: ids in URLs or bodies are never trusted alone.
type Principal struct {
	UserID    uuid.UUID
	CompanyID uuid.UUID // uuid.Nil for the super admin
	SessionID uuid.UUID
	Role      string
	Name      string
	Email     string
	CSRFToken string
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, or nil for an anonymous request.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Client describes where a request came from, for the audit log and throttling.
type Client struct {
	IP        string
	UserAgent string
	Host      string
	Secure    bool // the request reached us over HTTPS
}

type clientKey struct{}

// WithClient returns ctx carrying c.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the request's client, empty when unknown.
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}
