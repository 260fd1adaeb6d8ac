package reply

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// A/B test variants and statuses.
const (
	VariantA = "a"
	VariantB = "b"

	ABRunning = "running"
	ABStopped = "stopped"
)

// Limits of an A/B test.
const (
	DefaultMinSample = 100
	MaxMinSample     = 1_000_000
	maxABNameLen     = 100
	// SignificanceLevel is the p-value below which a difference counts as real.
	SignificanceLevel = 0.05
)

// Variant assigns a conversation to variant "a" or "b" of a test: the first 8
// bytes of sha256(test id ‖ conversation id), mod 100, below splitA is "a".
// The same conversation always lands in the same variant of a test, and
// different tests split conversations independently.
func Variant(testID, conversationID uuid.UUID, splitA int) string {
	h := sha256.New()
	h.Write(testID[:])
	h.Write(conversationID[:])
	sum := h.Sum(nil)
	if int(binary.BigEndian.Uint64(sum[:8])%100) < splitA {
		return VariantA
	}
	return VariantB
}

// ZTest is a two-sided two-proportion z-test.
type ZTest struct {
	Z           float64
	P           float64 // two-sided p-value
	Significant bool    // P < SignificanceLevel
}

// TwoProportionZ compares x1 successes of n1 with x2 of n2 using the pooled
// proportion: z = (p1 − p2) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p = erfc(|z|/√2).
// With no trials, or a pooled proportion of 0 or 1, there is no difference to
// test: z 0, p 1.
func TwoProportionZ(x1, n1, x2, n2 int64) ZTest {
	if n1 <= 0 || n2 <= 0 {
		return ZTest{P: 1}
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pool := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return ZTest{P: 1}
	}
	z := (p1 - p2) / se
	p := math.Erfc(math.Abs(z) / math.Sqrt2)
	return ZTest{Z: z, P: p, Significant: p < SignificanceLevel}
}

// ABTests runs A/B tests of model versions.
type ABTests struct {
	db       *db.DB
	versions *versions.Service
}

// NewABTests returns the A/B test service; promoting activates the winner through vs.
func NewABTests(d *db.DB, vs *versions.Service) *ABTests { return &ABTests{db: d, versions: vs} }

// ABVersion is one side of a test: the version's number and name, or Deleted
// when the draft was deleted since.
type ABVersion struct {
	ID      uuid.UUID
	Number  int
	Name    string
	Status  string
	Deleted bool
}

// ABTest is a stored test with its two versions.
type ABTest struct {
	dbgen.AiAbTest
	A, B ABVersion
}

// ABVariantResult is how agents received one variant's suggestions.
type ABVariantResult struct {
	Variant        string
	Suggestions    int64
	Used           int64 // sent as is or edited
	Ratings        int64
	RatingSum      int64
	Conversations  int64
	Conversions    int64 // conversations of the variant that ended won
	UseRate        float64
	AverageRating  float64 // 0 without ratings
	ConversionRate float64
}

// ABResults compares the two variants of a test.
type ABResults struct {
	A, B ABVariantResult
	// EnoughData is false while either variant has fewer than min_sample suggestions.
	EnoughData bool
	UseRate    ZTest
	Conversion ZTest
	// Leader is the variant with the significantly higher use rate, "" when
	// there is not enough data or no significant difference.
	Leader string
}

// ABTestDetail is a test with its results.
type ABTestDetail struct {
	ABTest
	Results ABResults
}

// ABTestInput is a new test.
type ABTestInput struct {
	Name      string
	VersionA  uuid.UUID
	VersionB  uuid.UUID
	SplitAPct int
	MinSample int // 0 means DefaultMinSample
}

var errABNotFound = apperr.NotFound("A/B test")

func abVersion(ctx context.Context, tx *db.Tx, companyID, id uuid.UUID) (ABVersion, error) {
	v, err := tx.AiModelVersionGet(ctx, dbgen.AiModelVersionGetParams{CompanyID: companyID, ID: id})
	if db.IsNotFound(err) {
		return ABVersion{ID: id, Deleted: true, Name: "Deleted version"}, nil
	} else if err != nil {
		return ABVersion{}, err
	}
	return ABVersion{ID: v.ID, Number: int(v.Number), Name: v.Name, Status: v.Status}, nil
}

