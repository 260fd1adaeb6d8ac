package reply

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/successcase"
)

// The test bench: an admin types a customer message (or keeps it as a
// scenario) and sees what the reply engine would answer with a given model
// version, through the same pipeline as Suggest but without a conversation.
// Test runs are stored for the history and count against the AI budget.

// LanguageAuto lets the engine detect the test message's language.
const LanguageAuto = "auto"

// TestLanguages and CustomerTypes are what a test may be run as.
var (
	TestLanguages = []string{LanguageAuto, lang.English, lang.Malay, lang.Chinese, lang.Tamil}
	CustomerTypes = []string{"new", "price_sensitive", "ready_to_buy", "hesitant"}
)

const (
	// MaxBatch is how many scenarios one batch or comparison runs.
	MaxBatch = 20
	// MaxScenarios is how many scenarios a company keeps.
	MaxScenarios = 500
	// MaxTestMessage is the longest test message, in characters.
	MaxTestMessage = 2000
	// batchWorkers bounds the provider calls one batch makes at once.
	batchWorkers = 4
	// maxExportRows bounds a CSV export.
	maxExportRows = 10000
)

// customerHints tell the model what kind of customer it answers; they go in
// the volatile part of the context, so the cached company prefix is unchanged.
var customerHints = map[string]string{
	"new":             "The customer is new to the company: welcome them and explain simply.",
	"price_sensitive": "The customer is price-sensitive: stress value and only quote prices and offers from the catalog.",
	"ready_to_buy":    "The customer is ready to buy: help them complete the order quickly and clearly.",
	"hesitant":        "The customer is hesitant: reassure them and answer their doubts without pressure.",
}

func oneOfList(field, v string, list []string) error {
	for _, x := range list {
		if v == x {
			return nil
		}
	}
	return apperr.Invalid(field, "Must be one of "+strings.Join(list, ", ")+".")
}

// TestCase is one message to test.
type TestCase struct {
	Message      string
	Language     string // one of TestLanguages; "" is auto
	CustomerType string // one of CustomerTypes; "" is new
	ScenarioID   uuid.UUID
}

func (c *TestCase) validate(prefix string) error {
	c.Message = strings.TrimSpace(c.Message)
	if c.Message == "" {
		return apperr.Invalid(prefix+"message", "Type the customer's message.")
	}
	if utf8.RuneCountInString(c.Message) > MaxTestMessage {
		return apperr.Invalid(prefix+"message", fmt.Sprintf("Keep the message under %d characters.", MaxTestMessage))
	}
	if c.Language == "" {
		c.Language = LanguageAuto
	}
	c.Language = lang.Canonical(c.Language)
	if err := oneOfList(prefix+"language", c.Language, TestLanguages); err != nil {
		return err
	}
	if c.CustomerType == "" {
		c.CustomerType = CustomerTypes[0]
	}
	return oneOfList(prefix+"customer_type", c.CustomerType, CustomerTypes)
}

// testState is the company and the version under test, read once per test or batch.
type testState struct {
	st conversationState
}

// loadTest reads the company and the version to test: versionID, or the active
// one when it is uuid.Nil. Errors: ENOTFOUND for another company's or an unknown version.
func (e *Engine) loadTest(ctx context.Context, companyID, versionID uuid.UUID) (testState, error) {
	var ts testState
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if err := e.loadCompany(ctx, tx, companyID, &ts.st); err != nil {
			return err
		}
		if versionID != uuid.Nil {
			v, err := tx.AiModelVersionGet(ctx, dbgen.AiModelVersionGetParams{CompanyID: companyID, ID: versionID})
			if db.IsNotFound(err) {
				return apperr.NotFound("model version")
			} else if err != nil {
				return err
			}
			ts.st.version = VersionOf(v)
		}
		return nil
	})
	if err != nil {
		return ts, fmt.Errorf("reply.loadTest: %w", err)
	}
	return ts, nil
}

func (e *Engine) budget(ctx context.Context, companyID uuid.UUID) (dbgen.AiSuggestionBudgetRow, error) {
	var b dbgen.AiSuggestionBudgetRow
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		b, err = tx.AiSuggestionBudget(ctx, dbgen.AiSuggestionBudgetParams{CompanyID: companyID, Since: monthStart(e.d.Now())})
		return err
	})
	return b, err
}

