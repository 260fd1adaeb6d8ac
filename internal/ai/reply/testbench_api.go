package reply

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
)

// AiTestRunView is one test of the reply engine as the test & monitor tab shows it.
type AiTestRunView struct {
	ID               uuid.UUID  `json:"id"`
	BatchID          *uuid.UUID `json:"batch_id,omitempty"`
	ScenarioID       *uuid.UUID `json:"scenario_id,omitempty"`
	VersionID        *uuid.UUID `json:"version_id,omitempty" doc:"Absent: the built-in defaults answered."`
	VersionNumber    int32      `json:"version_number"`
	Message          string     `json:"message"`
	Language         string     `json:"language" enum:"auto,en,ms,zh,ta"`
	CustomerType     string     `json:"customer_type" enum:"new,price_sensitive,ready_to_buy,hesitant"`
	Source           string     `json:"source" enum:"template,model"`
	TemplateID       *uuid.UUID `json:"template_id,omitempty"`
	Label            string     `json:"label" doc:"\"Template: <name>\", \"AI model v3\" or \"offline\"."`
	Provider         string     `json:"provider"`
	Model            string     `json:"model"`
	Reply            string     `json:"reply"`
	DetectedLanguage string     `json:"detected_language" doc:"The language detected in the customer message; empty without evidence."`
	ExpectedLanguage string     `json:"expected_language" doc:"The language chosen, else the detected one: what the reply should be in."`
	ReplyLanguage    string     `json:"reply_language"`
	LanguageMatch    bool       `json:"language_match"`
	LatencyMs        int32      `json:"latency_ms"`
	InputTokens      int64      `json:"input_tokens"`
	OutputTokens     int64      `json:"output_tokens"`
	CacheReadTokens  int64      `json:"cache_read_tokens"`
	CacheWriteTokens int64      `json:"cache_write_tokens"`
	TotalTokens      int64      `json:"total_tokens"`
	Flags            []string   `json:"flags" doc:"Safety checks the model's draft failed; the reply is then a safe fallback."`
	CreatedAt        time.Time  `json:"created_at"`
}

func testRunView(r dbgen.AiTestRun) AiTestRunView {
	flags := r.Flags
	if flags == nil {
		flags = []string{}
	}
	return AiTestRunView{ID: r.ID, BatchID: idPtr(r.BatchID), ScenarioID: idPtr(r.ScenarioID), VersionID: idPtr(r.VersionID),
		VersionNumber: r.VersionNumber, Message: r.Message, Language: r.Language, CustomerType: r.CustomerType, Source: r.Source,
		TemplateID: idPtr(r.TemplateID), Label: r.Label, Provider: r.Provider, Model: r.Model, Reply: r.Reply,
		DetectedLanguage: r.DetectedLanguage, ExpectedLanguage: r.ExpectedLanguage, ReplyLanguage: r.ReplyLanguage,
		LanguageMatch: r.LanguageMatch, LatencyMs: r.LatencyMs, InputTokens: r.InputTokens, OutputTokens: r.OutputTokens,
		CacheReadTokens: r.CacheReadTokens, CacheWriteTokens: r.CacheWriteTokens,
		TotalTokens: r.InputTokens + r.OutputTokens + r.CacheReadTokens + r.CacheWriteTokens, Flags: flags, CreatedAt: r.CreatedAt}
}

