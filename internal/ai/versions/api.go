package versions

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/platform/identity"
)

// AiVersionView is a model version as the API shows it.
type AiVersionView struct {
	ID          string          `json:"id"`
	Number      int             `json:"number"`
	Status      string          `json:"status" enum:"draft,active,archived"`
	Config      AiVersionConfig `json:"config"`
	CreatedBy   string          `json:"created_by" doc:"Empty when unknown."`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	ActivatedAt *time.Time      `json:"activated_at" nullable:"true"`
	ActivatedBy string          `json:"activated_by" doc:"Empty when never activated."`
	Deletable   bool            `json:"deletable" doc:"A draft that was never activated."`
}

func idString(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

func view(v Version) AiVersionView {
	return AiVersionView{ID: idString(v.ID), Number: v.Number, Status: v.Status, Config: v.Config, CreatedBy: idString(v.CreatedBy),
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, ActivatedAt: v.ActivatedAt, ActivatedBy: idString(v.ActivatedBy),
		Deletable: v.Status == StatusDraft && v.ActivatedAt == nil}
}

// AiOverviewView is the AI model page's overview.
type AiOverviewView struct {
	Active              AiVersionView `json:"active"`
	UsingDefaults       bool          `json:"using_defaults" doc:"No version was activated yet: the engine uses the built-in defaults."`
	ActivatedByName     string        `json:"activated_by_name"`
	MonthStart          time.Time     `json:"month_start" doc:"Start of this month in the company's time zone."`
	Suggestions         int64         `json:"suggestions" doc:"All suggestions this month."`
	TemplateSuggestions int64         `json:"template_suggestions"`
	ModelSuggestions    int64         `json:"model_suggestions"`
	ActiveSuggestions   int64         `json:"active_suggestions" doc:"Suggestions of the active version this month."`
	ActiveUsed          int64         `json:"active_used" doc:"Of those, sent as is or edited."`
	ActiveDecided       int64         `json:"active_decided" doc:"Of those, sent, edited or ignored."`
	ActiveRatings       int64         `json:"active_ratings"`
	ActiveRatingSum     int64         `json:"active_rating_sum" doc:"Sum of the 1..5 ratings; the average is sum / count."`
	InputTokens         int64         `json:"input_tokens"`
	OutputTokens        int64         `json:"output_tokens"`
	CacheReadTokens     int64         `json:"cache_read_tokens"`
	CacheWriteTokens    int64         `json:"cache_write_tokens"`
	TotalTokens         int64         `json:"total_tokens"`
	TokenLimit          int64         `json:"token_limit" doc:"The plan's monthly AI token limit."`
	CostMicroUSD        int64         `json:"cost_micro_usd" doc:"Estimated provider cost this month, in millionths of a US dollar."`
	CacheHitBasisPoints int64         `json:"cache_hit_bp" doc:"Prompt tokens read from the cache, in basis points."`
	Versions            int           `json:"versions"`
	Drafts              int           `json:"drafts"`
}

type aiVersionIDInput struct {
	ID uuid.UUID `path:"id"`
}

type aiVersionOutput struct{ Body AiVersionView }

type aiVersionListOutput struct {
	Body struct {
		Items []AiVersionView `json:"items"`
	}
}

// AiVersionCreateBody says where a new draft starts from.
type AiVersionCreateBody struct {
	From string `json:"from" enum:"active,blank" doc:"active: a copy of the active version (or the defaults when none is); blank: the defaults for the company's country."`
	Name string `json:"name,omitempty" maxLength:"100" doc:"Defaults to \"Version N\"."`
}

type aiVersionCreateInput struct{ Body AiVersionCreateBody }

type aiVersionUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body AiVersionConfig
}

type aiVersionCompareInput struct {
	ID    uuid.UUID `path:"id"`
	Other uuid.UUID `path:"other"`
}

type aiVersionCompareOutput struct {
	Body struct {
		A     AiVersionView   `json:"a"`
		B     AiVersionView   `json:"b"`
		Diffs []AiVersionDiff `json:"diffs"`
	}
}

type aiVersionExportOutput struct {
	ContentDisposition string `header:"Content-Disposition"`
	Body               AiVersionExport
}

type aiVersionImportInput struct{ Body AiVersionExport }

type aiOverviewOutput struct{ Body AiOverviewView }

type aiDefaultsInput struct {
	Country string `query:"country" pattern:"^([A-Za-z]{2})?$" doc:"ISO country code; empty: the company's country."`
}

type aiDefaultsOutput struct{ Body AiVersionConfig }

func principal(ctx context.Context) (companyID, userID uuid.UUID) {
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return uuid.Nil, uuid.Nil
	}
	return p.CompanyID, p.UserID
}