// TestMessage answers a customer message as the reply engine would with
// versionID (uuid.Nil: the active version), and stores the run. Errors:
// EINVALID, ENOTFOUND (version), ELIMIT when the month's AI tokens are used
// up, ECONFLICT when the provider is unavailable.
func (e *Engine) TestMessage(ctx context.Context, companyID, userID, versionID uuid.UUID, message, language, customerType string) (dbgen.AiTestRun, error) {
	c := TestCase{Message: message, Language: language, CustomerType: customerType}
	if err := c.validate("body."); err != nil {
		return dbgen.AiTestRun{}, err
	}
	ts, err := e.loadTest(ctx, companyID, versionID)
	if err != nil {
		return dbgen.AiTestRun{}, err
	}
	return e.runTest(ctx, companyID, userID, ts, c, uuid.Nil)
}

// runTest is one test against a loaded version: a template first, else the model.
func (e *Engine) runTest(ctx context.Context, companyID, userID uuid.UUID, ts testState, c TestCase, batchID uuid.UUID) (dbgen.AiTestRun, error) {
	start := e.d.Now()
	st := ts.st
	st.history = []Turn{{Inbound: true, Text: c.Message}}
	detected := lang.Detect(c.Message).Language
	expected := c.Language
	if expected == LanguageAuto {
		expected = replyLanguage(st.history, st.version.PrimaryLanguage)
	}
	p := dbgen.AiTestRunInsertParams{CompanyID: companyID, ID: uuid.New(), BatchID: nullID(batchID), ScenarioID: nullID(c.ScenarioID),
		VersionID: nullID(st.version.ID), VersionNumber: st.version.Number, Message: c.Message, Language: c.Language,
		CustomerType: c.CustomerType, DetectedLanguage: detected, ExpectedLanguage: expected, Flags: []string{}, CreatedBy: nullID(userID)}

	if e.d.Templates != nil {
		sm := successcase.Sample{Message: c.Message}
		if c.Language != LanguageAuto {
			sm.Language = c.Language
		}
		// MatchForCompany records nothing, so tests leave the templates' usage figures alone.
		out, err := e.d.Templates.MatchForCompany(ctx, companyID, sm)
		if err != nil {
			return dbgen.AiTestRun{}, fmt.Errorf("reply.runTest: templates: %w", err)
		}
		if w := out.Result.Winner; w != nil && strings.TrimSpace(out.Response) != "" {
			p.Source, p.TemplateID, p.Label, p.Reply = SourceTemplate, nullID(w.Template.ID), truncate("Template: "+w.Template.Name, 300), out.Response
			p.ReplyLanguage = replyLang(out.Response, out.Language)
			p.LanguageMatch = p.ReplyLanguage == expected
			p.LatencyMs = ms(e.d.Now().Sub(start))
			return e.storeRun(ctx, p)
		}
	}

	b, err := e.budget(ctx, companyID)
	if err != nil {
		return dbgen.AiTestRun{}, fmt.Errorf("reply.runTest: %w", err)
	}
	if b.Used >= b.TokenLimit {
		return dbgen.AiTestRun{}, budgetExhausted()
	}
	src, facts, err := e.sources(ctx, companyID, st, expected)
	if err != nil {
		return dbgen.AiTestRun{}, err
	}
	language := src.Language
	req := BuildContext(st.version, src)
	if hint := customerHints[c.CustomerType]; hint != "" && len(req.System) > 0 {
		last := &req.System[len(req.System)-1]
		last.Text += "\n" + hint
	}
	facts.Instructions = InstructionText(st.version, src)
	prov := e.providerFor(st.version)
	if prov == nil {
		return dbgen.AiTestRun{}, apperr.New(apperr.ECONFLICT, "No AI provider is configured.")
	}
	cctx, cancel := context.WithTimeout(ctx, e.d.Timeout)
	res, err := prov.Generate(cctx, req)
	cancel()
	switch {
	case errors.Is(err, ai.ErrBudgetExhausted) || errors.Is(err, ai.ErrSpendLimit):
		return dbgen.AiTestRun{}, budgetExhausted()
	case err != nil:
		return dbgen.AiTestRun{}, apperr.New(apperr.ECONFLICT, "The AI provider is unavailable right now. Try again in a moment.")
	}
	text := strings.TrimSpace(res.Text)
	v := Check(text, facts)
	if text == "" {
		v = Verdict{Flags: []string{"empty"}}
	}
	if !v.Safe || text == "" {
		text = Fallback(language)
	}
	if v.Flags != nil {
		p.Flags = v.Flags
	}
	p.Provider = res.Provider
	if p.Provider == "" {
		p.Provider = prov.Name()
	}
	p.Source, p.Label, p.Model, p.Reply = SourceModel, modelLabel(p.Provider, st.version), res.Model, text
	p.ReplyLanguage = replyLang(text, language)
	p.LanguageMatch = p.ReplyLanguage == expected
	p.InputTokens, p.OutputTokens = res.Usage.InputTokens, res.Usage.OutputTokens
	p.CacheReadTokens, p.CacheWriteTokens = res.Usage.CacheReadTokens, res.Usage.CacheWriteTokens
	p.LatencyMs = ms(e.d.Now().Sub(start))
	return e.storeRun(ctx, p)
}

