package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/sembang/sembang/internal/platform/identity"
)

// Access is who may call an operation. Every operation gets one from its
// group; the authorization matrix test fails for an operation without one.
type Access string

// Access levels.
const (
	Public   Access = "public"   // anyone, signed in or not
	Session  Access = "session"  // any signed-in user
	Platform Access = "platform" // the super admin
	Company  Access = "company"  // a company admin, on their own company
	Agent    Access = "agent"    // a sales agent, on their own company
)

// Roles returns the roles an access level admits (nil for Public).
func (a Access) Roles() []string {
	switch a {
	case Session:
		return []string{identity.RoleSuperAdmin, identity.RoleCompanyAdmin, identity.RoleCompanyUser}
	case Platform:
		return []string{identity.RoleSuperAdmin}
	case Company:
		return []string{identity.RoleCompanyAdmin}
	case Agent:
		return []string{identity.RoleCompanyUser}
	}
	return nil
}

// AccessOf returns the access an operation declares, if any.
func AccessOf(op *huma.Operation) (Access, bool) {
	a, ok := op.Metadata["access"].(Access)
	return a, ok
}

// group returns a huma group under prefix whose operations all declare a and
// whose middleware enforces it.
func group(api huma.API, prefix string, a Access) huma.API {
	g := huma.NewGroup(api, prefix)
	g.UseModifier(func(op *huma.Operation, next func(*huma.Operation)) {
		if op.Metadata == nil {
			op.Metadata = map[string]any{}
		}
		op.Metadata["access"] = a
		if op.Extensions == nil {
			op.Extensions = map[string]any{}
		}
		op.Extensions["x-access"] = string(a)
		op.Tags = append(op.Tags, string(a))
		if a != Public {
			op.Security = []map[string][]string{{"session": {}}}
			op.Errors = append(op.Errors, http.StatusUnauthorized, http.StatusForbidden)
		}
		next(op)
	})
	g.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		if a == Public {
			next(ctx)
			return
		}
		p := identity.PrincipalFrom(ctx.Context())
		if p == nil {
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized, "Sign in to continue.")
			return
		}
		for _, r := range a.Roles() {
			if p.Role == r {
				next(ctx)
				return
			}
		}
		_ = huma.WriteErr(api, ctx, http.StatusForbidden, "Your role does not have access to this.")
	})
	return g
}
