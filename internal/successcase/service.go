package successcase

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Service manages the template library, company settings, matching and usage.
type Service struct {
	db      *db.DB
	now     func() time.Time
	indexes indexCache
}

// NewService returns a Service.
func NewService(d *db.DB) *Service { return &Service{db: d, now: time.Now} }

// Input is a template as a person writes it (both portals).
type Input struct {
	Name         string
	Description  string
	Category     string
	Industry     string
	Language     string // "bm" accepted
	Recommended  bool
	Priority     int32
	Patterns     []string
	Examples     []string
	Response     string
	Variations   []string
	Context      string
	Outcome      string
	FollowUp     string
	Localized    map[string]Localized // keys: languages, "bm" accepted
	Stages       []string
	MinLeadScore *int32
	MaxLeadScore *int32
	Active       bool
}

// validate checks in and normalises its languages. Errors: EINVALID naming the field under prefix.
func (in *Input) validate(prefix string) error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		return apperr.Invalid(prefix+".name", "Enter a name of at most 200 characters.")
	}
	if !contains(Categories, in.Category) {
		return apperr.Invalid(prefix+".category", "Choose greeting, objection_handling, product_inquiry, closing or follow_up.")
	}
	l, ok := lang.Normalize(in.Language)
	if !ok {
		return apperr.Invalid(prefix+".language", "Choose en, ms (bm), zh or ta.")
	}
	in.Language = l
	in.Response = strings.TrimSpace(in.Response)
	if in.Response == "" || utf8.RuneCountInString(in.Response) > 4000 {
		return apperr.Invalid(prefix+".agent_response", "Write the agent's response, at most 4000 characters.")
	}
	in.Patterns, in.Examples = clean(in.Patterns), clean(in.Examples)
	in.Variations, in.Stages = clean(in.Variations), clean(in.Stages)
	for i, st := range in.Stages {
		// A live conversation's stage is its customer's lead status: any other word would never match.
		if !contact.ValidLeadStatus(st) {
			return apperr.Invalid(fmt.Sprintf("%s.conversation_stages[%d]", prefix, i), "Choose stages of the pipeline: "+strings.Join(contact.LeadStatuses, ", ")+".")
		}
	}
	if len(in.Patterns) == 0 && len(in.Examples) == 0 {
		return apperr.Invalid(prefix+".customer_message_examples", "Give at least one customer message pattern or example, or the template can never match.")
	}
	loc := map[string]Localized{}
	for k, v := range in.Localized {
		l, ok := lang.Normalize(k)
		if !ok {
			return apperr.Invalid(prefix+".localized_versions", fmt.Sprintf("%q is not a supported language.", k))
		}
		v.Patterns, v.Examples, v.Response = clean(v.Patterns), clean(v.Examples), strings.TrimSpace(v.Response)
		if l != in.Language {
			loc[l] = v
		}
	}
	in.Localized = loc
	if in.MinLeadScore != nil && in.MaxLeadScore != nil && *in.MinLeadScore > *in.MaxLeadScore {
		return apperr.Invalid(prefix+".min_lead_score", "The minimum lead score is above the maximum.")
	}
	return nil
}