func withVersions(ctx context.Context, tx *db.Tx, row dbgen.AiAbTest) (ABTest, error) {
	t := ABTest{AiAbTest: row}
	var err error
	if t.A, err = abVersion(ctx, tx, row.CompanyID, row.VersionA); err != nil {
		return t, err
	}
	t.B, err = abVersion(ctx, tx, row.CompanyID, row.VersionB)
	return t, err
}

func abAudit(ctx context.Context, tx *db.Tx, actor uuid.UUID, action string, t dbgen.AiAbTest, meta map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{CompanyID: t.CompanyID, ActorID: actor, Action: action, TargetType: "ai_ab_test",
		TargetID: t.ID.String(), Metadata: meta})
}

// Create starts a test of two different versions of the company.
// Errors: EINVALID naming the field, ECONFLICT when a test is already running.
func (s *ABTests) Create(ctx context.Context, companyID, actor uuid.UUID, in ABTestInput) (ABTest, error) {
	in.Name = strings.TrimSpace(in.Name)
	if len([]rune(in.Name)) > maxABNameLen {
		return ABTest{}, apperr.Invalid("body.name", fmt.Sprintf("Use at most %d characters.", maxABNameLen))
	}
	if in.VersionA == uuid.Nil {
		return ABTest{}, apperr.Invalid("body.version_a", "Choose version A.")
	}
	if in.VersionB == uuid.Nil {
		return ABTest{}, apperr.Invalid("body.version_b", "Choose version B.")
	}
	if in.VersionA == in.VersionB {
		return ABTest{}, apperr.Invalid("body.version_b", "Choose a version different from version A.")
	}
	if in.SplitAPct < 1 || in.SplitAPct > 99 {
		return ABTest{}, apperr.Invalid("body.split_a_pct", "Send between 1% and 99% of conversations to version A.")
	}
	if in.MinSample == 0 {
		in.MinSample = DefaultMinSample
	}
	if in.MinSample < 1 || in.MinSample > MaxMinSample {
		return ABTest{}, apperr.Invalid("body.min_sample", fmt.Sprintf("Use a minimum sample from 1 to %d suggestions.", MaxMinSample))
	}
	var out ABTest
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		a, err := abVersion(ctx, tx, companyID, in.VersionA)
		if err != nil {
			return err
		}
		if a.Deleted {
			return apperr.Invalid("body.version_a", "Choose a version of this company.")
		}
		b, err := abVersion(ctx, tx, companyID, in.VersionB)
		if err != nil {
			return err
		}
		if b.Deleted {
			return apperr.Invalid("body.version_b", "Choose a version of this company.")
		}
		if _, err := tx.AiAbTestGetRunning(ctx, companyID); err == nil {
			return errABRunning
		} else if !db.IsNotFound(err) {
			return err
		}
		name := in.Name
		if name == "" {
			name = fmt.Sprintf("v%d vs v%d", a.Number, b.Number)
		}
		row, err := tx.AiAbTestCreate(ctx, dbgen.AiAbTestCreateParams{CompanyID: companyID, Name: name, VersionA: in.VersionA,
			VersionB: in.VersionB, SplitAPct: int32(in.SplitAPct), MinSample: int32(in.MinSample), StartedBy: nullID(actor)})
		if _, unique := db.UniqueViolation(err); unique {
			return errABRunning
		} else if err != nil {
			return err
		}
		out = ABTest{AiAbTest: row, A: a, B: b}
		return abAudit(ctx, tx, actor, "ai.ab_test_started", row, map[string]any{"name": name, "version_a": a.Number,
			"version_b": b.Number, "split_a_pct": in.SplitAPct})
	})
	if err != nil {
		return ABTest{}, fmt.Errorf("reply.ABTests.Create: %w", err)
	}
	return out, nil
}

var errABRunning = apperr.New(apperr.ECONFLICT, "An A/B test is already running. Stop it before starting another.")

