package reply

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/platform/identity"
)

// AiAbVersionRef is one side of an A/B test.
type AiAbVersionRef struct {
	ID      uuid.UUID `json:"id"`
	Number  int       `json:"number" doc:"0 when the version was deleted."`
	Name    string    `json:"name"`
	Status  string    `json:"status" doc:"draft, active or archived; empty when deleted."`
	Deleted bool      `json:"deleted"`
}

// AiAbTestView is an A/B test of two model versions.
type AiAbTestView struct {
	ID        uuid.UUID      `json:"id"`
	Name      string         `json:"name"`
	VersionA  AiAbVersionRef `json:"version_a"`
	VersionB  AiAbVersionRef `json:"version_b"`
	SplitAPct int            `json:"split_a_pct" doc:"Share of conversations sent to version A, in percent."`
	Status    string         `json:"status" enum:"running,stopped"`
	MinSample int            `json:"min_sample" doc:"Suggestions each variant needs before the results are judged."`
	Winner    string         `json:"winner" doc:"The promoted variant; empty when none was."`
	StartedBy *uuid.UUID     `json:"started_by,omitempty"`
	StartedAt time.Time      `json:"started_at"`
	StoppedAt *time.Time     `json:"stopped_at,omitempty"`
}

// AiAbVariantResult is how agents received one variant's suggestions.
type AiAbVariantResult struct {
	Variant        string  `json:"variant" enum:"a,b"`
	Suggestions    int64   `json:"suggestions"`
	Used           int64   `json:"used" doc:"Sent as suggested or edited."`
	UseRate        float64 `json:"use_rate" doc:"used / suggestions, 0..1."`
	Ratings        int64   `json:"ratings"`
	AverageRating  float64 `json:"average_rating" doc:"1..5; 0 without ratings."`
	Conversations  int64   `json:"conversations"`
	Conversions    int64   `json:"conversions" doc:"Conversations of the variant closed as won."`
	ConversionRate float64 `json:"conversion_rate" doc:"conversions / conversations, 0..1."`
}

// AiAbZTest is a two-sided two-proportion z-test.
type AiAbZTest struct {
	Z           float64 `json:"z"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant" doc:"p < 0.05."`
}

// AiAbResults compares the variants of a test.
type AiAbResults struct {
	A              AiAbVariantResult `json:"a"`
	B              AiAbVariantResult `json:"b"`
	EnoughData     bool              `json:"enough_data" doc:"Both variants reached the minimum sample; until then the UI says \"not enough data yet\"."`
	UseRateTest    AiAbZTest         `json:"use_rate_test"`
	ConversionTest AiAbZTest         `json:"conversion_test"`
	Leader         string            `json:"leader" doc:"The variant with the significantly higher use rate; empty without enough data or a significant difference."`
}

// AiAbTestDetail is a test with its results.
type AiAbTestDetail struct {
	AiAbTestView
	Results AiAbResults `json:"results"`
}

func abRef(v ABVersion) AiAbVersionRef {
	return AiAbVersionRef{ID: v.ID, Number: v.Number, Name: v.Name, Status: v.Status, Deleted: v.Deleted}
}

func abView(t ABTest) AiAbTestView {
	w := ""
	if t.Winner != nil {
		w = *t.Winner
	}
	return AiAbTestView{ID: t.ID, Name: t.Name, VersionA: abRef(t.A), VersionB: abRef(t.B), SplitAPct: int(t.SplitAPct), Status: t.Status,
		MinSample: int(t.MinSample), Winner: w, StartedBy: idPtr(t.StartedBy), StartedAt: t.StartedAt, StoppedAt: t.StoppedAt}
}

func abVariantView(v ABVariantResult) AiAbVariantResult {
	return AiAbVariantResult{Variant: v.Variant, Suggestions: v.Suggestions, Used: v.Used, UseRate: v.UseRate, Ratings: v.Ratings,
		AverageRating: v.AverageRating, Conversations: v.Conversations, Conversions: v.Conversions, ConversionRate: v.ConversionRate}
}

func abZView(z ZTest) AiAbZTest { return AiAbZTest{Z: z.Z, PValue: z.P, Significant: z.Significant} }

func abDetailView(d ABTestDetail) AiAbTestDetail {
	r := d.Results
	return AiAbTestDetail{AiAbTestView: abView(d.ABTest), Results: AiAbResults{A: abVariantView(r.A), B: abVariantView(r.B),
		EnoughData: r.EnoughData, UseRateTest: abZView(r.UseRate), ConversionTest: abZView(r.Conversion), Leader: r.Leader}}
}

type aiAbTestListOutput struct {
	Body struct {
		Items []AiAbTestView `json:"items"`
	}
}