func clean(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// FromRow converts a stored template for the matcher.
func FromRow(r dbgen.SuccessCaseTemplate) Template {
	t := Template{ID: r.ID, Global: !r.CompanyID.Valid, Name: r.Name, Category: r.Category, Industry: r.Industry, Language: r.Language,
		Priority: r.Priority, Recommended: r.IsRecommended, Active: r.IsActive, Patterns: r.CustomerMessagePatterns,
		Examples: r.CustomerMessageExamples, Response: r.AgentResponse, Variations: r.AgentResponseVariations,
		Stages: r.ConversationStages, MinLeadScore: r.MinLeadScore, MaxLeadScore: r.MaxLeadScore}
	_ = json.Unmarshal(r.LocalizedVersions, &t.Localized)
	return t
}

// SettingFromRow converts a stored company setting.
func SettingFromRow(r dbgen.CompanyTemplateSetting) Setting {
	s := Setting{Enabled: r.IsEnabled, Preferred: r.IsPreferred, Priority: r.Priority}
	_ = json.Unmarshal(r.Customization, &s.Custom)
	return s
}

func (in Input) createParams(companyID, actor uuid.NullUUID) dbgen.SuccessCaseTemplateCreateParams {
	loc, _ := json.Marshal(in.Localized)
	return dbgen.SuccessCaseTemplateCreateParams{CompanyID: companyID, Name: in.Name, Description: strings.TrimSpace(in.Description),
		Category: in.Category, Industry: strings.TrimSpace(in.Industry), Language: in.Language, IsRecommended: in.Recommended,
		Priority: in.Priority, CustomerMessagePatterns: in.Patterns, CustomerMessageExamples: in.Examples, AgentResponse: in.Response,
		AgentResponseVariations: in.Variations, ContextDescription: strings.TrimSpace(in.Context), ExpectedOutcome: strings.TrimSpace(in.Outcome),
		FollowUpActions: strings.TrimSpace(in.FollowUp), LocalizedVersions: loc, ConversationStages: in.Stages,
		MinLeadScore: in.MinLeadScore, MaxLeadScore: in.MaxLeadScore, IsActive: in.Active, CreatedBy: actor}
}

func (in Input) updateParams(id uuid.UUID) dbgen.SuccessCaseTemplateUpdateParams {
	c := in.createParams(uuid.NullUUID{}, uuid.NullUUID{})
	return dbgen.SuccessCaseTemplateUpdateParams{ID: id, Name: c.Name, Description: c.Description, Category: c.Category, Industry: c.Industry,
		Language: c.Language, IsRecommended: c.IsRecommended, Priority: c.Priority, CustomerMessagePatterns: c.CustomerMessagePatterns,
		CustomerMessageExamples: c.CustomerMessageExamples, AgentResponse: c.AgentResponse, AgentResponseVariations: c.AgentResponseVariations,
		ContextDescription: c.ContextDescription, ExpectedOutcome: c.ExpectedOutcome, FollowUpActions: c.FollowUpActions,
		LocalizedVersions: c.LocalizedVersions, ConversationStages: c.ConversationStages, MinLeadScore: c.MinLeadScore,
		MaxLeadScore: c.MaxLeadScore, IsActive: c.IsActive}
}

// InputFromRow is a stored template as an Input (to duplicate or restore it).
func InputFromRow(r dbgen.SuccessCaseTemplate) Input {
	t := FromRow(r)
	return Input{Name: r.Name, Description: r.Description, Category: r.Category, Industry: r.Industry, Language: r.Language,
		Recommended: r.IsRecommended, Priority: r.Priority, Patterns: r.CustomerMessagePatterns, Examples: r.CustomerMessageExamples,
		Response: r.AgentResponse, Variations: r.AgentResponseVariations, Context: r.ContextDescription, Outcome: r.ExpectedOutcome,
		FollowUp: r.FollowUpActions, Localized: t.Localized, Stages: r.ConversationStages, MinLeadScore: r.MinLeadScore,
		MaxLeadScore: r.MaxLeadScore, Active: r.IsActive}
}

// snapshot saves r as its version and writes action to the audit log.
func snapshot(ctx context.Context, tx *db.Tx, r dbgen.SuccessCaseTemplate, actor uuid.NullUUID, action string) error {
	b, err := json.Marshal(InputFromRow(r))
	if err != nil {
		return err
	}
	if err := tx.SuccessCaseTemplateVersionCreate(ctx, dbgen.SuccessCaseTemplateVersionCreateParams{
		TemplateID: r.ID, Version: r.Version, CompanyID: r.CompanyID, Snapshot: b, CreatedBy: actor}); err != nil {
		return err
	}
	return audited(ctx, tx, r.CompanyID.UUID, action, r.ID, map[string]any{"name": r.Name, "version": r.Version})
}

// audited writes a template action to the audit log (company_id NULL for the library).
func audited(ctx context.Context, tx *db.Tx, companyID uuid.UUID, action string, id uuid.UUID, meta map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, Action: action, TargetType: "success_case_template", TargetID: id.String(), Metadata: meta})
}

// getVisible returns a template the scope may see, ENOTFOUND otherwise.
func getVisible(ctx context.Context, tx *db.Tx, id uuid.UUID) (dbgen.SuccessCaseTemplate, error) {
	r, err := tx.SuccessCaseTemplateGet(ctx, id)
	if db.IsNotFound(err) {
		return r, apperr.NotFound("template")
	}
	return r, err
}

func nullID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }

// Filter narrows a template listing.
type Filter struct {
	Owner    string // "global", "company" or "" for both
	Language string // "bm" accepted
	Category string
	Industry string
	Query    string
}

func (f Filter) params() dbgen.SuccessCaseTemplateListParams {
	p := dbgen.SuccessCaseTemplateListParams{}
	opt := func(s string) *string {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		return &s
	}
	if l, ok := lang.Normalize(f.Language); ok {
		p.Language = &l
	}
	p.Owner, p.Category, p.Industry = opt(f.Owner), opt(f.Category), opt(f.Industry)
	if q := strings.TrimSpace(f.Query); q != "" {
		q = db.EscapeLike(q)
		p.Query = &q
	}
	return p
}

var errNotOwn = apperr.New(apperr.EFORBIDDEN, "This is a global template: customise it instead of editing it.")
