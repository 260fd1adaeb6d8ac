package reply_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func TestVariantIsDeterministicAndFollowsTheSplit(t *testing.T) {
	t.Parallel()
	test := uuid.MustParse("6f1c2a8e-3b7d-4c55-9a10-2f4e8d9b1c07")
	conv := uuid.MustParse("0b9e7d61-52c4-4a8f-b3e2-7c1d0f6a9e45")
	first := reply.Variant(test, conv, 30)
	for i := 0; i < 100; i++ {
		if got := reply.Variant(test, conv, 30); got != first {
			t.Fatalf("same test and conversation gave %q then %q", first, got)
		}
	}
	if reply.Variant(test, conv, 0) != reply.VariantB || reply.Variant(test, conv, 100) != reply.VariantA {
		t.Error("a 0% split must always give b and a 100% split always a")
	}

	const n = 10_000
	a := 0
	for i := 0; i < n; i++ {
		if reply.Variant(test, uuid.New(), 30) == reply.VariantA {
			a++
		}
	}
	// 30/70 over 10,000 conversations: the standard deviation of the share is
	// √(0.3·0.7/10000) ≈ 0.46 points, so ±2 points is more than 4 deviations.
	if share := float64(a) * 100 / n; share < 28 || share > 32 {
		t.Errorf("variant a got %.2f%% of %d conversations, want 30 ± 2", share, n)
	}
}

func TestTwoProportionZWorkedExamples(t *testing.T) {
	t.Parallel()
	near := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

	// 200 of 1000 vs 250 of 1000: p̂ = 450/2000 = 0.225,
	// SE = √(0.225 · 0.775 · (1/1000 + 1/1000)) = √0.00034875 = 0.0186748,
	// z = (0.20 − 0.25) / 0.0186748 = −2.6774, two-sided p = 2(1 − Φ(2.6774)) = 0.00742.
	z := reply.TwoProportionZ(200, 1000, 250, 1000)
	if !near(z.Z, -2.6774, 0.0005) || !near(z.P, 0.00742, 0.00005) || !z.Significant {
		t.Errorf("200/1000 vs 250/1000: z %.4f p %.5f significant %v, want −2.6774, 0.00742, true", z.Z, z.P, z.Significant)
	}

	// 45 of 100 vs 30 of 100: p̂ = 0.375, SE = √(0.375 · 0.625 · 0.02) = 0.068465,
	// z = 0.15 / 0.068465 = 2.1909, p = 2(1 − Φ(2.1909)) = 0.0285 (Φ(2.19) = 0.98574 in the tables).
	z = reply.TwoProportionZ(45, 100, 30, 100)
	if !near(z.Z, 2.1909, 0.0005) || !near(z.P, 0.0285, 0.0002) || !z.Significant {
		t.Errorf("45/100 vs 30/100: z %.4f p %.5f, want 2.1909, 0.0285", z.Z, z.P)
	}

	// 52 of 100 vs 48 of 100: z = 0.04 / √(0.5 · 0.5 · 0.02) = 0.5657, p = 0.5716: not significant.
	z = reply.TwoProportionZ(52, 100, 48, 100)
	if !near(z.Z, 0.5657, 0.0005) || !near(z.P, 0.5716, 0.0005) || z.Significant {
		t.Errorf("52/100 vs 48/100: z %.4f p %.4f significant %v", z.Z, z.P, z.Significant)
	}

	// Nothing to compare: no trials, or everyone used (pooled proportion 1).
	for _, c := range [][4]int64{{0, 0, 5, 10}, {10, 10, 20, 20}, {0, 10, 0, 20}} {
		if z := reply.TwoProportionZ(c[0], c[1], c[2], c[3]); z.Z != 0 || z.P != 1 || z.Significant {
			t.Errorf("%v: %+v, want z 0 p 1", c, z)
		}
	}
}

