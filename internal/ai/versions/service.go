// Package versions keeps each company's AI model versions: drafts an admin
// edits, the one active version the reply engine uses, and the archived ones
// it can revert to. Activation runs in one transaction under a per-company lock,
// and a partial unique index keeps at most one version active.
//
// Only drafts are edited: saving changes to the active or an archived version
// is refused (ECONFLICT) and the admin makes a draft from it first (Duplicate),
// so what the engine uses never changes under it without an activation.
package versions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/realtime"
)

// Version statuses.
const (
	StatusDraft    = "draft"
	StatusActive   = "active"
	StatusArchived = "archived"
)

// Service manages model versions.
type Service struct {
	db *db.DB
}

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Version is a stored version with its configuration decoded.
type Version struct {
	ID          uuid.UUID
	Number      int
	Status      string
	Config      AiVersionConfig
	CreatedBy   uuid.UUID
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ActivatedAt *time.Time
	ActivatedBy uuid.UUID
}

// Of decodes a stored version.
func Of(v dbgen.AiModelVersion) Version {
	return Version{ID: v.ID, Number: int(v.Number), Status: v.Status, Config: ConfigOf(v), CreatedBy: v.CreatedBy.UUID,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, ActivatedAt: v.ActivatedAt, ActivatedBy: v.ActivatedBy.UUID}
}

func nullUUID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }

var errNotFound = apperr.NotFound("model version")

// EventType is published to the company's admins whenever a version changes.
const EventType = "ai.version"

// changed audits a change to version v and tells the company's admins, inside tx.
func changed(ctx context.Context, tx *db.Tx, companyID, actor uuid.UUID, action string, v dbgen.AiModelVersion, meta map[string]any) error {
	if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: action, TargetType: "ai_model_version",
		TargetID: v.ID.String(), Metadata: meta}); err != nil {
		return err
	}
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: EventType, CompanyID: companyID, IDs: []uuid.UUID{v.ID}})
}

// Active returns the company's active version inside tx (a tenant transaction).
// A company that never activated one gets the built-in defaults for its
// country: a value with a nil ID and number 0 that is not stored.
func Active(ctx context.Context, tx *db.Tx) (dbgen.AiModelVersion, error) {
	var raw string
	if err := tx.QueryRow(ctx, "select current_setting('app.company_id', true)").Scan(&raw); err != nil {
		return dbgen.AiModelVersion{}, fmt.Errorf("versions.Active: %w", err)
	}
	companyID, err := uuid.Parse(raw)
	if err != nil {
		return dbgen.AiModelVersion{}, fmt.Errorf("versions.Active: %w", db.ErrNoTenant)
	}
	v, err := tx.AiModelVersionGetActive(ctx, companyID)
	if err == nil {
		return v, nil
	}
	if !db.IsNotFound(err) {
		return v, fmt.Errorf("versions.Active: %w", err)
	}
	c, err := companyDefaults(ctx, tx, companyID)
	if err != nil {
		return dbgen.AiModelVersion{}, fmt.Errorf("versions.Active: %w", err)
	}
	p := params(c)
	return dbgen.AiModelVersion{CompanyID: companyID, Status: StatusActive, Name: "Built-in defaults", SystemPrompt: p.SystemPrompt,
		ResponseStyle: p.ResponseStyle, PrimaryLanguage: p.PrimaryLanguage, SecondaryLanguages: p.SecondaryLanguages,
		CulturalContext: p.CulturalContext, Temperature: p.Temperature, MaxTokens: p.MaxTokens, Weights: p.Weights, AutoReply: p.AutoReply,
		Provider: p.Provider, Model: p.Model}, nil
}

// companyDefaults are the defaults for the company's country and languages.
func companyDefaults(ctx context.Context, tx *db.Tx, companyID uuid.UUID) (AiVersionConfig, error) {
	st, err := tx.CompanySettingsGet(ctx, companyID)
	if db.IsNotFound(err) {
		return Defaults("MY"), nil
	} else if err != nil {
		return AiVersionConfig{}, err
	}
	c := Defaults(st.Country)
	if in(Languages, st.PreferredLanguage) {
		c.PrimaryLanguage = st.PreferredLanguage
		second := []string{}
		for _, l := range append(append([]string{}, st.AdditionalLanguages...), c.SecondaryLanguages...) {
			if in(Languages, l) && l != c.PrimaryLanguage && !in(second, l) {
				second = append(second, l)
			}
		}
		c.SecondaryLanguages = second
	}
	return c, nil
}

// CompanyDefaults is a blank version's configuration for the company.
func (s *Service) CompanyDefaults(ctx context.Context, companyID uuid.UUID) (AiVersionConfig, error) {
	var c AiVersionConfig
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		c, err = companyDefaults(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("versions.CompanyDefaults: %w", err)
	}
	return c, nil
}

