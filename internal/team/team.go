// Package team manages a company's people: its admins and sales agents.
package team

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// NewUser is a person to add to a company.
type NewUser struct {
	Name        string
	Email       string
	Password    string // generated when empty
	Expertise   []string
	Departments []string
}

// Prepared is a validated NewUser with its password hashed, ready to insert.
type Prepared struct {
	user      NewUser
	hash      string
	Generated string // the generated password, to show once; "" when the caller chose one
}

// Prepare validates u (field names under prefix, e.g. "body" or "body.admin")
// and hashes its password, generating one when empty.
// Errors: EINVALID.
func Prepare(prefix string, u NewUser) (*Prepared, error) {
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 200 {
		return nil, apperr.Invalid(prefix+".name", "Enter a name of at most 200 characters.")
	}
	email, err := NormalizeEmail(u.Email)
	if err != nil {
		return nil, apperr.Invalid(prefix+".email", err.Error())
	}
	u.Email = email
	if u.Expertise, err = cleanTags(prefix+".expertise", u.Expertise); err != nil {
		return nil, err
	}
	if u.Departments, err = cleanTags(prefix+".departments", u.Departments); err != nil {
		return nil, err
	}
	p := &Prepared{user: u}
	if u.Password == "" {
		p.Generated = auth.GeneratePassword()
		u.Password = p.Generated
	} else if err := auth.ValidatePassword(prefix+".password", u.Password); err != nil {
		return nil, err
	}
	if p.hash, err = auth.HashPassword(u.Password); err != nil {
		return nil, err
	}
	return p, nil
}

// Insert adds the prepared user to companyID with role, inside tx (a tenant transaction).
// Errors: ECONFLICT naming emailField when the e-mail is taken.
func (p *Prepared) Insert(ctx context.Context, tx *db.Tx, companyID uuid.UUID, role, emailField string) (dbgen.User, error) {
	u, err := tx.UserCreate(ctx, dbgen.UserCreateParams{
		CompanyID: uuid.NullUUID{UUID: companyID, Valid: true}, Name: p.user.Name, Email: p.user.Email,
		PasswordHash: p.hash, Role: role, Expertise: p.user.Expertise, Departments: p.user.Departments,
	})
	if _, ok := db.UniqueViolation(err); ok {
		return u, &apperr.Error{Code: apperr.ECONFLICT, Field: emailField, Message: fmt.Sprintf("%s is already used by another account.", p.user.Email)}
	}
	return u, err
}

// NormalizeEmail checks that s is a plain e-mail address and returns it trimmed.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return "", fmt.Errorf("Enter a valid e-mail address, like name@example.com.")
	}
	return s, nil
}

func cleanTags(field string, in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if utf8.RuneCountInString(t) > 50 {
			return nil, apperr.Invalid(field, fmt.Sprintf("%q is longer than 50 characters.", t))
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > 20 {
		return nil, apperr.Invalid(field, "Use at most 20 entries.")
	}
	return out, nil
}

// Service manages a company's team.
type Service struct{ db *db.DB }

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Listing is a company's team with its plan usage.
type Listing struct {
	Users        []dbgen.User
	Agents       int32
	ActiveAgents int32
	MaxAgents    int32
}

// List returns companyID's users matching query and status ("" for all).
func (s *Service) List(ctx context.Context, companyID uuid.UUID, query, status string) (*Listing, error) {
	l := &Listing{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		p := dbgen.UserListParams{}
		if q := strings.TrimSpace(query); q != "" {
			q = db.EscapeLike(q)
			p.Query = &q
		}
		if status != "" {
			p.Status = &status
		}
		var err error
		if l.Users, err = tx.UserList(ctx, p); err != nil {
			return err
		}
		if l.Agents, err = tx.UserCountAgents(ctx); err != nil {
			return err
		}
		if l.ActiveAgents, err = tx.UserCountActiveAgents(ctx); err != nil {
			return err
		}
		c, err := tx.CompanyGet(ctx, companyID)
		l.MaxAgents = c.MaxAgents
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("team.List: %w", err)
	}
	return l, nil
}

// CreateAgent adds a sales agent, within the plan's agent limit.
// Errors: EINVALID, ECONFLICT, ELIMIT.
func (s *Service) CreateAgent(ctx context.Context, companyID uuid.UUID, in NewUser) (*dbgen.User, string, error) {
	p, err := Prepare("body", in)
	if err != nil {
		return nil, "", err
	}
	var u dbgen.User
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := checkAgentLimit(ctx, tx, companyID); err != nil {
			return err
		}
		if u, err = p.Insert(ctx, tx, companyID, auth.RoleCompanyUser, "body.email"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "user.created", TargetType: "user", TargetID: u.ID.String(),
			Metadata: map[string]any{"role": u.Role, "email": u.Email}})
	})
	if err != nil {
		return nil, "", fmt.Errorf("team.CreateAgent: %w", err)
	}
	return &u, p.Generated, nil
}