func TestResultsNeedTheMinimumSample(t *testing.T) {
	t.Parallel()
	rows := []dbgen.AiAbTestResultsRow{
		{Variant: "a", Suggestions: 1000, Used: 200, Ratings: 4, RatingSum: 14, Conversations: 400, Won: 40},
		{Variant: "b", Suggestions: 1000, Used: 250, Conversations: 500, Won: 75},
	}
	r := reply.Results(rows, 100)
	if !r.EnoughData || r.Leader != reply.VariantB || r.A.UseRate != 0.2 || r.B.UseRate != 0.25 || r.A.AverageRating != 3.5 ||
		r.B.AverageRating != 0 || r.A.ConversionRate != 0.1 || r.B.ConversionRate != 0.15 || math.Abs(r.UseRate.P-0.00742) > 0.00005 {
		t.Errorf("results: %+v", r)
	}
	if r := reply.Results(rows, 1001); r.EnoughData || r.Leader != "" {
		t.Errorf("below the minimum sample: enough %v leader %q", r.EnoughData, r.Leader)
	}
}

// abVersions makes two versions of company: A active with one prompt, B a draft with another.
func abVersions(t *testing.T, b *bench, companyID uuid.UUID) (versions.Version, versions.Version) {
	t.Helper()
	ctx := context.Background()
	svc := versions.NewService(b.d.DB)
	mk := func(prompt string) versions.Version {
		v, err := svc.Create(ctx, companyID, uuid.Nil, versions.FromBlank, "")
		if err != nil {
			t.Fatal(err)
		}
		c := v.Config
		c.SystemPrompt = prompt
		if v, err = svc.Update(ctx, companyID, uuid.Nil, v.ID, c); err != nil {
			t.Fatal(err)
		}
		return v
	}
	va, vb := mk("Prompt of variant A."), mk("Prompt of variant B.")
	if _, err := svc.Activate(ctx, companyID, uuid.Nil, va.ID); err != nil {
		t.Fatal(err)
	}
	return va, vb
}