// AiTestScenarioView is a saved test message.
type AiTestScenarioView struct {
	ID           uuid.UUID `json:"id"`
	Name         string    `json:"name"`
	Message      string    `json:"message"`
	Language     string    `json:"language" enum:"auto,en,ms,zh,ta"`
	CustomerType string    `json:"customer_type" enum:"new,price_sensitive,ready_to_buy,hesitant"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func scenarioView(s dbgen.AiTestScenario) AiTestScenarioView {
	return AiTestScenarioView{ID: s.ID, Name: s.Name, Message: s.Message, Language: s.Language, CustomerType: s.CustomerType,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

// AiTestBatchItem is one scenario of a batch: its run, or the reason it has none.
type AiTestBatchItem struct {
	Scenario AiTestScenarioView `json:"scenario"`
	Run      *AiTestRunView     `json:"run,omitempty"`
	Error    string             `json:"error,omitempty" doc:"Why this scenario has no run (the budget, the provider)."`
}

func batchItem(it BatchItem) AiTestBatchItem {
	out := AiTestBatchItem{Scenario: scenarioView(it.Scenario)}
	if it.Run != nil {
		v := testRunView(*it.Run)
		out.Run = &v
	}
	if it.Err != nil {
		var ae *apperr.Error
		if errors.As(it.Err, &ae) {
			out.Error = ae.Message
		} else {
			out.Error = "This scenario could not be run."
		}
	}
	return out
}

// AiTestVersionRef names the version a batch ran on.
type AiTestVersionRef struct {
	ID     *uuid.UUID `json:"id,omitempty" doc:"Absent: the built-in defaults."`
	Number int32      `json:"number"`
	Label  string     `json:"label" doc:"\"v3\" or \"Built-in defaults\"."`
}

func versionRef(v Version) AiTestVersionRef {
	r := AiTestVersionRef{Number: v.Number, Label: "Built-in defaults"}
	if v.ID != uuid.Nil {
		id := v.ID
		r.ID, r.Label = &id, "v"+strconv.Itoa(int(v.Number))
	}
	return r
}

type aiTestRunInput struct {
	Body struct {
		Message      string     `json:"message" minLength:"1" maxLength:"2000"`
		Language     string     `json:"language,omitempty" enum:"auto,en,ms,bm,zh,ta" doc:"The customer's language; auto detects it. Default auto; bm is accepted for ms."`
		CustomerType string     `json:"customer_type,omitempty" enum:"new,price_sensitive,ready_to_buy,hesitant" doc:"Default new."`
		VersionID    *uuid.UUID `json:"version_id,omitempty" nullable:"true" doc:"The model version to test, a draft included; absent: the active one."`
	}
}

type aiTestRunOutput struct {
	Body AiTestRunView
}

type aiTestScenarioBody struct {
	Name         string `json:"name" minLength:"1" maxLength:"120"`
	Message      string `json:"message" minLength:"1" maxLength:"2000"`
	Language     string `json:"language,omitempty" enum:"auto,en,ms,bm,zh,ta" doc:"bm is accepted for ms and stored as ms."`
	CustomerType string `json:"customer_type,omitempty" enum:"new,price_sensitive,ready_to_buy,hesitant"`
}

func (b aiTestScenarioBody) input() ScenarioInput {
	return ScenarioInput{Name: b.Name, Message: b.Message, Language: lang.Canonical(b.Language), CustomerType: b.CustomerType}
}

type aiTestScenarioCreateInput struct {
	Body aiTestScenarioBody
}

type aiTestScenarioUpdateInput struct {
	ID   uuid.UUID `path:"id"`
	Body aiTestScenarioBody
}

type aiTestScenarioIDInput struct {
	ID uuid.UUID `path:"id"`
}

type aiTestScenarioOutput struct {
	Body AiTestScenarioView
}

type aiTestScenarioListOutput struct {
	Body struct {
		Items []AiTestScenarioView `json:"items"`
		Max   int                  `json:"max" doc:"How many scenarios a company keeps."`
	}
}

type aiTestBatchInput struct {
	Body struct {
		ScenarioIDs []uuid.UUID `json:"scenario_ids" minItems:"1" maxItems:"20"`
		VersionID   *uuid.UUID  `json:"version_id,omitempty" nullable:"true" doc:"Absent: the active version."`
	}
}

type aiTestBatchOutput struct {
	Body struct {
		BatchID uuid.UUID         `json:"batch_id"`
		Version AiTestVersionRef  `json:"version"`
		Items   []AiTestBatchItem `json:"items" doc:"In the order asked."`
	}
}

type aiTestCompareInput struct {
	Body struct {
		ScenarioIDs []uuid.UUID `json:"scenario_ids" minItems:"1" maxItems:"20"`
		VersionA    *uuid.UUID  `json:"version_a,omitempty" nullable:"true" doc:"Absent: the active version."`
		VersionB    *uuid.UUID  `json:"version_b,omitempty" nullable:"true" doc:"Absent: the active version."`
	}
}

// AiTestComparePair is one scenario answered by both versions.
type AiTestComparePair struct {
	Scenario AiTestScenarioView `json:"scenario"`
	A        AiTestBatchItem    `json:"a"`
	B        AiTestBatchItem    `json:"b"`
}

type aiTestCompareOutput struct {
	Body struct {
		BatchID uuid.UUID           `json:"batch_id"`
		A       AiTestVersionRef    `json:"a"`
		B       AiTestVersionRef    `json:"b"`
		Pairs   []AiTestComparePair `json:"pairs"`
	}
}

type aiTestHistoryInput struct {
	BatchID   uuid.UUID `query:"batch_id" doc:"Only this batch's runs."`
	VersionID uuid.UUID `query:"version_id" doc:"Only this version's runs."`
	Source    string    `query:"source" enum:"template,model"`
	Cursor    string    `query:"cursor" maxLength:"200" doc:"next_cursor of the previous page."`
	Limit     int       `query:"limit" minimum:"0" maximum:"100" doc:"Default 50."`
}

func (in aiTestHistoryInput) filter() HistoryFilter {
	return HistoryFilter{BatchID: in.BatchID, VersionID: in.VersionID, Source: in.Source, Cursor: in.Cursor, Limit: in.Limit}
}

type aiTestHistoryOutput struct {
	Body struct {
		Items      []AiTestRunView `json:"items"`
		NextCursor string          `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page."`
	}
}