// replyLang is the detected language of a reply; a reply with no language
// evidence ("OK 👍") counts as the language it was asked for.
func replyLang(text, asked string) string {
	if l := lang.Detect(text).Language; l != "" {
		return l
	}
	return asked
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

func (e *Engine) storeRun(ctx context.Context, p dbgen.AiTestRunInsertParams) (dbgen.AiTestRun, error) {
	var row dbgen.AiTestRun
	err := e.d.DB.WithTenant(ctx, p.CompanyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiTestRunInsert(ctx, p)
		return err
	})
	if err != nil {
		return row, fmt.Errorf("reply.storeRun: %w", err)
	}
	return row, nil
}

// ScenarioInput is a scenario as an admin saves it.
type ScenarioInput struct {
	Name         string
	Message      string
	Language     string
	CustomerType string
}

func (in *ScenarioInput) validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return apperr.Invalid("body.name", "Give the scenario a name.")
	}
	if utf8.RuneCountInString(in.Name) > 120 {
		return apperr.Invalid("body.name", "Keep the name under 120 characters.")
	}
	c := TestCase{Message: in.Message, Language: in.Language, CustomerType: in.CustomerType}
	if err := c.validate("body."); err != nil {
		return err
	}
	in.Message, in.Language, in.CustomerType = c.Message, c.Language, c.CustomerType
	return nil
}

func scenarioNameTaken(err error) error {
	if _, ok := db.UniqueViolation(err); ok {
		return apperr.Invalid("body.name", "A scenario with this name exists; choose another name.")
	}
	return err
}

// Scenarios lists the company's scenarios by name.
func (e *Engine) Scenarios(ctx context.Context, companyID uuid.UUID) ([]dbgen.AiTestScenario, error) {
	var out []dbgen.AiTestScenario
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.AiTestScenarioList(ctx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reply.Scenarios: %w", err)
	}
	return out, nil
}

// CreateScenario saves a scenario. Errors: EINVALID, ELIMIT past MaxScenarios.
func (e *Engine) CreateScenario(ctx context.Context, companyID, userID uuid.UUID, in ScenarioInput) (dbgen.AiTestScenario, error) {
	var row dbgen.AiTestScenario
	if err := in.validate(); err != nil {
		return row, err
	}
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		n, err := tx.AiTestScenarioCount(ctx, companyID)
		if err != nil {
			return err
		}
		if n >= MaxScenarios {
			return apperr.New(apperr.ELIMIT, fmt.Sprintf("A company keeps at most %d scenarios; delete some first.", MaxScenarios))
		}
		row, err = tx.AiTestScenarioCreate(ctx, dbgen.AiTestScenarioCreateParams{CompanyID: companyID, Name: in.Name, Message: in.Message,
			Language: in.Language, CustomerType: in.CustomerType, CreatedBy: nullID(userID)})
		return scenarioNameTaken(err)
	})
	return row, err
}