// List returns the company's tests, newest first.
func (s *ABTests) List(ctx context.Context, companyID uuid.UUID) ([]ABTest, error) {
	out := []ABTest{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		rows, err := tx.AiAbTestList(ctx, companyID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			t, err := withVersions(ctx, tx, r)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reply.ABTests.List: %w", err)
	}
	return out, nil
}

// Get returns a test with its results. Errors: ENOTFOUND.
func (s *ABTests) Get(ctx context.Context, companyID, id uuid.UUID) (ABTestDetail, error) {
	var out ABTestDetail
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		row, err := tx.AiAbTestGet(ctx, dbgen.AiAbTestGetParams{CompanyID: companyID, ID: id})
		if db.IsNotFound(err) {
			return errABNotFound
		} else if err != nil {
			return err
		}
		if out.ABTest, err = withVersions(ctx, tx, row); err != nil {
			return err
		}
		rows, err := tx.AiAbTestResults(ctx, dbgen.AiAbTestResultsParams{CompanyID: companyID, VersionA: row.VersionA,
			VersionB: row.VersionB, StartedAt: row.StartedAt, StoppedAt: row.StoppedAt})
		if err != nil {
			return err
		}
		out.Results = Results(rows, int64(row.MinSample))
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("reply.ABTests.Get: %w", err)
	}
	return out, nil
}

// Results turns the per-variant counts into rates and significance tests.
func Results(rows []dbgen.AiAbTestResultsRow, minSample int64) ABResults {
	r := ABResults{A: ABVariantResult{Variant: VariantA}, B: ABVariantResult{Variant: VariantB}}
	for _, row := range rows {
		v := &r.A
		if row.Variant == VariantB {
			v = &r.B
		} else if row.Variant != VariantA {
			continue
		}
		v.Suggestions, v.Used, v.Ratings, v.RatingSum = row.Suggestions, row.Used, row.Ratings, row.RatingSum
		v.Conversations, v.Conversions = row.Conversations, row.Won
	}
	for _, v := range []*ABVariantResult{&r.A, &r.B} {
		if v.Suggestions > 0 {
			v.UseRate = float64(v.Used) / float64(v.Suggestions)
		}
		if v.Ratings > 0 {
			v.AverageRating = float64(v.RatingSum) / float64(v.Ratings)
		}
		if v.Conversations > 0 {
			v.ConversionRate = float64(v.Conversions) / float64(v.Conversations)
		}
	}
	r.EnoughData = r.A.Suggestions >= minSample && r.B.Suggestions >= minSample
	r.UseRate = TwoProportionZ(r.A.Used, r.A.Suggestions, r.B.Used, r.B.Suggestions)
	r.Conversion = TwoProportionZ(r.A.Conversions, r.A.Conversations, r.B.Conversions, r.B.Conversations)
	if r.EnoughData && r.UseRate.Significant {
		r.Leader = VariantA
		if r.B.UseRate > r.A.UseRate {
			r.Leader = VariantB
		}
	}
	return r
}

// Stop ends a running test without changing the active version.
// Errors: ENOTFOUND, ECONFLICT when it is already stopped.
func (s *ABTests) Stop(ctx context.Context, companyID, actor, id uuid.UUID) (ABTest, error) {
	var out ABTest
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		cur, err := tx.AiAbTestGetForUpdate(ctx, dbgen.AiAbTestGetForUpdateParams{CompanyID: companyID, ID: id})
		if db.IsNotFound(err) {
			return errABNotFound
		} else if err != nil {
			return err
		}
		if cur.Status != ABRunning {
			return apperr.New(apperr.ECONFLICT, "This A/B test is already stopped.")
		}
		row, err := tx.AiAbTestStop(ctx, dbgen.AiAbTestStopParams{CompanyID: companyID, ID: id, StoppedBy: nullID(actor)})
		if err != nil {
			return err
		}
		if out, err = withVersions(ctx, tx, row); err != nil {
			return err
		}
		return abAudit(ctx, tx, actor, "ai.ab_test_stopped", row, map[string]any{"name": row.Name})
	})
	if err != nil {
		return ABTest{}, fmt.Errorf("reply.ABTests.Stop: %w", err)
	}
	return out, nil
}

