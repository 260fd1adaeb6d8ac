package company

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/team"
)

// JobInserter enqueues a job in the caller's transaction (River's client).
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Service manages companies.
type Service struct {
	db          *db.DB
	blobs       storage.Store
	jobs        JobInserter
	deleteDelay time.Duration
}

// NewService returns a Service. SetJobs must be called before Delete is used.
func NewService(d *db.DB, blobs storage.Store, deleteDelay time.Duration) *Service {
	return &Service{db: d, blobs: blobs, deleteDelay: deleteDelay}
}

// SetJobs gives the service its job queue (created after the workers that need the service).
func (s *Service) SetJobs(j JobInserter) { s.jobs = j }

// Plans a company can be on.
var Plans = []string{"trial", "starter", "growth", "enterprise"}

var slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// NewCompany is what the super admin fills in to create a company.
type NewCompany struct {
	Name                string
	Slug                string
	Plan                string
	Status              string
	MaxAgents           int32
	MonthlyMessageLimit int32
	MonthlyAITokenLimit int64
	Admin               *team.NewUser
}

// Created is the result of creating a company.
type Created struct {
	Company           dbgen.Company
	Admin             *dbgen.User
	GeneratedPassword string
}

// Create makes a company with default settings and, optionally, its first admin, atomically.
// Errors: EINVALID (including a taken slug), ECONFLICT (admin e-mail taken).
func (s *Service) Create(ctx context.Context, in NewCompany) (*Created, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if in.Name == "" {
		return nil, apperr.Invalid("body.name", "Enter the company name.")
	}
	if !slugPattern.MatchString(in.Slug) {
		return nil, apperr.Invalid("body.slug", "Use 1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.")
	}
	if auth.IsReservedSubdomain(in.Slug) {
		return nil, apperr.Invalid("body.slug", fmt.Sprintf("%q is reserved; choose another address.", in.Slug))
	}
	if in.Plan == "" {
		in.Plan = "trial"
	}
	if !contains(Plans, in.Plan) {
		return nil, apperr.Invalid("body.plan", "Plan must be one of trial, starter, growth, enterprise.")
	}
	if in.Status == "" {
		in.Status = "trial"
	}
	if in.Status != "trial" && in.Status != "active" {
		return nil, apperr.Invalid("body.status", "A new company starts as trial or active.")
	}
	var admin *team.Prepared
	if in.Admin != nil {
		var err error
		if admin, err = team.Prepare("body.admin", *in.Admin); err != nil {
			return nil, err
		}
	}
	out := &Created{}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyCreate(ctx, dbgen.CompanyCreateParams{
			Name: in.Name, Slug: in.Slug, Plan: in.Plan, Status: in.Status, MaxAgents: in.MaxAgents,
			MonthlyMessageLimit: in.MonthlyMessageLimit, MonthlyAiTokenLimit: in.MonthlyAITokenLimit,
		})
		if _, ok := db.UniqueViolation(err); ok {
			return apperr.Invalid("body.slug", fmt.Sprintf("The address %q is already taken.", in.Slug))
		} else if err != nil {
			return err
		}
		out.Company = c
		if err := tx.EnterTenant(ctx, c.ID); err != nil {
			return err
		}
		my, _ := CountryByCode("MY")
		if err := tx.CompanySettingsCreate(ctx, dbgen.CompanySettingsCreateParams{
			CompanyID: c.ID, Country: my.Code, Timezone: my.Timezone, Currency: my.Currency, BusinessHours: DefaultBusinessHours().JSON(),
		}); err != nil {
			return err
		}
		if admin != nil {
			u, err := admin.Insert(ctx, tx, c.ID, auth.RoleCompanyAdmin, "body.admin.email")
			if err != nil {
				return err
			}
			out.Admin, out.GeneratedPassword = &u, admin.Generated
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: c.ID, Action: "company.created", TargetType: "company", TargetID: c.ID.String(),
			Metadata: map[string]any{"plan": c.Plan, "max_agents": c.MaxAgents}})
	})
	if err != nil {
		return nil, fmt.Errorf("company.Create: %w", err)
	}
	return out, nil
}

// AddAdmin adds a company admin to a company.
// Errors: ENOTFOUND, EINVALID, ECONFLICT.
func (s *Service) AddAdmin(ctx context.Context, companyID uuid.UUID, in team.NewUser) (*dbgen.User, string, error) {
	pu, err := team.Prepare("body", in)
	if err != nil {
		return nil, "", err
	}
	var u dbgen.User
	err = s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGet(ctx, companyID)
		if db.IsNotFound(err) || (err == nil && c.Status == "deleting") {
			return apperr.NotFound("company")
		} else if err != nil {
			return err
		}
		if err := tx.EnterTenant(ctx, companyID); err != nil {
			return err
		}
		if u, err = pu.Insert(ctx, tx, companyID, auth.RoleCompanyAdmin, "body.email"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: "user.created", TargetType: "user", TargetID: u.ID.String(),
			Metadata: map[string]any{"role": u.Role, "by": "platform"}})
	})
	if err != nil {
		return nil, "", fmt.Errorf("company.AddAdmin: %w", err)
	}
	return &u, pu.Generated, nil
}

