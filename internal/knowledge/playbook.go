package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Objection is a common customer objection and how to handle it.
type Objection struct {
	Objection string `json:"objection" maxLength:"300"`
	Handler   string `json:"handler" maxLength:"2000"`
}

// PlaybookInput is what the super admin edits.
type PlaybookInput struct {
	DefaultPrompt     string      `json:"default_prompt" maxLength:"10000"`
	Objections        []Objection `json:"objections" maxItems:"50"`
	ClosingTechniques []string    `json:"closing_techniques" maxItems:"50"`
	ComplianceNotes   []string    `json:"compliance_notes" maxItems:"50"`
	MalaysiaPrompt    string      `json:"malaysia_prompt" maxLength:"10000" doc:"What changes for customers in Malaysia."`
	MalaysiaNotes     []string    `json:"malaysia_notes" maxItems:"50" doc:"Local payment methods, couriers, regulators and customs."`
}

// Playbook is an industry's sales playbook, owned by the platform and read by every company of that industry.
type Playbook struct {
	IndustryID   string `json:"industry_id"`
	IndustrySlug string `json:"industry_slug"`
	IndustryName string `json:"industry_name"`
	PlaybookInput
	UpdatedAt time.Time `json:"updated_at"`
}

func playbookOf(r dbgen.PlaybookGetRow) Playbook {
	p := Playbook{IndustryID: r.IndustryID.String(), IndustrySlug: r.Slug, IndustryName: r.IndustryName, UpdatedAt: r.UpdatedAt,
		PlaybookInput: PlaybookInput{DefaultPrompt: r.DefaultPrompt, Objections: []Objection{}, ClosingTechniques: r.ClosingTechniques,
			ComplianceNotes: r.ComplianceNotes, MalaysiaPrompt: r.MalaysiaPrompt, MalaysiaNotes: r.MalaysiaNotes}}
	_ = json.Unmarshal(r.Objections, &p.Objections)
	return p
}

// Playbooks lists every industry's playbook (platform scope).
func (s *Service) Playbooks(ctx context.Context) ([]Playbook, error) {
	out := []Playbook{}
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		rows, err := tx.PlaybookList(ctx)
		for _, r := range rows {
			out = append(out, playbookOf(dbgen.PlaybookGetRow(r)))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Playbooks: %w", err)
	}
	return out, nil
}

// Playbook returns one industry's playbook (platform scope).
// Errors: ENOTFOUND.
func (s *Service) Playbook(ctx context.Context, industryID uuid.UUID) (*Playbook, error) {
	var out Playbook
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		r, err := tx.PlaybookGet(ctx, industryID)
		if db.IsNotFound(err) {
			return apperr.NotFound("playbook")
		}
		out = playbookOf(r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Playbook: %w", err)
	}
	return &out, nil
}

// CompanyPlaybook returns the playbook of the company's industry, or nil when the company chose none.
func (s *Service) CompanyPlaybook(ctx context.Context, companyID uuid.UUID) (*Playbook, error) {
	var out *Playbook
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		ind, err := tx.PlaybookIndustryOfCompany(ctx, companyID)
		if db.IsNotFound(err) || (err == nil && !ind.Valid) {
			return nil
		} else if err != nil {
			return err
		}
		r, err := tx.PlaybookGet(ctx, ind.UUID)
		if db.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		p := playbookOf(r)
		out = &p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.CompanyPlaybook: %w", err)
	}
	return out, nil
}

// SavePlaybook replaces an industry's playbook (platform scope).
// Errors: ENOTFOUND (no such industry), EINVALID.
func (s *Service) SavePlaybook(ctx context.Context, actor, industryID uuid.UUID, in PlaybookInput) (*Playbook, error) {
	in.DefaultPrompt = strings.TrimSpace(in.DefaultPrompt)
	in.MalaysiaPrompt = strings.TrimSpace(in.MalaysiaPrompt)
	if in.DefaultPrompt == "" {
		return nil, apperr.Invalid("body.default_prompt", "Enter the industry's default prompt.")
	}
	objs := []Objection{}
	for i, o := range in.Objections {
		o.Objection, o.Handler = strings.TrimSpace(o.Objection), strings.TrimSpace(o.Handler)
		if o.Objection == "" && o.Handler == "" {
			continue
		}
		if o.Objection == "" {
			return nil, apperr.Invalid(fmt.Sprintf("body.objections[%d].objection", i), "Enter the objection.")
		}
		if o.Handler == "" {
			return nil, apperr.Invalid(fmt.Sprintf("body.objections[%d].handler", i), "Enter how to handle it.")
		}
		objs = append(objs, o)
	}
	var err error
	lists := []*[]string{&in.ClosingTechniques, &in.ComplianceNotes, &in.MalaysiaNotes}
	for i, name := range []string{"closing_techniques", "compliance_notes", "malaysia_notes"} {
		if *lists[i], err = cleanList(*lists[i], name, 1000); err != nil {
			return nil, err
		}
	}
	if utf8.RuneCountInString(in.DefaultPrompt) > 10000 {
		return nil, apperr.Invalid("body.default_prompt", "At most 10000 characters.")
	}
	js, _ := json.Marshal(objs)
	err = s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		if _, err := tx.IndustryGet(ctx, industryID); db.IsNotFound(err) {
			return apperr.NotFound("industry")
		} else if err != nil {
			return err
		}
		if _, err := tx.PlaybookSave(ctx, dbgen.PlaybookSaveParams{IndustryID: industryID, DefaultPrompt: in.DefaultPrompt, Objections: js,
			ClosingTechniques: in.ClosingTechniques, ComplianceNotes: in.ComplianceNotes, MalaysiaPrompt: in.MalaysiaPrompt,
			MalaysiaNotes: in.MalaysiaNotes, UpdatedBy: nullUUID(actor)}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: "playbook.updated", TargetType: "industry_playbook", TargetID: industryID.String()})
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.SavePlaybook: %w", err)
	}
	return s.Playbook(ctx, industryID)
}