// Promote stops the test (if it still runs), records the winning variant and
// activates its version. The winner is claimed first, so of two admins promoting
// at once only one activates anything; the activation goes through the versions
// service, which owns the one-active-version rule, and when it fails the claim
// is undone so the test is as it was.
// Errors: ENOTFOUND, EINVALID (body.variant), ECONFLICT when a winner was
// already promoted or the winner's version was deleted.
func (s *ABTests) Promote(ctx context.Context, companyID, actor, id uuid.UUID, variant string) (ABTest, error) {
	if variant != VariantA && variant != VariantB {
		return ABTest{}, apperr.Invalid("body.variant", "Choose variant a or b.")
	}
	var before dbgen.AiAbTest
	var out ABTest
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		before, err = tx.AiAbTestGetForUpdate(ctx, dbgen.AiAbTestGetForUpdateParams{CompanyID: companyID, ID: id})
		if db.IsNotFound(err) {
			return errABNotFound
		} else if err != nil {
			return err
		}
		if before.Winner != nil {
			return errPromoted(*before.Winner)
		}
		winner := before.VersionA
		if variant == VariantB {
			winner = before.VersionB
		}
		if v, err := abVersion(ctx, tx, companyID, winner); err != nil {
			return err
		} else if v.Deleted {
			return apperr.New(apperr.ECONFLICT, fmt.Sprintf("The version of variant %s was deleted and cannot be activated.", strings.ToUpper(variant)))
		}
		row, err := tx.AiAbTestSetWinner(ctx, dbgen.AiAbTestSetWinnerParams{CompanyID: companyID, ID: id, Winner: &variant, StoppedBy: nullID(actor)})
		if err != nil {
			return err
		}
		if out, err = withVersions(ctx, tx, row); err != nil {
			return err
		}
		return abAudit(ctx, tx, actor, "ai.ab_test_promoted", row, map[string]any{"name": row.Name, "winner": variant})
	})
	if err != nil {
		return ABTest{}, fmt.Errorf("reply.ABTests.Promote: %w", err)
	}
	winner := out.A
	if variant == VariantB {
		winner = out.B
	}
	if _, err := s.versions.Activate(ctx, companyID, actor, winner.ID); err != nil {
		_ = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			return tx.AiAbTestUndoPromote(ctx, dbgen.AiAbTestUndoPromoteParams{CompanyID: companyID, ID: id, Status: before.Status,
				StoppedBy: before.StoppedBy, StoppedAt: before.StoppedAt})
		})
		if apperr.Code(err) == apperr.ENOTFOUND {
			return ABTest{}, apperr.New(apperr.ECONFLICT, fmt.Sprintf("The version of variant %s was deleted and cannot be activated.", strings.ToUpper(variant)))
		}
		return ABTest{}, fmt.Errorf("reply.ABTests.Promote: %w", err)
	}
	// The versions' statuses changed with the activation.
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = withVersions(ctx, tx, out.AiAbTest)
		return err
	})
	if err != nil {
		return ABTest{}, fmt.Errorf("reply.ABTests.Promote: %w", err)
	}
	return out, nil
}

func errPromoted(winner string) error {
	return apperr.New(apperr.ECONFLICT, fmt.Sprintf("Variant %s of this A/B test was already promoted.", strings.ToUpper(winner)))
}

// abVersionFor picks the version a running test gives the conversation, inside
// the engine's load transaction. Without a running test, or when the
// variant's version was deleted since, the conversation keeps the active version.
func abVersionFor(ctx context.Context, tx *db.Tx, companyID, conversationID uuid.UUID, st *conversationState) error {
	t, err := tx.AiAbTestGetRunning(ctx, companyID)
	if db.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	variant := Variant(t.ID, conversationID, int(t.SplitAPct))
	id := t.VersionA
	if variant == VariantB {
		id = t.VersionB
	}
	v, err := tx.AiModelVersionGet(ctx, dbgen.AiModelVersionGetParams{CompanyID: companyID, ID: id})
	if db.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	st.version = VersionOf(v)
	st.abVariant = variant
	return nil
}