// ListFilter narrows a company listing.
type ListFilter struct {
	Query  string
	Status string
	Cursor string
	Limit  int32
}

// List returns companies newest first, and the cursor of the next page ("" at the end).
// Errors: EINVALID (bad cursor).
func (s *Service) List(ctx context.Context, f ListFilter) ([]dbgen.Company, string, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 25
	}
	p := dbgen.CompanyListParams{Lim: f.Limit + 1}
	if q := strings.TrimSpace(f.Query); q != "" {
		q = db.EscapeLike(q)
		p.Query = &q
	}
	if f.Status != "" {
		p.Status = &f.Status
	}
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", apperr.Invalid("query.cursor", "The page cursor is not valid; reload the list.")
		}
		p.BeforeCreated, p.BeforeID = &t, uuid.NullUUID{UUID: id, Valid: true}
	}
	var rows []dbgen.Company
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		rows, err = tx.CompanyList(ctx, p)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("company.List: %w", err)
	}
	next := ""
	if len(rows) > int(f.Limit) {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		next = encodeCursor(last.CreatedAt, last.ID)
	}
	return rows, next, nil
}

func encodeCursor(t time.Time, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(t.UTC().Format(time.RFC3339Nano) + "|" + id.String()))
}

func decodeCursor(s string) (time.Time, uuid.UUID, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, uuid.Nil, err
	}
	ts, ids, ok := strings.Cut(string(b), "|")
	if !ok {
		return time.Time{}, uuid.Nil, fmt.Errorf("bad cursor")
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return time.Time{}, uuid.Nil, err
	}
	id, err := uuid.Parse(ids)
	return t, id, err
}

// Detail is a company as the super admin sees it.
type Detail struct {
	Company dbgen.Company
	Admins  []dbgen.User
	Agents  int64
}

// Get returns a company with its admins and agent count.
// Errors: ENOTFOUND.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Detail, error) {
	d := &Detail{}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGet(ctx, id)
		if db.IsNotFound(err) {
			return apperr.NotFound("company")
		} else if err != nil {
			return err
		}
		d.Company = c
		if d.Admins, err = tx.UserListByCompanyRole(ctx, dbgen.UserListByCompanyRoleParams{CompanyID: uuid.NullUUID{UUID: id, Valid: true}, Role: auth.RoleCompanyAdmin}); err != nil {
			return err
		}
		counts, err := tx.UserCountByRoleForCompany(ctx, uuid.NullUUID{UUID: id, Valid: true})
		if err != nil {
			return err
		}
		for _, c := range counts {
			if c.Role == auth.RoleCompanyUser {
				d.Agents = c.N
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("company.Get: %w", err)
	}
	return d, nil
}

// LimitsUpdate changes a company's name, plan and limits; nil fields stay as they are.
type LimitsUpdate struct {
	Name                *string
	Plan                *string
	MaxAgents           *int32
	MonthlyMessageLimit *int32
	MonthlyAITokenLimit *int64
}

// UpdateLimits applies u to a company.
// Errors: ENOTFOUND, EINVALID.
func (s *Service) UpdateLimits(ctx context.Context, id uuid.UUID, u LimitsUpdate) (*dbgen.Company, error) {
	var out dbgen.Company
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGetForUpdate(ctx, id)
		if db.IsNotFound(err) || (err == nil && c.Status == "deleting") {
			return apperr.NotFound("company")
		} else if err != nil {
			return err
		}
		p := dbgen.CompanyUpdateLimitsParams{ID: id, Name: c.Name, Plan: c.Plan, MaxAgents: c.MaxAgents,
			MonthlyMessageLimit: c.MonthlyMessageLimit, MonthlyAiTokenLimit: c.MonthlyAiTokenLimit}
		if u.Name != nil {
			if p.Name = strings.TrimSpace(*u.Name); p.Name == "" {
				return apperr.Invalid("body.name", "Enter the company name.")
			}
		}
		if u.Plan != nil {
			if !contains(Plans, *u.Plan) {
				return apperr.Invalid("body.plan", "Plan must be one of trial, starter, growth, enterprise.")
			}
			p.Plan = *u.Plan
		}
		if u.MaxAgents != nil {
			p.MaxAgents = *u.MaxAgents
		}
		if u.MonthlyMessageLimit != nil {
			p.MonthlyMessageLimit = *u.MonthlyMessageLimit
		}
		if u.MonthlyAITokenLimit != nil {
			p.MonthlyAiTokenLimit = *u.MonthlyAITokenLimit
		}
		if out, err = tx.CompanyUpdateLimits(ctx, p); err != nil {
			return err
		}
		if err := tx.EnterTenant(ctx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: id, Action: "company.limits_updated", TargetType: "company", TargetID: id.String(),
			Metadata: map[string]any{"plan": out.Plan, "max_agents": out.MaxAgents, "monthly_message_limit": out.MonthlyMessageLimit,
				"monthly_ai_token_limit": out.MonthlyAiTokenLimit}})
	})
	if err != nil {
		return nil, fmt.Errorf("company.UpdateLimits: %w", err)
	}
	return &out, nil
}