// List returns the company's versions, newest first.
func (s *Service) List(ctx context.Context, companyID uuid.UUID) ([]Version, error) {
	out := []Version{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.AiModelVersionList(ctx, companyID)
		for _, r := range rows {
			out = append(out, Of(r))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("versions.List: %w", err)
	}
	return out, nil
}

func get(ctx context.Context, tx *db.Tx, companyID, id uuid.UUID) (dbgen.AiModelVersion, error) {
	v, err := tx.AiModelVersionGet(ctx, dbgen.AiModelVersionGetParams{CompanyID: companyID, ID: id})
	if db.IsNotFound(err) {
		return v, errNotFound
	}
	return v, err
}

// Get returns one version.
// Errors: ENOTFOUND.
func (s *Service) Get(ctx context.Context, companyID, id uuid.UUID) (Version, error) {
	var out Version
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		v, err := get(ctx, tx, companyID, id)
		out = Of(v)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("versions.Get: %w", err)
	}
	return out, nil
}

// insert stores c as the company's next draft; the caller holds the lock.
func insert(ctx context.Context, tx *db.Tx, companyID, actor uuid.UUID, c AiVersionConfig) (dbgen.AiModelVersion, error) {
	n, err := tx.AiModelVersionNextNumber(ctx, companyID)
	if err != nil {
		return dbgen.AiModelVersion{}, err
	}
	if c.Name == "" {
		c.Name = fmt.Sprintf("Version %d", n)
	}
	p := params(c)
	p.CompanyID, p.Number, p.CreatedBy = companyID, n, nullUUID(actor)
	return tx.AiModelVersionCreate(ctx, p)
}

// Sources a new version starts from.
const (
	FromActive = "active" // the active version, or the defaults when none is
	FromBlank  = "blank"  // the defaults for the company's country
)

// Create adds a draft copied from the active version (FromActive) or from the
// company's defaults (FromBlank), named name (or "Version N").
// Errors: EINVALID.
func (s *Service) Create(ctx context.Context, companyID, actor uuid.UUID, from, name string) (Version, error) {
	if from != FromActive && from != FromBlank {
		return Version{}, apperr.Invalid("body.from", "Choose active or blank.")
	}
	if err := checkLen("body.name", name, MaxNameLen); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.AiModelVersionLock(ctx, companyID); err != nil {
			return err
		}
		var c AiVersionConfig
		if from == FromActive {
			a, err := Active(ctx, tx)
			if err != nil {
				return err
			}
			c = ConfigOf(a)
		} else {
			var err error
			if c, err = companyDefaults(ctx, tx, companyID); err != nil {
				return err
			}
		}
		c.Name = name
		c, err := Validate("body", c)
		if err != nil {
			return err
		}
		v, err := insert(ctx, tx, companyID, actor, c)
		if err != nil {
			return err
		}
		out = Of(v)
		return changed(ctx, tx, companyID, actor, "ai.version_created", v, map[string]any{"number": v.Number, "from": from})
	})
	if err != nil {
		return Version{}, fmt.Errorf("versions.Create: %w", err)
	}
	return out, nil
}

// Duplicate adds a draft with the configuration of version id.
// Errors: ENOTFOUND.
func (s *Service) Duplicate(ctx context.Context, companyID, actor, id uuid.UUID) (Version, error) {
	var out Version
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.AiModelVersionLock(ctx, companyID); err != nil {
			return err
		}
		src, err := get(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		c := ConfigOf(src)
		c.Name = truncate(fmt.Sprintf("Copy of %s", src.Name), MaxNameLen)
		v, err := insert(ctx, tx, companyID, actor, c)
		if err != nil {
			return err
		}
		out = Of(v)
		return changed(ctx, tx, companyID, actor, "ai.version_duplicated", v, map[string]any{"number": v.Number, "source_number": src.Number})
	})
	if err != nil {
		return Version{}, fmt.Errorf("versions.Duplicate: %w", err)
	}
	return out, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// errNotDraft is the refusal to edit a version the engine uses or used.
func errNotDraft(v dbgen.AiModelVersion) error {
	what := "archived"
	if v.Status == StatusActive {
		what = "active"
	}
	return apperr.New(apperr.ECONFLICT, fmt.Sprintf("Version %d is %s and cannot be edited. Make a draft from it (Duplicate), edit the draft, then activate it.", v.Number, what))
}