// UpdateScenario changes a scenario. Errors: EINVALID, ENOTFOUND.
func (e *Engine) UpdateScenario(ctx context.Context, companyID, id uuid.UUID, in ScenarioInput) (dbgen.AiTestScenario, error) {
	var row dbgen.AiTestScenario
	if err := in.validate(); err != nil {
		return row, err
	}
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		row, err = tx.AiTestScenarioUpdate(ctx, dbgen.AiTestScenarioUpdateParams{CompanyID: companyID, ID: id, Name: in.Name, Message: in.Message,
			Language: in.Language, CustomerType: in.CustomerType})
		if db.IsNotFound(err) {
			return apperr.NotFound("scenario")
		}
		return scenarioNameTaken(err)
	})
	return row, err
}

// DeleteScenario removes a scenario; its past runs stay in the history. Errors: ENOTFOUND.
func (e *Engine) DeleteScenario(ctx context.Context, companyID, id uuid.UUID) error {
	return e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		n, err := tx.AiTestScenarioDelete(ctx, dbgen.AiTestScenarioDeleteParams{CompanyID: companyID, ID: id})
		if err == nil && n == 0 {
			return apperr.NotFound("scenario")
		}
		return err
	})
}

// scenariosFor loads the given scenarios in the order asked. Errors: EINVALID, ENOTFOUND.
func (e *Engine) scenariosFor(ctx context.Context, companyID uuid.UUID, ids []uuid.UUID) ([]dbgen.AiTestScenario, error) {
	if len(ids) == 0 {
		return nil, apperr.Invalid("body.scenario_ids", "Choose at least one scenario.")
	}
	if len(ids) > MaxBatch {
		return nil, apperr.Invalid("body.scenario_ids", fmt.Sprintf("Run at most %d scenarios at once.", MaxBatch))
	}
	seen := map[uuid.UUID]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, apperr.Invalid("body.scenario_ids", "A scenario is listed twice.")
		}
		seen[id] = true
	}
	var rows []dbgen.AiTestScenario
	err := e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.AiTestScenarioGetMany(ctx, dbgen.AiTestScenarioGetManyParams{CompanyID: companyID, Ids: ids})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reply.scenariosFor: %w", err)
	}
	byID := map[uuid.UUID]dbgen.AiTestScenario{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]dbgen.AiTestScenario, 0, len(ids))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			return nil, apperr.NotFound("scenario")
		}
		out = append(out, r)
	}
	return out, nil
}

// BatchItem is one scenario of a batch: its run, or why it has none.
type BatchItem struct {
	Scenario dbgen.AiTestScenario
	Run      *dbgen.AiTestRun
	Err      error
}

// Batch is a set of scenarios run on one version.
type Batch struct {
	ID      uuid.UUID
	Version Version
	Items   []BatchItem // in the order asked
}

// runAll runs the scenarios on a loaded version, a few at a time.
func (e *Engine) runAll(ctx context.Context, companyID, userID uuid.UUID, ts testState, batchID uuid.UUID, scenarios []dbgen.AiTestScenario) []BatchItem {
	items := make([]BatchItem, len(scenarios))
	sem := make(chan struct{}, batchWorkers)
	var wg sync.WaitGroup
	for i, sc := range scenarios {
		items[i].Scenario = sc
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, sc dbgen.AiTestScenario) {
			defer func() { <-sem; wg.Done() }()
			run, err := e.runTest(ctx, companyID, userID, ts, TestCase{Message: sc.Message, Language: sc.Language, CustomerType: sc.CustomerType,
				ScenarioID: sc.ID}, batchID)
			if err != nil {
				items[i].Err = err
				return
			}
			items[i].Run = &run
		}(i, sc)
	}
	wg.Wait()
	return items
}

// failedAll is the error of a batch in which no scenario ran, when every one
// failed the same way a person can act on (the budget, the provider).
func failedAll(items []BatchItem) error {
	var first error
	for _, it := range items {
		if it.Run != nil {
			return nil
		}
		if first == nil {
			first = it.Err
		}
	}
	var ae *apperr.Error
	if errors.As(first, &ae) {
		return first
	}
	return nil
}