// Suspend stops a company: its sessions end at once, its users cannot sign in and its webhooks answer 403.
// Errors: ENOTFOUND, ECONFLICT (already suspended or being deleted).
func (s *Service) Suspend(ctx context.Context, id uuid.UUID, reason string) (*dbgen.Company, error) {
	return s.setStatus(ctx, id, "suspended", strings.TrimSpace(reason), func(c dbgen.Company) error {
		if c.Status == "suspended" {
			return apperr.New(apperr.ECONFLICT, "The company is already suspended.")
		}
		return nil
	})
}

// Reactivate lifts a suspension; a company on the trial plan goes back to trial.
// Errors: ENOTFOUND, ECONFLICT (not suspended).
func (s *Service) Reactivate(ctx context.Context, id uuid.UUID) (*dbgen.Company, error) {
	return s.setStatus(ctx, id, "active", "", func(c dbgen.Company) error {
		if c.Status != "suspended" {
			return apperr.New(apperr.ECONFLICT, "Only a suspended company can be reactivated.")
		}
		return nil
	})
}

// Delete marks a company for deletion, ends its sessions and queues the job that removes its data.
// Errors: ENOTFOUND.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) (*dbgen.Company, error) {
	return s.setStatus(ctx, id, "deleting", "", nil)
}

func (s *Service) setStatus(ctx context.Context, id uuid.UUID, status, reason string, check func(dbgen.Company) error) (*dbgen.Company, error) {
	var out dbgen.Company
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		c, err := tx.CompanyGetForUpdate(ctx, id)
		if db.IsNotFound(err) || (err == nil && c.Status == "deleting") {
			return apperr.NotFound("company")
		} else if err != nil {
			return err
		}
		if check != nil {
			if err := check(c); err != nil {
				return err
			}
		}
		if status == "active" && c.Plan == "trial" {
			status = "trial"
		}
		if out, err = tx.CompanySetStatus(ctx, dbgen.CompanySetStatusParams{ID: id, Status: status, SuspendedReason: reason}); err != nil {
			return err
		}
		if status == "deleting" {
			if s.jobs == nil {
				return fmt.Errorf("no job queue")
			}
			opts := &river.InsertOpts{ScheduledAt: time.Now().Add(s.deleteDelay)}
			if _, err := s.jobs.InsertTx(ctx, tx.Tx, PurgeArgs{CompanyID: id}, opts); err != nil {
				return err
			}
		}
		if err := tx.EnterTenant(ctx, id); err != nil {
			return err
		}
		if status == "suspended" || status == "deleting" {
			if _, err := tx.SessionDeleteAll(ctx); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{CompanyID: id, Action: "company." + actionOf(status), TargetType: "company", TargetID: id.String(),
			Metadata: map[string]any{"reason": reason}})
	})
	if err != nil {
		return nil, fmt.Errorf("company.setStatus %s: %w", status, err)
	}
	return &out, nil
}

func actionOf(status string) string {
	switch status {
	case "suspended":
		return "suspended"
	case "deleting":
		return "deletion_requested"
	default:
		return "reactivated"
	}
}

// Overview is the platform's at-a-glance numbers.
type Overview struct {
	CompaniesByStatus map[string]int64
	UsersByRole       map[string]int64
	Recent            []dbgen.Company
}

// Overview counts companies by status and users by role, with the newest companies.
func (s *Service) Overview(ctx context.Context) (*Overview, error) {
	o := &Overview{CompaniesByStatus: map[string]int64{}, UsersByRole: map[string]int64{}}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		cs, err := tx.CompanyCountByStatus(ctx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			o.CompaniesByStatus[c.Status] = c.N
		}
		us, err := tx.UserCountByRole(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			o.UsersByRole[u.Role] = u.N
		}
		o.Recent, err = tx.CompanyRecent(ctx, 5)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("company.Overview: %w", err)
	}
	return o, nil
}