type aiTestExportInput struct {
	BatchID   uuid.UUID `query:"batch_id"`
	VersionID uuid.UUID `query:"version_id"`
	Source    string    `query:"source" enum:"template,model"`
}

type aiTestExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func optID(p *uuid.UUID) uuid.UUID {
	if p == nil {
		return uuid.Nil
	}
	return *p
}

// RegisterTests adds the company admin's test & monitor operations under /ai/tests.
func RegisterTests(company huma.API, e *Engine) {
	who := func(ctx context.Context) (uuid.UUID, uuid.UUID) {
		p := identity.PrincipalFrom(ctx)
		return p.CompanyID, p.UserID
	}

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-run", Method: http.MethodPost, Path: "/ai/tests/run", Summary: "Test a customer message on a model version",
		Description: "Runs the reply engine as for a conversation (template first, else the version) and stores the run. 422 limit_exceeded when the month's AI budget is used up.",
		Errors:      []int{404, 409, 422},
	}, func(ctx context.Context, in *aiTestRunInput) (*aiTestRunOutput, error) {
		cid, uid := who(ctx)
		b := in.Body
		r, err := e.TestMessage(ctx, cid, uid, optID(b.VersionID), b.Message, lang.Canonical(b.Language), b.CustomerType)
		if err != nil {
			return nil, err
		}
		return &aiTestRunOutput{Body: testRunView(r)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-scenario-list", Method: http.MethodGet, Path: "/ai/tests/scenarios", Summary: "The scenario library, by name",
	}, func(ctx context.Context, _ *struct{}) (*aiTestScenarioListOutput, error) {
		cid, _ := who(ctx)
		rows, err := e.Scenarios(ctx, cid)
		if err != nil {
			return nil, err
		}
		out := &aiTestScenarioListOutput{}
		out.Body.Max = MaxScenarios
		out.Body.Items = make([]AiTestScenarioView, len(rows))
		for i, r := range rows {
			out.Body.Items[i] = scenarioView(r)
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-scenario-create", Method: http.MethodPost, Path: "/ai/tests/scenarios", Summary: "Save a test scenario",
		DefaultStatus: http.StatusCreated, Errors: []int{422},
	}, func(ctx context.Context, in *aiTestScenarioCreateInput) (*aiTestScenarioOutput, error) {
		cid, uid := who(ctx)
		r, err := e.CreateScenario(ctx, cid, uid, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &aiTestScenarioOutput{Body: scenarioView(r)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-scenario-update", Method: http.MethodPut, Path: "/ai/tests/scenarios/{id}", Summary: "Change a test scenario",
		Errors: []int{404, 422},
	}, func(ctx context.Context, in *aiTestScenarioUpdateInput) (*aiTestScenarioOutput, error) {
		cid, _ := who(ctx)
		r, err := e.UpdateScenario(ctx, cid, in.ID, in.Body.input())
		if err != nil {
			return nil, err
		}
		return &aiTestScenarioOutput{Body: scenarioView(r)}, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-scenario-delete", Method: http.MethodDelete, Path: "/ai/tests/scenarios/{id}", Summary: "Delete a test scenario",
		Description: "Its past runs stay in the history.", DefaultStatus: http.StatusNoContent, Errors: []int{404},
	}, func(ctx context.Context, in *aiTestScenarioIDInput) (*struct{}, error) {
		cid, _ := who(ctx)
		return nil, e.DeleteScenario(ctx, cid, in.ID)
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-batch-run", Method: http.MethodPost, Path: "/ai/tests/batches", Summary: "Run up to 20 scenarios on a version",
		Description: "Synchronous. A scenario that fails carries its error; when every one fails alike (the budget, the provider) the call fails with it.",
		Errors:      []int{404, 409, 422},
	}, func(ctx context.Context, in *aiTestBatchInput) (*aiTestBatchOutput, error) {
		cid, uid := who(ctx)
		b, err := e.TestBatch(ctx, cid, uid, optID(in.Body.VersionID), in.Body.ScenarioIDs)
		if err != nil {
			return nil, err
		}
		out := &aiTestBatchOutput{}
		out.Body.BatchID, out.Body.Version = b.ID, versionRef(b.Version)
		out.Body.Items = make([]AiTestBatchItem, len(b.Items))
		for i, it := range b.Items {
			out.Body.Items[i] = batchItem(it)
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-compare", Method: http.MethodPost, Path: "/ai/tests/compare", Summary: "Run the same scenarios on two versions",
		Description: "Returns the two answers of each scenario side by side; both sides share one batch id.",
		Errors:      []int{404, 409, 422},
	}, func(ctx context.Context, in *aiTestCompareInput) (*aiTestCompareOutput, error) {
		cid, uid := who(ctx)
		c, err := e.TestCompare(ctx, cid, uid, optID(in.Body.VersionA), optID(in.Body.VersionB), in.Body.ScenarioIDs)
		if err != nil {
			return nil, err
		}
		out := &aiTestCompareOutput{}
		out.Body.BatchID, out.Body.A, out.Body.B = c.BatchID, versionRef(c.A), versionRef(c.B)
		out.Body.Pairs = make([]AiTestComparePair, len(c.Pairs))
		for i, p := range c.Pairs {
			out.Body.Pairs[i] = AiTestComparePair{Scenario: scenarioView(p.Scenario), A: batchItem(p.A), B: batchItem(p.B)}
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-run-list", Method: http.MethodGet, Path: "/ai/tests/runs", Summary: "The test history, newest first",
		Description: "Keyset pages: pass next_cursor as cursor.", Errors: []int{422},
	}, func(ctx context.Context, in *aiTestHistoryInput) (*aiTestHistoryOutput, error) {
		cid, _ := who(ctx)
		rows, next, err := e.TestHistory(ctx, cid, in.filter())
		if err != nil {
			return nil, err
		}
		out := &aiTestHistoryOutput{}
		out.Body.NextCursor = next
		out.Body.Items = make([]AiTestRunView, len(rows))
		for i, r := range rows {
			out.Body.Items[i] = testRunView(r)
		}
		return out, nil
	})

	huma.Register(company, huma.Operation{
		OperationID: "ai-test-run-export", Method: http.MethodGet, Path: "/ai/tests/runs/export", Summary: "The test history as CSV",
		Description: "Newest first, at most 10,000 runs, times in UTC. Cells a spreadsheet would read as a formula start with a quote.",
		Responses:   map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {}}}},
		Errors:      []int{422},
	}, func(ctx context.Context, in *aiTestExportInput) (*aiTestExportOutput, error) {
		cid, _ := who(ctx)
		var buf bytes.Buffer
		if err := e.TestExport(ctx, cid, HistoryFilter{BatchID: in.BatchID, VersionID: in.VersionID, Source: in.Source}, &buf); err != nil {
			return nil, err
		}
		return &aiTestExportOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="ai-tests.csv"`, Body: buf.Bytes()}, nil
	})
}
