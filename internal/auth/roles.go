package auth

import "github.com/sembang/sembang/internal/platform/identity"

// Roles, as stored in users.role.
const (
	RoleSuperAdmin   = identity.RoleSuperAdmin
	RoleCompanyAdmin = identity.RoleCompanyAdmin
	RoleCompanyUser  = identity.RoleCompanyUser
)