// checkAgentLimit locks the company row (serialising concurrent creations) and
// fails with ELIMIT when the active agents already fill the plan.
func checkAgentLimit(ctx context.Context, tx *db.Tx, companyID uuid.UUID) error {
	c, err := tx.CompanyGetForUpdate(ctx, companyID)
	if err != nil {
		return err
	}
	n, err := tx.UserCountActiveAgents(ctx)
	if err != nil {
		return err
	}
	if n >= c.MaxAgents {
		return apperr.New(apperr.ELIMIT, fmt.Sprintf(
			"Your plan allows %s and you have %d. Deactivate an agent or ask the platform owner to raise the limit.", plural(int(c.MaxAgents), "active agent"), n))
	}
	return nil
}

// Update is a change to a user; nil fields stay as they are.
type Update struct {
	Name        *string
	Email       *string
	Expertise   *[]string
	Departments *[]string
}

// UpdateUser edits a user of companyID.
// Errors: ENOTFOUND, EINVALID, ECONFLICT.
func (s *Service) UpdateUser(ctx context.Context, companyID, id uuid.UUID, up Update) (*dbgen.User, error) {
	var out dbgen.User
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		u, err := tx.UserGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("user")
		} else if err != nil {
			return err
		}
		p := dbgen.UserUpdateProfileParams{ID: id, Name: u.Name, Email: u.Email, Expertise: u.Expertise, Departments: u.Departments}
		if up.Name != nil {
			if p.Name = strings.TrimSpace(*up.Name); p.Name == "" || utf8.RuneCountInString(p.Name) > 200 {
				return apperr.Invalid("body.name", "Enter a name of at most 200 characters.")
			}
		}
		if up.Email != nil {
			if p.Email, err = NormalizeEmail(*up.Email); err != nil {
				return apperr.Invalid("body.email", err.Error())
			}
		}
		if up.Expertise != nil {
			if p.Expertise, err = cleanTags("body.expertise", *up.Expertise); err != nil {
				return err
			}
		}
		if up.Departments != nil {
			if p.Departments, err = cleanTags("body.departments", *up.Departments); err != nil {
				return err
			}
		}
		out, err = tx.UserUpdateProfile(ctx, p)
		if _, ok := db.UniqueViolation(err); ok {
			return &apperr.Error{Code: apperr.ECONFLICT, Field: "body.email", Message: fmt.Sprintf("%s is already used by another account.", p.Email)}
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "user.updated", TargetType: "user", TargetID: id.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("team.UpdateUser: %w", err)
	}
	return &out, nil
}

// SetActive deactivates (ending their sessions at once) or reactivates a user.
// An admin cannot deactivate themselves; reactivating an agent respects the plan limit.
// Errors: ENOTFOUND, EINVALID, ELIMIT.
func (s *Service) SetActive(ctx context.Context, companyID, actorID, id uuid.UUID, active bool) (*dbgen.User, error) {
	var out dbgen.User
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		u, err := tx.UserGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("user")
		} else if err != nil {
			return err
		}
		status, action := "inactive", "user.deactivated"
		if active {
			status, action = "active", "user.reactivated"
			if u.Status != "active" && u.Role == auth.RoleCompanyUser {
				if err := checkAgentLimit(ctx, tx, companyID); err != nil {
					return err
				}
			}
		} else if id == actorID {
			return apperr.New(apperr.EINVALID, "You cannot deactivate your own account.")
		}
		if out, err = tx.UserSetStatus(ctx, dbgen.UserSetStatusParams{ID: id, Status: status}); err != nil {
			return err
		}
		if u.Role == auth.RoleCompanyUser && u.Status != status {
			if err := inbox.OnAgentStatusChanged(ctx, tx, companyID, id, active); err != nil {
				return err
			}
		}
		if !active {
			if _, err := tx.SessionDeleteByUser(ctx, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: action, TargetType: "user", TargetID: id.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("team.SetActive: %w", err)
	}
	return &out, nil
}

// Delete removes a user and their sessions. An admin cannot delete themselves.
// Errors: ENOTFOUND, EINVALID.
func (s *Service) Delete(ctx context.Context, companyID, actorID, id uuid.UUID) error {
	if id == actorID {
		return apperr.New(apperr.EINVALID, "You cannot delete your own account.")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		u, err := tx.UserGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("user")
		} else if err != nil {
			return err
		}
		if _, err := tx.UserDelete(ctx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "user.deleted", TargetType: "user", TargetID: id.String(),
			Metadata: map[string]any{"email": u.Email, "role": u.Role}})
	})
	if err != nil {
		return fmt.Errorf("team.Delete: %w", err)
	}
	return nil
}

func (s *Service) onboardingCompleted(ctx context.Context, companyID uuid.UUID) (bool, error) {
	var done bool
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		c, err := tx.CompanySummary(ctx, companyID)
		done = c.OnboardingCompletedAt != nil
		return err
	})
	return done, err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