func TestABTestJourney(t *testing.T) {
	t.Parallel()
	b := newBench(t)
	ctx := context.Background()
	svc := versions.NewService(b.d.DB)
	tests := reply.NewABTests(b.d.DB, svc)
	va, vb := abVersions(t, b, b.a.ID)
	otherA, _ := abVersions(t, b, b.b.ID)

	invalid := []struct {
		in    reply.ABTestInput
		field string
	}{
		{reply.ABTestInput{VersionA: va.ID, VersionB: va.ID, SplitAPct: 50}, "body.version_b"},
		{reply.ABTestInput{VersionA: va.ID, VersionB: vb.ID, SplitAPct: 0}, "body.split_a_pct"},
		{reply.ABTestInput{VersionA: va.ID, VersionB: vb.ID, SplitAPct: 100}, "body.split_a_pct"},
		{reply.ABTestInput{VersionA: va.ID, VersionB: vb.ID, SplitAPct: 50, MinSample: -1}, "body.min_sample"},
		{reply.ABTestInput{VersionA: otherA.ID, VersionB: vb.ID, SplitAPct: 50}, "body.version_a"}, // company B's version
		{reply.ABTestInput{VersionA: va.ID, SplitAPct: 50}, "body.version_b"},
	}
	for _, c := range invalid {
		_, err := tests.Create(ctx, b.a.ID, b.agentA, c.in)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.EINVALID || e.Field != c.field {
			t.Errorf("%+v: %v, want EINVALID on %s", c.in, err, c.field)
		}
	}

	test, err := tests.Create(ctx, b.a.ID, b.agentA, reply.ABTestInput{VersionA: va.ID, VersionB: vb.ID, SplitAPct: 50, MinSample: 1})
	if err != nil {
		t.Fatal(err)
	}
	if test.Name != "v1 vs v2" || test.Status != reply.ABRunning || test.A.Number != 1 || test.B.Number != 2 {
		t.Errorf("created: %+v", test)
	}
	if _, err := tests.Create(ctx, b.a.ID, b.agentA, reply.ABTestInput{VersionA: vb.ID, VersionB: va.ID, SplitAPct: 10}); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("second running test: %v, want ECONFLICT", err)
	}

	// The engine gives each conversation its variant's version and tags the suggestion.
	model := &fakeModel{reply: func(ai.Request) string { return "Boleh, saya bantu." }}
	engine := b.engine(model, false)
	seen := map[string]int{}
	var byVariant = map[string]uuid.UUID{}
	for i := 0; i < 40 && (seen["a"] < 2 || seen["b"] < 2); i++ {
		conv := b.conversation(b.a.ID, "Ada stok tak?")
		s, err := engine.Suggest(ctx, b.a.ID, conv, b.agentA)
		if err != nil {
			t.Fatal(err)
		}
		want := reply.Variant(test.ID, conv, 50)
		wantVersion, wantPrompt := va.ID, "Prompt of variant A."
		if want == reply.VariantB {
			wantVersion, wantPrompt = vb.ID, "Prompt of variant B."
		}
		if s.AbVariant != want || s.VersionID.UUID != wantVersion || !strings.Contains(system(model.last(t)), wantPrompt) {
			t.Fatalf("conversation in variant %s got suggestion variant %q version %v", want, s.AbVariant, s.VersionID.UUID)
		}
		// Asking again in the same conversation keeps its variant.
		again, err := engine.Suggest(ctx, b.a.ID, conv, b.agentA)
		if err != nil || again.AbVariant != want {
			t.Fatalf("second suggestion in the conversation: %v %q, want %q", err, again.AbVariant, want)
		}
		seen[want]++
		byVariant[want] = conv
		// Variant B's first conversation: its suggestions are sent and it is won.
		if want == reply.VariantB && seen[want] == 1 {
			err := b.d.WithTenant(ctx, b.a.ID, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `UPDATE ai_suggestions SET status = 'sent', rating = 4 WHERE conversation_id = $1`, conv); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `UPDATE conversations SET status = 'closed', outcome = 'won', closed_at = now() WHERE id = $1`, conv)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if seen["a"] < 2 || seen["b"] < 2 {
		t.Fatalf("40 conversations at 50/50 did not reach both variants: %v", seen)
	}

	// Company B has no test: its suggestions carry no variant.
	bs, err := engine.Suggest(ctx, b.b.ID, b.conversation(b.b.ID, "Hello?"), uuid.Nil)
	if err != nil || bs.AbVariant != "" || bs.VersionID.UUID != otherA.ID {
		t.Fatalf("company B's suggestion: %v %q %v", err, bs.AbVariant, bs.VersionID)
	}

	d, err := tests.Get(ctx, b.a.ID, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Results
	if r.A.Suggestions != int64(2*seen["a"]) || r.B.Suggestions != int64(2*seen["b"]) || r.A.Used != 0 || r.B.Used != 2 ||
		r.B.AverageRating != 4 || r.B.Conversations != int64(seen["b"]) || r.B.Conversions != 1 || r.A.Conversions != 0 || !r.EnoughData {
		t.Errorf("results %+v (conversations per variant %v)", r, seen)
	}

	// Tenant isolation: company B sees none of it.
	if _, err := tests.Get(ctx, b.b.ID, test.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B reads A's test: %v", err)
	}
	if _, err := tests.Stop(ctx, b.b.ID, uuid.Nil, test.ID); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B stops A's test: %v", err)
	}
	if _, err := tests.Promote(ctx, b.b.ID, uuid.Nil, test.ID, "b"); apperr.Code(err) != apperr.ENOTFOUND {
		t.Errorf("B promotes A's test: %v", err)
	}
	if list, err := tests.List(ctx, b.b.ID); err != nil || len(list) != 0 {
		t.Errorf("B's list: %v %v", list, err)
	}

	// Promote B: the test stops and version B becomes the active one.
	if _, err := tests.Promote(ctx, b.a.ID, b.agentA, test.ID, "c"); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("promote variant c: %v", err)
	}
	promoted, err := tests.Promote(ctx, b.a.ID, b.agentA, test.ID, "b")
	if err != nil {
		t.Fatal(err)
	}
	if promoted.Status != reply.ABStopped || promoted.Winner == nil || *promoted.Winner != "b" || promoted.StoppedAt == nil {
		t.Errorf("promoted: %+v", promoted)
	}
	if v, err := svc.Get(ctx, b.a.ID, vb.ID); err != nil || v.Status != versions.StatusActive {
		t.Errorf("version B after promotion: %v %v", v.Status, err)
	}
	if v, _ := svc.Get(ctx, b.a.ID, va.ID); v.Status != versions.StatusArchived {
		t.Errorf("version A after promotion: %v", v.Status)
	}
	if _, err := tests.Promote(ctx, b.a.ID, b.agentA, test.ID, "a"); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("second promotion: %v", err)
	}
	if _, err := tests.Stop(ctx, b.a.ID, b.agentA, test.ID); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("stop a stopped test: %v", err)
	}

	// Without a running test every conversation, even one that was in variant A, uses the active version.
	s, err := engine.Suggest(ctx, b.a.ID, byVariant["a"], b.agentA)
	if err != nil || s.AbVariant != "" || s.VersionID.UUID != vb.ID {
		t.Errorf("after the test: %v variant %q version %v", err, s.AbVariant, s.VersionID.UUID)
	}
	// The stopped test's results do not count suggestions made after it stopped.
	if d2, err := tests.Get(ctx, b.a.ID, test.ID); err != nil || d2.Results.A.Suggestions != r.A.Suggestions {
		t.Errorf("results after stopping: %v %+v", err, d2.Results.A)
	}

	// A new test may start once none runs; stopping leaves the active version alone.
	next, err := tests.Create(ctx, b.a.ID, b.agentA, reply.ABTestInput{Name: "Back to A?", VersionA: vb.ID, VersionB: va.ID, SplitAPct: 90})
	if err != nil || next.MinSample != reply.DefaultMinSample {
		t.Fatalf("next test: %v %+v", err, next)
	}
	if stopped, err := tests.Stop(ctx, b.a.ID, b.agentA, next.ID); err != nil || stopped.Status != reply.ABStopped || stopped.Winner != nil {
		t.Errorf("stop: %v %+v", err, stopped)
	}
	if v, _ := svc.Get(ctx, b.a.ID, vb.ID); v.Status != versions.StatusActive {
		t.Errorf("stopping changed the active version: %v", v.Status)
	}
	if list, err := tests.List(ctx, b.a.ID); err != nil || len(list) != 2 || list[0].ID != next.ID {
		t.Errorf("list: %v %+v", err, list)
	}

	// A draft deleted during a test: its conversations fall back to the active
	// version, and it cannot be promoted (the test is left as it was).
	draft, err := svc.Create(ctx, b.a.ID, uuid.Nil, versions.FromBlank, "Short-lived")
	if err != nil {
		t.Fatal(err)
	}
	last, err := tests.Create(ctx, b.a.ID, b.agentA, reply.ABTestInput{VersionA: vb.ID, VersionB: draft.ID, SplitAPct: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Delete(ctx, b.a.ID, uuid.Nil, draft.ID); err != nil {
		t.Fatal(err)
	}
	// At a 1/99 split almost every conversation is in variant B.
	inB := b.conversation(b.a.ID, "Hello?")
	for reply.Variant(last.ID, inB, 1) != reply.VariantB {
		inB = b.conversation(b.a.ID, "Hello?")
	}
	if s, err := engine.Suggest(ctx, b.a.ID, inB, b.agentA); err != nil || s.AbVariant != "" || s.VersionID.UUID != vb.ID {
		t.Errorf("variant of a deleted version: %v %q %v", err, s.AbVariant, s.VersionID.UUID)
	}
	if _, err := tests.Promote(ctx, b.a.ID, b.agentA, last.ID, "b"); apperr.Code(err) != apperr.ECONFLICT {
		t.Errorf("promote a deleted version: %v", err)
	}
	if d, err := tests.Get(ctx, b.a.ID, last.ID); err != nil || d.Status != reply.ABRunning || d.Winner != nil || !d.B.Deleted {
		t.Errorf("after the refused promotion: %v %+v", err, d.ABTest)
	}
}