// TestBatch runs up to MaxBatch scenarios on versionID (uuid.Nil: the active
// version). A scenario that fails carries its error; when all fail alike the
// error is returned. Errors: EINVALID, ENOTFOUND, ELIMIT, ECONFLICT.
func (e *Engine) TestBatch(ctx context.Context, companyID, userID, versionID uuid.UUID, scenarioIDs []uuid.UUID) (Batch, error) {
	scenarios, err := e.scenariosFor(ctx, companyID, scenarioIDs)
	if err != nil {
		return Batch{}, err
	}
	ts, err := e.loadTest(ctx, companyID, versionID)
	if err != nil {
		return Batch{}, err
	}
	b := Batch{ID: uuid.New(), Version: ts.st.version}
	b.Items = e.runAll(ctx, companyID, userID, ts, b.ID, scenarios)
	if err := failedAll(b.Items); err != nil {
		return b, err
	}
	return b, nil
}

// ComparePair is one scenario answered by both versions.
type ComparePair struct {
	Scenario dbgen.AiTestScenario
	A, B     BatchItem
}

// Comparison is the same scenarios run on two versions.
type Comparison struct {
	BatchID uuid.UUID
	A, B    Version
	Pairs   []ComparePair
}

// TestCompare runs the same scenarios on two versions (uuid.Nil: the active
// one) and pairs the answers by scenario; both sides share one batch id.
// Errors: EINVALID, ENOTFOUND, ELIMIT, ECONFLICT.
func (e *Engine) TestCompare(ctx context.Context, companyID, userID, versionA, versionB uuid.UUID, scenarioIDs []uuid.UUID) (Comparison, error) {
	if versionA == versionB {
		return Comparison{}, apperr.Invalid("body.version_b", "Choose two different versions to compare.")
	}
	scenarios, err := e.scenariosFor(ctx, companyID, scenarioIDs)
	if err != nil {
		return Comparison{}, err
	}
	ta, err := e.loadTest(ctx, companyID, versionA)
	if err != nil {
		return Comparison{}, err
	}
	tb, err := e.loadTest(ctx, companyID, versionB)
	if err != nil {
		return Comparison{}, err
	}
	if ta.st.version.ID == tb.st.version.ID {
		return Comparison{}, apperr.Invalid("body.version_b", "Both sides are the active version; choose another version to compare with.")
	}
	c := Comparison{BatchID: uuid.New(), A: ta.st.version, B: tb.st.version}
	var ia, ib []BatchItem
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ia = e.runAll(ctx, companyID, userID, ta, c.BatchID, scenarios) }()
	go func() { defer wg.Done(); ib = e.runAll(ctx, companyID, userID, tb, c.BatchID, scenarios) }()
	wg.Wait()
	for i, sc := range scenarios {
		c.Pairs = append(c.Pairs, ComparePair{Scenario: sc, A: ia[i], B: ib[i]})
	}
	if err := failedAll(append(append([]BatchItem{}, ia...), ib...)); err != nil {
		return c, err
	}
	return c, nil
}

// HistoryFilter narrows the test history; zero values do not filter.
type HistoryFilter struct {
	BatchID   uuid.UUID
	VersionID uuid.UUID
	Source    string // template or model
	Cursor    string // NextCursor of the previous page
	Limit     int    // 1..100, default 50
}

func (f HistoryFilter) params(companyID uuid.UUID) (dbgen.AiTestRunPageParams, error) {
	p := dbgen.AiTestRunPageParams{CompanyID: companyID, Batch: nullID(f.BatchID), Version: nullID(f.VersionID), RowLimit: int32(f.Limit)}
	if f.Source != "" {
		if err := oneOfList("query.source", f.Source, []string{SourceTemplate, SourceModel}); err != nil {
			return p, err
		}
		s := f.Source
		p.RunSource = &s
	}
	if f.Cursor != "" {
		at, id, ok := decodeRunCursor(f.Cursor)
		if !ok {
			return p, apperr.Invalid("query.cursor", "The page cursor is not valid; start from the first page.")
		}
		p.AfterAt, p.AfterID = &at, nullID(id)
	}
	if p.RowLimit <= 0 || p.RowLimit > 100 {
		p.RowLimit = 50
	}
	return p, nil
}