// Update saves a draft's configuration.
// Errors: ENOTFOUND, EINVALID naming the field, ECONFLICT when the version is not a draft.
func (s *Service) Update(ctx context.Context, companyID, actor, id uuid.UUID, c AiVersionConfig) (Version, error) {
	c, err := Validate("body", c)
	if err != nil {
		return Version{}, err
	}
	var out Version
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := get(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		if cur.Status != StatusDraft {
			return errNotDraft(cur)
		}
		if c.Name == "" {
			c.Name = fmt.Sprintf("Version %d", cur.Number)
		}
		p := params(c)
		v, err := tx.AiModelVersionUpdateDraft(ctx, dbgen.AiModelVersionUpdateDraftParams{CompanyID: companyID, ID: id, Name: p.Name,
			SystemPrompt: p.SystemPrompt, ResponseStyle: p.ResponseStyle, PrimaryLanguage: p.PrimaryLanguage, SecondaryLanguages: p.SecondaryLanguages,
			CulturalContext: p.CulturalContext, Temperature: p.Temperature, MaxTokens: p.MaxTokens, Weights: p.Weights, AutoReply: p.AutoReply,
			Provider: p.Provider, Model: p.Model, Notes: p.Notes})
		if db.IsNotFound(err) {
			// Activated between the read and the write.
			return errNotDraft(dbgen.AiModelVersion{Number: cur.Number, Status: StatusActive})
		} else if err != nil {
			return err
		}
		out = Of(v)
		return changed(ctx, tx, companyID, actor, "ai.version_updated", v, map[string]any{"number": v.Number})
	})
	if err != nil {
		return Version{}, fmt.Errorf("versions.Update: %w", err)
	}
	return out, nil
}

// Activate makes version id the one the engine uses and archives the one it
// replaces, in one transaction under the company's version lock, so concurrent
// activations end with exactly one active version (the last to run).
// Activating the active version changes nothing.
// Errors: ENOTFOUND.
func (s *Service) Activate(ctx context.Context, companyID, actor, id uuid.UUID) (Version, error) {
	v, err := s.activate(ctx, companyID, actor, id, false)
	if err != nil {
		return Version{}, fmt.Errorf("versions.Activate: %w", err)
	}
	return v, nil
}

// Revert activates an earlier (archived) version again.
// Errors: ENOTFOUND, ECONFLICT when the version was never active or is active now.
func (s *Service) Revert(ctx context.Context, companyID, actor, id uuid.UUID) (Version, error) {
	v, err := s.activate(ctx, companyID, actor, id, true)
	if err != nil {
		return Version{}, fmt.Errorf("versions.Revert: %w", err)
	}
	return v, nil
}

func (s *Service) activate(ctx context.Context, companyID, actor, id uuid.UUID, revert bool) (Version, error) {
	var out Version
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.AiModelVersionLock(ctx, companyID); err != nil {
			return err
		}
		v, err := get(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		if revert && v.Status != StatusArchived {
			msg := fmt.Sprintf("Version %d is already active.", v.Number)
			if v.Status == StatusDraft {
				msg = fmt.Sprintf("Version %d was never active; activate it instead of reverting to it.", v.Number)
			}
			return apperr.New(apperr.ECONFLICT, msg)
		}
		if v.Status == StatusActive {
			out = Of(v)
			return nil
		}
		prev, err := tx.AiModelVersionGetActive(ctx, companyID)
		if err != nil && !db.IsNotFound(err) {
			return err
		}
		if _, err := tx.AiModelVersionArchiveActive(ctx, companyID); err != nil {
			return err
		}
		v, err = tx.AiModelVersionSetActive(ctx, dbgen.AiModelVersionSetActiveParams{CompanyID: companyID, ID: id, ActivatedBy: nullUUID(actor)})
		if err != nil {
			return err
		}
		out = Of(v)
		action, meta := "ai.version_activated", map[string]any{"number": v.Number}
		if revert {
			action = "ai.version_reverted"
		}
		if prev.ID != uuid.Nil {
			meta["previous_number"] = prev.Number
		}
		return changed(ctx, tx, companyID, actor, action, v, meta)
	})
	return out, err
}

// Delete removes a draft that was never activated; used versions stay in the history.
// Errors: ENOTFOUND, ECONFLICT.
func (s *Service) Delete(ctx context.Context, companyID, actor, id uuid.UUID) error {
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := tx.AiModelVersionLock(ctx, companyID); err != nil {
			return err
		}
		v, err := get(ctx, tx, companyID, id)
		if err != nil {
			return err
		}
		if v.Status == StatusActive {
			return apperr.New(apperr.ECONFLICT, fmt.Sprintf("Version %d is active and cannot be deleted; activate another version first.", v.Number))
		}
		if v.ActivatedAt != nil {
			return apperr.New(apperr.ECONFLICT, fmt.Sprintf("Version %d was in use and stays in the history; only drafts that were never activated can be deleted.", v.Number))
		}
		n, err := tx.AiModelVersionDeleteDraft(ctx, dbgen.AiModelVersionDeleteDraftParams{CompanyID: companyID, ID: id})
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("draft changed while deleting")
		}
		return changed(ctx, tx, companyID, actor, "ai.version_deleted", v, map[string]any{"number": v.Number, "name": v.Name})
	})
	if err != nil {
		return fmt.Errorf("versions.Delete: %w", err)
	}
	return nil
}
