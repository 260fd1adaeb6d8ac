package team

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// UserView is a user as the API shows it (never the password hash).
type UserView struct {
	ID          string     `json:"id"`
	CompanyID   *string    `json:"company_id" nullable:"true"`
	Name        string     `json:"name"`
	Email       string     `json:"email"`
	Role        string     `json:"role" enum:"super_admin,company_admin,company_user"`
	Status      string     `json:"status" enum:"active,inactive"`
	Expertise   []string   `json:"expertise"`
	Departments []string   `json:"departments"`
	LastLoginAt *time.Time `json:"last_login_at" nullable:"true"`
	CreatedAt   time.Time  `json:"created_at"`
}

// View converts a user row for the API.
func View(u dbgen.User) UserView {
	v := UserView{ID: u.ID.String(), Name: u.Name, Email: u.Email, Role: u.Role, Status: u.Status,
		Expertise: u.Expertise, Departments: u.Departments, LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt}
	if u.CompanyID.Valid {
		id := u.CompanyID.UUID.String()
		v.CompanyID = &id
	}
	if v.Expertise == nil {
		v.Expertise = []string{}
	}
	if v.Departments == nil {
		v.Departments = []string{}
	}
	return v
}

// Views converts user rows for the API.
func Views(us []dbgen.User) []UserView {
	out := make([]UserView, len(us))
	for i, u := range us {
		out[i] = View(u)
	}
	return out
}

type userListInput struct {
	Query  string `query:"q" maxLength:"200" doc:"Search in name and e-mail."`
	Status string `query:"status" enum:"active,inactive," doc:"Only users with this status."`
}

type userListOutput struct {
	Body struct {
		Items        []UserView `json:"items"`
		Agents       int32      `json:"agents" doc:"Agents in the company, active or not."`
		ActiveAgents int32      `json:"active_agents"`
		MaxAgents    int32      `json:"max_agents" doc:"The plan's limit of active agents."`
	}
}

// NewUserBody is a person to add.
type NewUserBody struct {
	Name        string   `json:"name" minLength:"1" maxLength:"200"`
	Email       string   `json:"email" format:"email" maxLength:"254"`
	Password    string   `json:"password,omitempty" maxLength:"128" doc:"Leave empty to generate one, shown once in the answer."`
	Expertise   []string `json:"expertise,omitempty" maxItems:"20" doc:"Tags matched against conversations, e.g. \"property\", \"mandarin\"."`
	Departments []string `json:"departments,omitempty" maxItems:"20"`
}

// ToNewUser converts the body.
func (b NewUserBody) ToNewUser() NewUser {
	return NewUser{Name: b.Name, Email: b.Email, Password: b.Password, Expertise: b.Expertise, Departments: b.Departments}
}

type userCreateInput struct {
	Body NewUserBody
}

// CreatedUser is a new user with the password generated for them, if any.
type CreatedUser struct {
	User              UserView `json:"user"`
	GeneratedPassword *string  `json:"generated_password" nullable:"true" doc:"Shown once; null when the caller chose the password."`
}

type userCreateOutput struct {
	Body CreatedUser
}

type userIdInput struct {
	ID uuid.UUID `path:"id"`
}

type userUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Name        *string   `json:"name,omitempty" minLength:"1" maxLength:"200"`
		Email       *string   `json:"email,omitempty" format:"email" maxLength:"254"`
		Expertise   *[]string `json:"expertise,omitempty" maxItems:"20"`
		Departments *[]string `json:"departments,omitempty" maxItems:"20"`
	}
}

type userOutput struct {
	Body UserView
}

type teamCompanyDashboardOutput struct {
	Body struct {
		Agents              int32 `json:"agents"`
		ActiveAgents        int32 `json:"active_agents"`
		MaxAgents           int32 `json:"max_agents"`
		Admins              int32 `json:"admins"`
		OnboardingCompleted bool  `json:"onboarding_completed"`
	}
}

// Register adds the team operations for company admins.
func Register(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "company-users-list", Method: http.MethodGet, Path: "/users", Summary: "List the team",
	}, func(ctx context.Context, in *userListInput) (*userListOutput, error) {
		p := identity.PrincipalFrom(ctx)
		l, err := s.List(ctx, p.CompanyID, in.Query, in.Status)
		if err != nil {
			return nil, err
		}
		out := &userListOutput{}
		out.Body.Items, out.Body.Agents, out.Body.ActiveAgents, out.Body.MaxAgents = Views(l.Users), l.Agents, l.ActiveAgents, l.MaxAgents
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-users-create", Method: http.MethodPost, Path: "/users", Summary: "Add a sales agent",
		Description: "Fails with limit_exceeded when the plan's agent limit is reached.", DefaultStatus: http.StatusCreated,
		Errors: []int{409, 422},
	}, func(ctx context.Context, in *userCreateInput) (*userCreateOutput, error) {
		p := identity.PrincipalFrom(ctx)
		u, gen, err := s.CreateAgent(ctx, p.CompanyID, in.Body.ToNewUser())
		if err != nil {
			return nil, err
		}
		out := &userCreateOutput{Body: CreatedUser{User: View(*u)}}
		if gen != "" {
			out.Body.GeneratedPassword = &gen
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-users-update", Method: http.MethodPatch, Path: "/users/{id}", Summary: "Edit a user",
		Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *userUpdateInput) (*userOutput, error) {
		p := identity.PrincipalFrom(ctx)
		u, err := s.UpdateUser(ctx, p.CompanyID, in.ID, Update{Name: in.Body.Name, Email: in.Body.Email, Expertise: in.Body.Expertise, Departments: in.Body.Departments})
		if err != nil {
			return nil, err
		}
		return &userOutput{Body: View(*u)}, nil
	})

	for _, active := range []bool{false, true} {
		id, path, summary := "company-users-deactivate", "/users/{id}/deactivate", "Deactivate a user (ends their sessions)"
		if active {
			id, path, summary = "company-users-reactivate", "/users/{id}/reactivate", "Reactivate a user"
		}
		huma.Register(company, huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Errors: []int{404, 422},
		}, func(ctx context.Context, in *userIdInput) (*userOutput, error) {
			p := identity.PrincipalFrom(ctx)
			u, err := s.SetActive(ctx, p.CompanyID, p.UserID, in.ID, active)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: View(*u)}, nil
		})
	}

	huma.Register(company, huma.Operation{
		OperationID: "company-users-delete", Method: http.MethodDelete, Path: "/users/{id}", Summary: "Delete a user",
		DefaultStatus: http.StatusNoContent, Errors: []int{404, 422},
	}, func(ctx context.Context, in *userIdInput) (*struct{}, error) {
		p := identity.PrincipalFrom(ctx)
		return nil, s.Delete(ctx, p.CompanyID, p.UserID, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "company-dashboard", Method: http.MethodGet, Path: "/dashboard", Summary: "Company dashboard numbers",
	}, func(ctx context.Context, _ *struct{}) (*teamCompanyDashboardOutput, error) {
		p := identity.PrincipalFrom(ctx)
		l, err := s.List(ctx, p.CompanyID, "", "")
		if err != nil {
			return nil, err
		}
		done, err := s.onboardingCompleted(ctx, p.CompanyID)
		if err != nil {
			return nil, err
		}
		out := &teamCompanyDashboardOutput{}
		out.Body.Agents, out.Body.ActiveAgents, out.Body.MaxAgents, out.Body.OnboardingCompleted = l.Agents, l.ActiveAgents, l.MaxAgents, done
		for _, u := range l.Users {
			if u.Role == "company_admin" {
				out.Body.Admins++
			}
		}
		return out, nil
	})
}