// The cursor is the last row's position, opaque to clients: microseconds since
// the epoch (PostgreSQL's precision) and the id, base64url encoded.
func encodeRunCursor(at time.Time, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + "." + id.String()))
}

func decodeRunCursor(s string) (time.Time, uuid.UUID, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	micros, idText, ok := strings.Cut(string(raw), ".")
	if !ok {
		return time.Time{}, uuid.Nil, false
	}
	us, err := strconv.ParseInt(micros, 10, 64)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return time.Time{}, uuid.Nil, false
	}
	return time.UnixMicro(us).UTC(), id, true
}

// TestHistory is a page of the company's test runs, newest first, and the
// cursor of the next page ("" on the last). Errors: EINVALID.
func (e *Engine) TestHistory(ctx context.Context, companyID uuid.UUID, f HistoryFilter) ([]dbgen.AiTestRun, string, error) {
	p, err := f.params(companyID)
	if err != nil {
		return nil, "", err
	}
	limit := p.RowLimit
	p.RowLimit++ // one more tells whether a next page exists
	var rows []dbgen.AiTestRun
	err = e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.AiTestRunPage(ctx, p)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("reply.TestHistory: %w", err)
	}
	next := ""
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		next = encodeRunCursor(last.CreatedAt, last.ID)
	}
	return rows, next, nil
}

// csvSafe keeps a spreadsheet from reading a cell as a formula: text whose
// first non-blank character is = + - @ (or a tab or carriage return, which
// some programs skip) gets a leading quote.
func csvSafe(s string) string {
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// ExportColumns are the CSV export's header.
var ExportColumns = []string{"created_at", "batch_id", "scenario", "version", "message", "language", "customer_type", "source", "label",
	"provider", "model", "reply", "detected_language", "expected_language", "reply_language", "language_match", "latency_ms",
	"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "total_tokens", "flags"}

// TestExport writes the test runs the filter selects (newest first, at most
// 10,000) as CSV; times are UTC. Errors: EINVALID.
func (e *Engine) TestExport(ctx context.Context, companyID uuid.UUID, f HistoryFilter, w io.Writer) error {
	f.Cursor, f.Limit = "", 100
	p, err := f.params(companyID)
	if err != nil {
		return err
	}
	p.RowLimit = 500
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return err
	}
	err = e.d.DB.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		scenarios, err := tx.AiTestScenarioList(ctx, companyID)
		if err != nil {
			return err
		}
		names := map[uuid.UUID]string{}
		for _, s := range scenarios {
			names[s.ID] = s.Name
		}
		written := 0
		for written < maxExportRows {
			rows, err := tx.AiTestRunPage(ctx, p)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := cw.Write(exportRow(r, names)); err != nil {
					return err
				}
			}
			written += len(rows)
			if len(rows) < int(p.RowLimit) {
				break
			}
			last := rows[len(rows)-1]
			at := last.CreatedAt
			p.AfterAt, p.AfterID = &at, nullID(last.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reply.TestExport: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

func exportRow(r dbgen.AiTestRun, scenarios map[uuid.UUID]string) []string {
	batch, scenario, version := "", "", "built-in defaults"
	if r.BatchID.Valid {
		batch = r.BatchID.UUID.String()
	}
	if r.ScenarioID.Valid {
		scenario = scenarios[r.ScenarioID.UUID]
	}
	if r.VersionID.Valid {
		version = "v" + strconv.Itoa(int(r.VersionNumber))
	}
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	total := r.InputTokens + r.OutputTokens + r.CacheReadTokens + r.CacheWriteTokens
	return []string{r.CreatedAt.UTC().Format(time.RFC3339), batch, csvSafe(scenario), version, csvSafe(r.Message), r.Language, r.CustomerType,
		r.Source, csvSafe(r.Label), csvSafe(r.Provider), csvSafe(r.Model), csvSafe(r.Reply), r.DetectedLanguage, r.ExpectedLanguage,
		r.ReplyLanguage, strconv.FormatBool(r.LanguageMatch), i(int64(r.LatencyMs)), i(r.InputTokens), i(r.OutputTokens),
		i(r.CacheReadTokens), i(r.CacheWriteTokens), i(total), strings.Join(r.Flags, "|")}
}