// Register adds the company admin's model version operations (/company/ai-model).
func Register(company huma.API, s *Service) {
	huma.Register(company, huma.Operation{
		OperationID: "ai-overview", Method: http.MethodGet, Path: "/ai/overview",
		Summary: "The active model version and this month's usage, rating, template share, tokens and cost",
	}, func(ctx context.Context, _ *struct{}) (*aiOverviewOutput, error) {
		cid, _ := principal(ctx)
		o, err := s.Overview(ctx, cid, time.Now())
		if err != nil {
			return nil, err
		}
		st := o.Stats
		return &aiOverviewOutput{Body: AiOverviewView{Active: view(o.Active), UsingDefaults: o.UsingDefaults, ActivatedByName: o.ActivatedByName,
			MonthStart: o.MonthStart, Suggestions: st.Suggestions, TemplateSuggestions: st.TemplateSuggestions, ModelSuggestions: st.ModelSuggestions,
			ActiveSuggestions: st.VersionSuggestions, ActiveUsed: st.VersionUsed, ActiveDecided: st.VersionDecided, ActiveRatings: st.VersionRatings,
			ActiveRatingSum: st.VersionRatingSum, InputTokens: o.Usage.InputTokens, OutputTokens: o.Usage.OutputTokens,
			CacheReadTokens: o.Usage.CacheReadTokens, CacheWriteTokens: o.Usage.CacheWriteTokens, TotalTokens: o.Usage.Total(),
			TokenLimit: o.TokenLimit, CostMicroUSD: o.Usage.CostMicroUSD(), CacheHitBasisPoints: o.Usage.CacheHitBasisPoints(),
			Versions: o.Versions, Drafts: o.Drafts}}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-defaults", Method: http.MethodGet, Path: "/ai/defaults",
		Summary: "A blank version's configuration (cultural context for Malaysia, Singapore or Indonesia)", Errors: []int{422},
	}, func(ctx context.Context, in *aiDefaultsInput) (*aiDefaultsOutput, error) {
		if in.Country != "" {
			return &aiDefaultsOutput{Body: Defaults(in.Country)}, nil
		}
		cid, _ := principal(ctx)
		c, err := s.CompanyDefaults(ctx, cid)
		if err != nil {
			return nil, err
		}
		return &aiDefaultsOutput{Body: c}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-list", Method: http.MethodGet, Path: "/ai/versions", Summary: "Model versions, newest first",
	}, func(ctx context.Context, _ *struct{}) (*aiVersionListOutput, error) {
		cid, _ := principal(ctx)
		vs, err := s.List(ctx, cid)
		if err != nil {
			return nil, err
		}
		out := &aiVersionListOutput{}
		out.Body.Items = []AiVersionView{}
		for _, v := range vs {
			out.Body.Items = append(out.Body.Items, view(v))
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-create", Method: http.MethodPost, Path: "/ai/versions",
		Summary: "New draft from the active version or from the defaults", DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *aiVersionCreateInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Create(ctx, cid, uid, in.Body.From, in.Body.Name)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-import", Method: http.MethodPost, Path: "/ai/versions/import",
		Summary: "New draft from an exported version (JSON)", DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *aiVersionImportInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Import(ctx, cid, uid, in.Body)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-get", Method: http.MethodGet, Path: "/ai/versions/{id}", Summary: "One model version", Errors: []int{404},
	}, func(ctx context.Context, in *aiVersionIDInput) (*aiVersionOutput, error) {
		cid, _ := principal(ctx)
		v, err := s.Get(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-update", Method: http.MethodPut, Path: "/ai/versions/{id}",
		Summary: "Save a draft's configuration (active and archived versions are not edited: duplicate them)", Errors: []int{404, 409, 422},
	}, func(ctx context.Context, in *aiVersionUpdateInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Update(ctx, cid, uid, in.ID, in.Body)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-delete", Method: http.MethodDelete, Path: "/ai/versions/{id}",
		Summary: "Delete a draft that was never activated", DefaultStatus: http.StatusNoContent, Errors: []int{404, 409},
	}, func(ctx context.Context, in *aiVersionIDInput) (*struct{}, error) {
		cid, uid := principal(ctx)
		return nil, s.Delete(ctx, cid, uid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-duplicate", Method: http.MethodPost, Path: "/ai/versions/{id}/duplicate",
		Summary: "New draft with this version's configuration", DefaultStatus: http.StatusCreated, Errors: []int{404},
	}, func(ctx context.Context, in *aiVersionIDInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Duplicate(ctx, cid, uid, in.ID)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-activate", Method: http.MethodPost, Path: "/ai/versions/{id}/activate",
		Summary: "Make this version the one replies use; the previous one is archived", Errors: []int{404},
	}, func(ctx context.Context, in *aiVersionIDInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Activate(ctx, cid, uid, in.ID)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-revert", Method: http.MethodPost, Path: "/ai/versions/{id}/revert",
		Summary: "Activate an earlier (archived) version again", Errors: []int{404, 409},
	}, func(ctx context.Context, in *aiVersionIDInput) (*aiVersionOutput, error) {
		cid, uid := principal(ctx)
		v, err := s.Revert(ctx, cid, uid, in.ID)
		if err != nil {
			return nil, err
		}
		return &aiVersionOutput{Body: view(v)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-compare", Method: http.MethodGet, Path: "/ai/versions/{id}/compare/{other}",
		Summary: "Two versions side by side, field by field", Errors: []int{404},
	}, func(ctx context.Context, in *aiVersionCompareInput) (*aiVersionCompareOutput, error) {
		cid, _ := principal(ctx)
		a, b, diffs, err := s.CompareVersions(ctx, cid, in.ID, in.Other)
		if err != nil {
			return nil, err
		}
		out := &aiVersionCompareOutput{}
		out.Body.A, out.Body.B, out.Body.Diffs = view(a), view(b), diffs
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-version-export", Method: http.MethodGet, Path: "/ai/versions/{id}/export",
		Summary: "The version as a JSON file to import elsewhere", Errors: []int{404},
	}, func(ctx context.Context, in *aiVersionIDInput) (*aiVersionExportOutput, error) {
		cid, _ := principal(ctx)
		e, err := s.ExportVersion(ctx, cid, in.ID)
		if err != nil {
			return nil, err
		}
		return &aiVersionExportOutput{ContentDisposition: fmt.Sprintf(`attachment; filename="ai-model-version-%d.json"`, e.Number), Body: e}, nil
	})
}
