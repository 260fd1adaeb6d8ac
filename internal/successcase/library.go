package successcase

import (
	"time"

	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Usage is how often a template was used, sent and converted.
type Usage struct {
	Companies  int32 // companies that used it (global analytics only)
	Used       int64
	Sent       int64
	Converted  int64
	LastUsedAt *time.Time
}

// GlobalTemplate is a library template with its usage across companies.
type GlobalTemplate struct {
	Row               dbgen.SuccessCaseTemplate
	Usage             Usage
	DisabledCompanies int32
	PreferredBy       int32
}

// ListGlobal returns the global library with usage analytics across companies.
func (s *Service) ListGlobal(ctx context.Context, f Filter) ([]GlobalTemplate, error) {
	f.Owner = "global"
	var out []GlobalTemplate
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		rows, err := tx.SuccessCaseTemplateList(ctx, f.params())
		if err != nil {
			return err
		}
		totals, err := tx.CompanyTemplateUsageTotals(ctx)
		if err != nil {
			return err
		}
		counts, err := tx.CompanyTemplateEnabledCounts(ctx)
		if err != nil {
			return err
		}
		byID := map[uuid.UUID]dbgen.CompanyTemplateUsageTotalsRow{}
		for _, t := range totals {
			byID[t.TemplateID] = t
		}
		cnt := map[uuid.UUID]dbgen.CompanyTemplateEnabledCountsRow{}
		for _, c := range counts {
			cnt[c.TemplateID] = c
		}
		for _, r := range rows {
			t, c := byID[r.ID], cnt[r.ID]
			out = append(out, GlobalTemplate{Row: r, Usage: Usage{Companies: t.Companies, Used: t.Used, Sent: t.Sent, Converted: t.Converted},
				DisabledCompanies: c.Disabled, PreferredBy: c.Preferred})
		}
		return nil
	})
	return out, err
}

// GetGlobal returns one library template. Errors: ENOTFOUND.
func (s *Service) GetGlobal(ctx context.Context, id uuid.UUID) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		r, err = getGlobal(ctx, tx, id)
		return err
	})
	return r, err
}

func getGlobal(ctx context.Context, tx *db.Tx, id uuid.UUID) (dbgen.SuccessCaseTemplate, error) {
	r, err := getVisible(ctx, tx, id)
	if err == nil && r.CompanyID.Valid {
		return r, apperr.NotFound("template")
	}
	return r, err
}

// CreateGlobal adds a template to the library as version 1. Errors: EINVALID.
func (s *Service) CreateGlobal(ctx context.Context, actor uuid.UUID, in Input) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	if err := in.validate("body"); err != nil {
		return r, err
	}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = tx.SuccessCaseTemplateCreate(ctx, in.createParams(uuid.NullUUID{}, nullID(actor))); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.created")
	})
	return r, err
}

// UpdateGlobal saves in as a new version of a library template. Errors: EINVALID, ENOTFOUND.
func (s *Service) UpdateGlobal(ctx context.Context, actor, id uuid.UUID, in Input) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	if err := in.validate("body"); err != nil {
		return r, err
	}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		if _, err := getGlobal(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if r, err = tx.SuccessCaseTemplateUpdate(ctx, in.updateParams(id)); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.updated")
	})
	return r, err
}

// DuplicateGlobal copies a library template as a new one named "… (copy)". Errors: ENOTFOUND.
func (s *Service) DuplicateGlobal(ctx context.Context, actor, id uuid.UUID) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		src, err := getGlobal(ctx, tx, id)
		if err != nil {
			return err
		}
		in := InputFromRow(src)
		in.Name = truncate(in.Name, 193) + " (copy)"
		in.Recommended = false
		if r, err = tx.SuccessCaseTemplateCreate(ctx, in.createParams(uuid.NullUUID{}, nullID(actor))); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.duplicated")
	})
	return r, err
}

// DeleteGlobal removes a library template, with its versions and every company's settings and usage for it. Errors: ENOTFOUND.
func (s *Service) DeleteGlobal(ctx context.Context, id uuid.UUID) error {
	return s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		r, err := getGlobal(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.SuccessCaseTemplateDelete(ctx, id); err != nil {
			return err
		}
		return audited(ctx, tx, uuid.Nil, "template.deleted", id, map[string]any{"name": r.Name})
	})
}

// SetRecommended marks a library template as best practice or not. Errors: ENOTFOUND.
func (s *Service) SetRecommended(ctx context.Context, id uuid.UUID, recommended bool) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		if _, err := getGlobal(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if r, err = tx.SuccessCaseTemplateSetRecommended(ctx, dbgen.SuccessCaseTemplateSetRecommendedParams{ID: id, IsRecommended: recommended}); err != nil {
			return err
		}
		return audited(ctx, tx, uuid.Nil, "template.recommended", id, map[string]any{"name": r.Name, "recommended": recommended})
	})
	return r, err
}

// Versions returns a library template's saved versions, newest first. Errors: ENOTFOUND.
func (s *Service) Versions(ctx context.Context, id uuid.UUID) ([]dbgen.SuccessCaseTemplateVersion, error) {
	var out []dbgen.SuccessCaseTemplateVersion
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		if _, err := getGlobal(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = tx.SuccessCaseTemplateVersionList(ctx, id)
		return err
	})
	return out, err
}

// SnapshotInput decodes a version's snapshot.
func SnapshotInput(v dbgen.SuccessCaseTemplateVersion) Input {
	var in Input
	_ = json.Unmarshal(v.Snapshot, &in)
	return in
}

// RestoreVersion saves an old version's content as the newest version. Errors: ENOTFOUND.
func (s *Service) RestoreVersion(ctx context.Context, actor, id uuid.UUID, version int32) (dbgen.SuccessCaseTemplate, error) {
	var r dbgen.SuccessCaseTemplate
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		if _, err := getGlobal(ctx, tx, id); err != nil {
			return err
		}
		v, err := tx.SuccessCaseTemplateVersionGet(ctx, dbgen.SuccessCaseTemplateVersionGetParams{TemplateID: id, Version: version})
		if db.IsNotFound(err) {
			return apperr.NotFound("version")
		} else if err != nil {
			return err
		}
		in := SnapshotInput(v)
		if err := in.validate("body"); err != nil {
			return err
		}
		if r, err = tx.SuccessCaseTemplateUpdate(ctx, in.updateParams(id)); err != nil {
			return err
		}
		return snapshot(ctx, tx, r, nullID(actor), "template.version_restored")
	})
	return r, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
