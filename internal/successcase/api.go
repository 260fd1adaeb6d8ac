package successcase

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// TemplateView is a success-case template with the brief's full structure.
type TemplateView struct {
	ID           string               `json:"id"`
	Global       bool                 `json:"is_global" doc:"From the platform library; false for a company's own template."`
	Name         string               `json:"name"`
	Description  string               `json:"description"`
	Category     string               `json:"category" enum:"greeting,objection_handling,product_inquiry,closing,follow_up"`
	Industry     string               `json:"industry" doc:"Industry slug; empty for all industries."`
	Language     string               `json:"language" enum:"en,ms,zh,ta"`
	Recommended  bool                 `json:"is_recommended"`
	Priority     int32                `json:"priority"`
	Patterns     []string             `json:"customer_message_patterns"`
	Examples     []string             `json:"customer_message_examples"`
	Response     string               `json:"agent_response"`
	Variations   []string             `json:"agent_response_variations"`
	Context      string               `json:"context_description"`
	Outcome      string               `json:"expected_outcome"`
	FollowUp     string               `json:"follow_up_actions"`
	Localized    map[string]Localized `json:"localized_versions"`
	Stages       []string             `json:"conversation_stages"`
	MinLeadScore *int32               `json:"min_lead_score" nullable:"true"`
	MaxLeadScore *int32               `json:"max_lead_score" nullable:"true"`
	Active       bool                 `json:"is_active"`
	Version      int32                `json:"version"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
}

func templateView(r dbgen.SuccessCaseTemplate) TemplateView {
	t := FromRow(r)
	if t.Localized == nil {
		t.Localized = map[string]Localized{}
	}
	return TemplateView{ID: r.ID.String(), Global: !r.CompanyID.Valid, Name: r.Name, Description: r.Description, Category: r.Category,
		Industry: r.Industry, Language: r.Language, Recommended: r.IsRecommended, Priority: r.Priority, Patterns: nonNil(r.CustomerMessagePatterns),
		Examples: nonNil(r.CustomerMessageExamples), Response: r.AgentResponse, Variations: nonNil(r.AgentResponseVariations),
		Context: r.ContextDescription, Outcome: r.ExpectedOutcome, FollowUp: r.FollowUpActions, Localized: t.Localized,
		Stages: nonNil(r.ConversationStages), MinLeadScore: r.MinLeadScore, MaxLeadScore: r.MaxLeadScore, Active: r.IsActive,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TemplateBody is a template as written in either portal.
type TemplateBody struct {
	Name         string               `json:"name" minLength:"1" maxLength:"200"`
	Description  string               `json:"description,omitempty" maxLength:"2000"`
	Category     string               `json:"category" enum:"greeting,objection_handling,product_inquiry,closing,follow_up"`
	Industry     string               `json:"industry,omitempty" maxLength:"50" doc:"Industry slug; empty for all industries."`
	Language     string               `json:"language" enum:"en,ms,bm,zh,ta" doc:"bm is accepted for ms."`
	Recommended  bool                 `json:"is_recommended,omitempty" doc:"Best practice; platform library only."`
	Priority     int32                `json:"priority,omitempty" minimum:"-1000" maximum:"1000" doc:"Higher is checked first."`
	Patterns     []string             `json:"customer_message_patterns,omitempty" maxItems:"50" doc:"Words or phrases matched on word boundaries."`
	Examples     []string             `json:"customer_message_examples,omitempty" maxItems:"50"`
	Response     string               `json:"agent_response" minLength:"1" maxLength:"4000" doc:"May use {customer_name}, {agent_name}, {company_name}, {product_name}, {price}, {date}."`
	Variations   []string             `json:"agent_response_variations,omitempty" maxItems:"20"`
	Context      string               `json:"context_description,omitempty" maxLength:"2000"`
	Outcome      string               `json:"expected_outcome,omitempty" maxLength:"2000"`
	FollowUp     string               `json:"follow_up_actions,omitempty" maxLength:"2000"`
	Localized    map[string]Localized `json:"localized_versions,omitempty" doc:"Versions in other languages, keyed en, ms (or bm), zh, ta."`
	Stages       []string             `json:"conversation_stages,omitempty" maxItems:"10" doc:"The customer's pipeline stages it applies to (new, contacted, qualified, proposal_sent, negotiation, won, lost); empty for any."`
	MinLeadScore *int32               `json:"min_lead_score,omitempty" minimum:"0" maximum:"100"`
	MaxLeadScore *int32               `json:"max_lead_score,omitempty" minimum:"0" maximum:"100"`
	Active       *bool                `json:"is_active,omitempty" doc:"Defaults to true."`
}

func (b TemplateBody) input() Input {
	active := b.Active == nil || *b.Active
	return Input{Name: b.Name, Description: b.Description, Category: b.Category, Industry: b.Industry, Language: b.Language,
		Recommended: b.Recommended, Priority: b.Priority, Patterns: b.Patterns, Examples: b.Examples, Response: b.Response,
		Variations: b.Variations, Context: b.Context, Outcome: b.Outcome, FollowUp: b.FollowUp, Localized: b.Localized,
		Stages: b.Stages, MinLeadScore: b.MinLeadScore, MaxLeadScore: b.MaxLeadScore, Active: active}
}

// TemplateUsageView is how often a template was used.
type TemplateUsageView struct {
	Companies   int32      `json:"companies" doc:"Companies that used it (platform analytics)."`
	Used        int64      `json:"used" doc:"Times it was suggested."`
	Sent        int64      `json:"sent" doc:"Times an agent sent it."`
	Converted   int64      `json:"converted" doc:"Won conversations it was sent in."`
	SuccessRate float64    `json:"success_rate" doc:"converted / sent, 0..1."`
	LastUsedAt  *time.Time `json:"last_used_at" nullable:"true"`
}

func usageView(u Usage) TemplateUsageView {
	v := TemplateUsageView{Companies: u.Companies, Used: u.Used, Sent: u.Sent, Converted: u.Converted, LastUsedAt: u.LastUsedAt}
	if u.Sent > 0 {
		v.SuccessRate = float64(u.Converted) / float64(u.Sent)
	}
	return v
}

// TemplateGlobalItem is a library template with its analytics across companies.
type TemplateGlobalItem struct {
	Template          TemplateView      `json:"template"`
	Usage             TemplateUsageView `json:"usage"`
	DisabledCompanies int32             `json:"disabled_companies"`
	PreferredBy       int32             `json:"preferred_by"`
}

// TemplateSettingView is a company's choice for a template.
type TemplateSettingView struct {
	Enabled       bool          `json:"is_enabled"`
	Preferred     bool          `json:"is_preferred"`
	Priority      int32         `json:"priority" minimum:"-1000" maximum:"1000"`
	Customization Customization `json:"customization"`
}

func settingView(s Setting) TemplateSettingView {
	if s.Custom.Replacements == nil {
		s.Custom.Replacements = []Replacement{}
	}
	if s.Custom.Overrides == nil {
		s.Custom.Overrides = map[string]string{}
	}
	return TemplateSettingView{Enabled: s.Enabled, Preferred: s.Preferred, Priority: s.Priority, Customization: s.Custom}
}

// TemplateCompanyItem is a template as a company sees it.
type TemplateCompanyItem struct {
	Template   TemplateView        `json:"template"`
	Setting    TemplateSettingView `json:"setting"`
	Configured bool                `json:"configured" doc:"False: the defaults apply (enabled, not preferred, priority 0)."`
	Usage      TemplateUsageView   `json:"usage" doc:"This company's usage."`
	Library    *TemplateUsageView  `json:"library_usage,omitempty" doc:"A global template's effectiveness across all companies (totals)."`
}

// TemplateTestBody is a test bench message.
type TemplateTestBody struct {
	Message      string `json:"message" minLength:"1" maxLength:"2000"`
	Language     string `json:"language,omitempty" enum:"en,ms,bm,zh,ta," doc:"Empty to detect."`
	Industry     string `json:"industry,omitempty" maxLength:"50" doc:"Platform bench only: test as a company of this industry."`
	Stage        string `json:"stage,omitempty" maxLength:"50" doc:"The customer's pipeline stage to test as (new, contacted, qualified, proposal_sent, negotiation, won, lost); empty for unknown."`
	LeadScore    *int32 `json:"lead_score,omitempty" minimum:"0" maximum:"100"`
	CustomerName string `json:"customer_name,omitempty" maxLength:"200"`
	AgentName    string `json:"agent_name,omitempty" maxLength:"200"`
	ProductName  string `json:"product_name,omitempty" maxLength:"200"`
	PriceMinor   *int64 `json:"price_minor,omitempty" minimum:"0" doc:"Price in minor units (sen), e.g. 129900 for RM 1,299.00."`
}

func (b TemplateTestBody) sample() Sample {
	s := Sample{Message: b.Message, Language: b.Language, Industry: b.Industry, Stage: b.Stage, LeadScore: b.LeadScore,
		Vars: Vars{CustomerName: b.CustomerName, AgentName: b.AgentName, ProductName: b.ProductName}}
	if b.PriceMinor != nil {
		s.Vars.Price = &Money{Minor: *b.PriceMinor}
	}
	return s
}

// TemplateCandidateView is one template the bench considered.
type TemplateCandidateView struct {
	TemplateID      string   `json:"template_id"`
	Name            string   `json:"name"`
	Global          bool     `json:"is_global"`
	Language        string   `json:"language"`
	Score           float64  `json:"score"`
	PatternScore    float64  `json:"pattern_score"`
	ExampleScore    float64  `json:"example_score"`
	MatchedPatterns []string `json:"matched_patterns"`
	BestExample     string   `json:"best_example"`
	Preferred       bool     `json:"is_preferred"`
	CompanyPriority int32    `json:"company_priority"`
	Priority        int32    `json:"priority"`
	Eligible        bool     `json:"eligible"`
	Reasons         []string `json:"reasons"`
}

// TemplateTestResult is what the bench shows.
type TemplateTestResult struct {
	DetectedLanguage string                  `json:"detected_language" doc:"Empty when the message carries no language evidence."`
	Confidence       float64                 `json:"confidence"`
	DetectionReason  string                  `json:"detection_reason"`
	Language         string                  `json:"language" doc:"The language matched in."`
	Threshold        float64                 `json:"threshold"`
	Winner           *TemplateCandidateView  `json:"winner,omitempty" doc:"Absent: no template, the AI model answers."`
	Response         string                  `json:"response" doc:"The winner's personalised response."`
	Fallback         string                  `json:"fallback" doc:"Set when no template wins."`
	Candidates       []TemplateCandidateView `json:"candidates"`
}

func candidateView(c *Candidate) TemplateCandidateView {
	return TemplateCandidateView{TemplateID: c.Template.ID.String(), Name: c.Template.Name, Global: c.Template.Global, Language: c.Language,
		Score: c.Score, PatternScore: c.PatternScore, ExampleScore: c.ExampleScore, MatchedPatterns: nonNil(c.MatchedPatterns),
		BestExample: c.BestExample, Preferred: c.Setting.Preferred, CompanyPriority: c.Setting.Priority, Priority: c.Template.Priority,
		Eligible: c.Eligible, Reasons: nonNil(c.Reasons)}
}

func testResult(o Outcome) TemplateTestResult {
	r := TemplateTestResult{DetectedLanguage: o.Detected.Language, Confidence: o.Detected.Confidence, DetectionReason: o.Detected.Reason,
		Language: o.Language, Threshold: Threshold, Response: o.Response, Candidates: []TemplateCandidateView{}}
	for _, c := range o.Result.Candidates {
		r.Candidates = append(r.Candidates, candidateView(c))
	}
	if o.Result.Winner != nil {
		w := candidateView(o.Result.Winner)
		r.Winner = &w
	} else {
		r.Fallback = "No template matched: the reply falls back to the company's AI model."
	}
	return r
}

// TemplateVersionView is one saved version.
type TemplateVersionView struct {
	Version   int32     `json:"version"`
	Name      string    `json:"name"`
	Response  string    `json:"agent_response"`
	Snapshot  any       `json:"snapshot" doc:"The template as saved in this version."`
	CreatedAt time.Time `json:"created_at"`
}

type templateListInput struct {
	Query    string `query:"q" maxLength:"200" doc:"Search names, descriptions, responses and examples."`
	Language string `query:"language" enum:"en,ms,bm,zh,ta,"`
	Category string `query:"category" enum:"greeting,objection_handling,product_inquiry,closing,follow_up,"`
	Industry string `query:"industry" maxLength:"50"`
}

func (in templateListInput) filter() Filter {
	return Filter{Query: in.Query, Language: in.Language, Category: in.Category, Industry: in.Industry}
}

type templateCompanyListInput struct {
	templateListInput
	Owner string `query:"owner" enum:"global,company," doc:"Only the platform library or only the company's own templates."`
}

type templateIDInput struct {
	ID uuid.UUID `path:"id"`
}

type templateBodyInput struct {
	Body TemplateBody
}

type templateUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body TemplateBody
}

type templateOutput struct {
	Body TemplateView
}

type templateGlobalListOutput struct {
	Body struct {
		Items []TemplateGlobalItem `json:"items"`
	}
}

type templateCompanyListOutput struct {
	Body struct {
		Items           []TemplateCompanyItem `json:"items"`
		ActiveLanguages []string              `json:"active_languages"`
	}
}

type templateRecommendInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Recommended bool `json:"is_recommended"`
	}
}

type templateVersionsOutput struct {
	Body struct {
		Items []TemplateVersionView `json:"items"`
	}
}

type templateRestoreInput struct {
	ID      uuid.UUID `path:"id"`
	Version int32     `path:"version" minimum:"1"`
}

type templateTestInput struct {
	Body TemplateTestBody
}

type templateTestOutput struct {
	Body TemplateTestResult
}

type templateSettingInput struct {
	ID   uuid.UUID `path:"id"`
	Body TemplateSettingView
}

type templateSettingOutput struct {
	Body TemplateSettingView
}

type templateLanguagesBody struct {
	Languages []string `json:"languages" maxItems:"4" doc:"en, ms (or bm), zh, ta."`
}

type templateLanguagesInput struct {
	Body templateLanguagesBody
}

type templateLanguagesOutput struct {
	Body templateLanguagesBody
}

func actor(ctx context.Context) uuid.UUID {
	if p := identity.PrincipalFrom(ctx); p != nil {
		return p.UserID
	}
	return uuid.Nil
}

func companyOf(ctx context.Context) uuid.UUID {
	if p := identity.PrincipalFrom(ctx); p != nil {
		return p.CompanyID
	}
	return uuid.Nil
}

func one(r dbgen.SuccessCaseTemplate, err error) (*templateOutput, error) {
	if err != nil {
		return nil, err
	}
	return &templateOutput{Body: templateView(r)}, nil
}

// RegisterPlatform adds the super admin's library operations.
func RegisterPlatform(platform huma.API, s *Service) {
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-list", Method: http.MethodGet, Path: "/templates",
		Summary: "List the global template library with usage across companies", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateListInput) (*templateGlobalListOutput, error) {
			items, err := s.ListGlobal(ctx, in.filter())
			if err != nil {
				return nil, err
			}
			out := &templateGlobalListOutput{}
			out.Body.Items = make([]TemplateGlobalItem, len(items))
			for i, it := range items {
				out.Body.Items[i] = TemplateGlobalItem{Template: templateView(it.Row), Usage: usageView(it.Usage),
					DisabledCompanies: it.DisabledCompanies, PreferredBy: it.PreferredBy}
			}
			return out, nil
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-create", Method: http.MethodPost, Path: "/templates",
		Summary: "Create a global template", DefaultStatus: http.StatusCreated, Tags: []string{"templates"}},
		func(ctx context.Context, in *templateBodyInput) (*templateOutput, error) {
			return one(s.CreateGlobal(ctx, actor(ctx), in.Body.input()))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-get", Method: http.MethodGet, Path: "/templates/{id}",
		Summary: "A global template", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateIDInput) (*templateOutput, error) {
			return one(s.GetGlobal(ctx, in.ID))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-update", Method: http.MethodPut, Path: "/templates/{id}",
		Summary: "Save a new version of a global template", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateUpdateInput) (*templateOutput, error) {
			return one(s.UpdateGlobal(ctx, actor(ctx), in.ID, in.Body.input()))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-delete", Method: http.MethodDelete, Path: "/templates/{id}",
		Summary: "Delete a global template", DefaultStatus: http.StatusNoContent, Tags: []string{"templates"}},
		func(ctx context.Context, in *templateIDInput) (*struct{}, error) {
			return nil, s.DeleteGlobal(ctx, in.ID)
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-duplicate", Method: http.MethodPost, Path: "/templates/{id}/duplicate",
		Summary: "Duplicate a global template", DefaultStatus: http.StatusCreated, Tags: []string{"templates"}},
		func(ctx context.Context, in *templateIDInput) (*templateOutput, error) {
			return one(s.DuplicateGlobal(ctx, actor(ctx), in.ID))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-recommend", Method: http.MethodPut, Path: "/templates/{id}/recommended",
		Summary: "Mark a global template as best practice, or not", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateRecommendInput) (*templateOutput, error) {
			return one(s.SetRecommended(ctx, in.ID, in.Body.Recommended))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-versions", Method: http.MethodGet, Path: "/templates/{id}/versions",
		Summary: "A global template's saved versions, newest first", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateIDInput) (*templateVersionsOutput, error) {
			vs, err := s.Versions(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			out := &templateVersionsOutput{}
			out.Body.Items = make([]TemplateVersionView, len(vs))
			for i, v := range vs {
				var snap any
				_ = json.Unmarshal(v.Snapshot, &snap)
				in := SnapshotInput(v)
				out.Body.Items[i] = TemplateVersionView{Version: v.Version, Name: in.Name, Response: in.Response, Snapshot: snap, CreatedAt: v.CreatedAt}
			}
			return out, nil
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-restore", Method: http.MethodPost, Path: "/templates/{id}/versions/{version}/restore",
		Summary: "Restore an old version as the newest one", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateRestoreInput) (*templateOutput, error) {
			return one(s.RestoreVersion(ctx, actor(ctx), in.ID, in.Version))
		})
	huma.Register(platform, huma.Operation{OperationID: "platform-templates-test", Method: http.MethodPost, Path: "/template-test",
		Summary: "Test bench: match a message against the global library", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateTestInput) (*templateTestOutput, error) {
			o, err := s.MatchGlobal(ctx, in.Body.sample())
			if err != nil {
				return nil, err
			}
			return &templateTestOutput{Body: testResult(o)}, nil
		})
}

// RegisterCompany adds a company admin's template operations.
func RegisterCompany(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{OperationID: "company-templates-list", Method: http.MethodGet, Path: "/templates",
		Summary: "Templates the company can use, with its settings and usage", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateCompanyListInput) (*templateCompanyListOutput, error) {
			f := in.filter()
			f.Owner = in.Owner
			items, err := s.ListForCompany(ctx, companyOf(ctx), f)
			if err != nil {
				return nil, err
			}
			langs, err := s.Languages(ctx, companyOf(ctx))
			if err != nil {
				return nil, err
			}
			out := &templateCompanyListOutput{}
			out.Body.ActiveLanguages = langs
			out.Body.Items = make([]TemplateCompanyItem, len(items))
			for i, it := range items {
				out.Body.Items[i] = TemplateCompanyItem{Template: templateView(it.Row), Setting: settingView(it.Setting), Configured: it.Configured, Usage: usageView(it.Usage)}
				if it.Library != nil {
					lib := usageView(*it.Library)
					out.Body.Items[i].Library = &lib
				}
			}
			return out, nil
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-create", Method: http.MethodPost, Path: "/templates",
		Summary: "Create a company-only template", DefaultStatus: http.StatusCreated, Tags: []string{"templates"}},
		func(ctx context.Context, in *templateBodyInput) (*templateOutput, error) {
			return one(s.CreateForCompany(ctx, companyOf(ctx), actor(ctx), in.Body.input()))
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-update", Method: http.MethodPut, Path: "/templates/{id}",
		Summary: "Save a new version of a company-only template", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateUpdateInput) (*templateOutput, error) {
			return one(s.UpdateForCompany(ctx, companyOf(ctx), actor(ctx), in.ID, in.Body.input()))
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-delete", Method: http.MethodDelete, Path: "/templates/{id}",
		Summary: "Delete a company-only template", DefaultStatus: http.StatusNoContent, Tags: []string{"templates"}},
		func(ctx context.Context, in *templateIDInput) (*struct{}, error) {
			return nil, s.DeleteForCompany(ctx, companyOf(ctx), in.ID)
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-settings", Method: http.MethodPut, Path: "/templates/{id}/settings",
		Summary: "Enable, prefer, prioritise or customise a template for the company", Tags: []string{"templates"},
		Description: "Works on global and company templates alike; the template itself never changes."},
		func(ctx context.Context, in *templateSettingInput) (*templateSettingOutput, error) {
			b := in.Body
			st, err := s.UpdateSetting(ctx, companyOf(ctx), in.ID, Setting{Enabled: b.Enabled, Preferred: b.Preferred, Priority: b.Priority, Custom: b.Customization})
			if err != nil {
				return nil, err
			}
			return &templateSettingOutput{Body: settingView(st)}, nil
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-languages-get", Method: http.MethodGet, Path: "/template-languages",
		Summary: "Languages whose templates the company uses", Tags: []string{"templates"}},
		func(ctx context.Context, _ *struct{}) (*templateLanguagesOutput, error) {
			ls, err := s.Languages(ctx, companyOf(ctx))
			if err != nil {
				return nil, err
			}
			return &templateLanguagesOutput{Body: templateLanguagesBody{Languages: ls}}, nil
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-languages-set", Method: http.MethodPut, Path: "/template-languages",
		Summary: "Choose the languages whose templates the company uses", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateLanguagesInput) (*templateLanguagesOutput, error) {
			ls, err := s.SetLanguages(ctx, companyOf(ctx), in.Body.Languages)
			if err != nil {
				return nil, err
			}
			return &templateLanguagesOutput{Body: templateLanguagesBody{Languages: ls}}, nil
		})
	huma.Register(company, huma.Operation{OperationID: "company-templates-test", Method: http.MethodPost, Path: "/template-test",
		Summary: "Test bench: match a message against the company's templates", Tags: []string{"templates"}},
		func(ctx context.Context, in *templateTestInput) (*templateTestOutput, error) {
			o, err := s.MatchForCompany(ctx, companyOf(ctx), in.Body.sample())
			if err != nil {
				return nil, err
			}
			return &templateTestOutput{Body: testResult(o)}, nil
		})
}