type aiAbTestCreateInput struct {
	Body struct {
		Name      string    `json:"name,omitempty" maxLength:"100" doc:"Empty: \"vA vs vB\"."`
		VersionA  uuid.UUID `json:"version_a"`
		VersionB  uuid.UUID `json:"version_b"`
		SplitAPct int       `json:"split_a_pct" doc:"1..99: share of conversations for version A."`
		MinSample int       `json:"min_sample,omitempty" doc:"Suggestions each variant needs before judging; default 100."`
	}
}

type aiAbTestIDInput struct {
	ID uuid.UUID `path:"id"`
}

type aiAbTestPromoteInput struct {
	ID   uuid.UUID `path:"id"`
	Body struct {
		Variant string `json:"variant" enum:"a,b" doc:"a or b: the variant whose version becomes active."`
	}
}

type aiAbTestOutput struct {
	Body AiAbTestView
}

type aiAbTestDetailOutput struct {
	Body AiAbTestDetail
}

// RegisterABTests adds the company admins' A/B test operations; promoting a
// winner activates its version through vs.
func RegisterABTests(company huma.API, e *Engine, vs *versions.Service) {
	var s *ABTests
	if e != nil { // nil when only the operations are listed (OpenAPI)
		s = NewABTests(e.d.DB, vs)
	}

	huma.Register(company, huma.Operation{
		OperationID: "ai-ab-test-list", Method: http.MethodGet, Path: "/ai/ab-tests", Summary: "List the A/B tests of model versions",
	}, func(ctx context.Context, _ *struct{}) (*aiAbTestListOutput, error) {
		list, err := s.List(ctx, identity.PrincipalFrom(ctx).CompanyID)
		if err != nil {
			return nil, err
		}
		out := &aiAbTestListOutput{}
		out.Body.Items = make([]AiAbTestView, 0, len(list))
		for _, t := range list {
			out.Body.Items = append(out.Body.Items, abView(t))
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-ab-test-create", Method: http.MethodPost, Path: "/ai/ab-tests", Summary: "Start an A/B test of two model versions",
		Description:   "Conversations are assigned to a variant deterministically by the split. 409 while another test runs.",
		DefaultStatus: http.StatusCreated, Errors: []int{409, 422},
	}, func(ctx context.Context, req *aiAbTestCreateInput) (*aiAbTestOutput, error) {
		p := identity.PrincipalFrom(ctx)
		b := req.Body
		t, err := s.Create(ctx, p.CompanyID, p.UserID, ABTestInput{Name: b.Name, VersionA: b.VersionA, VersionB: b.VersionB,
			SplitAPct: b.SplitAPct, MinSample: b.MinSample})
		if err != nil {
			return nil, err
		}
		return &aiAbTestOutput{Body: abView(t)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-ab-test-get", Method: http.MethodGet, Path: "/ai/ab-tests/{id}", Summary: "An A/B test with its results per variant",
		Description: "Suggestions, use rate, average rating and conversions per variant, with two-proportion z-tests.",
		Errors:      []int{404},
	}, func(ctx context.Context, req *aiAbTestIDInput) (*aiAbTestDetailOutput, error) {
		d, err := s.Get(ctx, identity.PrincipalFrom(ctx).CompanyID, req.ID)
		if err != nil {
			return nil, err
		}
		return &aiAbTestDetailOutput{Body: abDetailView(d)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-ab-test-stop", Method: http.MethodPost, Path: "/ai/ab-tests/{id}/stop", Summary: "Stop an A/B test",
		Description: "Every conversation goes back to the active version; the active version does not change.",
		Errors:      []int{404, 409},
	}, func(ctx context.Context, req *aiAbTestIDInput) (*aiAbTestOutput, error) {
		p := identity.PrincipalFrom(ctx)
		t, err := s.Stop(ctx, p.CompanyID, p.UserID, req.ID)
		if err != nil {
			return nil, err
		}
		return &aiAbTestOutput{Body: abView(t)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-ab-test-promote", Method: http.MethodPost, Path: "/ai/ab-tests/{id}/promote", Summary: "Promote the winner of an A/B test",
		Description: "Stops the test if it runs and activates the chosen variant's version.",
		Errors:      []int{404, 409, 422},
	}, func(ctx context.Context, req *aiAbTestPromoteInput) (*aiAbTestOutput, error) {
		p := identity.PrincipalFrom(ctx)
		t, err := s.Promote(ctx, p.CompanyID, p.UserID, req.ID, req.Body.Variant)
		if err != nil {
			return nil, err
		}
		return &aiAbTestOutput{Body: abView(t)}, nil
	})
}
