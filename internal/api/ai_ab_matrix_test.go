package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
)

// aiABFixture is company A's A/B tests: a stopped one without a winner (to read
// and promote) and, made on first use so that starting a test is not refused, a
// running one to stop. Company B has two versions of its own for the
// "start a test" row of its admin.
type aiABFixture struct {
	s                *testServer
	companyA         uuid.UUID
	versionA         uuid.UUID // A's active version
	versionB         uuid.UUID // A's draft
	stopped, running uuid.UUID
	otherA, otherB   uuid.UUID // company B's versions
}

func aiABFixtures(t *testing.T, s *testServer, companyA, companyB uuid.UUID, vs aiVersionFixture) *aiABFixture {
	t.Helper()
	ctx := context.Background()
	tests := reply.NewABTests(s.DB.DB, versions.NewService(s.DB.DB))
	test, err := tests.Create(ctx, companyA, uuid.Nil, reply.ABTestInput{Name: "Matrix", VersionA: vs.active, VersionB: vs.draft, SplitAPct: 50})
	if err != nil {
		t.Fatalf("ab test fixture: %v", err)
	}
	if _, err := tests.Stop(ctx, companyA, uuid.Nil, test.ID); err != nil {
		t.Fatalf("ab test fixture: %v", err)
	}
	svc := versions.NewService(s.DB.DB)
	var other []uuid.UUID
	for i := 0; i < 2; i++ {
		v, err := svc.Create(ctx, companyB, uuid.Nil, versions.FromBlank, "")
		if err != nil {
			t.Fatalf("ab test fixture: %v", err)
		}
		other = append(other, v.ID)
	}
	return &aiABFixture{s: s, companyA: companyA, versionA: vs.active, versionB: vs.draft, stopped: test.ID, otherA: other[0], otherB: other[1]}
}

// aiABPath fills the A/B test paths: stop needs a running test, the rest the stopped one.
func (f *fixtures) aiABPath(t *testing.T, path string) (string, bool) {
	if !strings.HasPrefix(path, "/api/v1/company/ai/ab-tests/{id}") {
		return "", false
	}
	id := f.aiAB.stopped
	if strings.HasSuffix(path, "/stop") {
		if f.aiAB.running == uuid.Nil {
			tests := reply.NewABTests(f.aiAB.s.DB.DB, versions.NewService(f.aiAB.s.DB.DB))
			test, err := tests.Create(context.Background(), f.aiAB.companyA, uuid.Nil,
				reply.ABTestInput{VersionA: f.aiAB.versionA, VersionB: f.aiAB.versionB, SplitAPct: 30})
			if err != nil {
				t.Fatalf("running ab test fixture: %v", err)
			}
			f.aiAB.running = test.ID
		}
		id = f.aiAB.running
	}
	return strings.Replace(path, "{id}", id.String(), 1), true
}

// aiABBody is a valid body for the A/B test operations, with the caller's company's versions.
func (f *fixtures) aiABBody(opID string, c caller) (any, bool) {
	switch opID {
	case "ai-ab-test-create":
		a, b := f.aiAB.versionA, f.aiAB.versionB
		if c.company == "B" {
			a, b = f.aiAB.otherA, f.aiAB.otherB
		}
		return map[string]any{"name": "Matrix " + c.name, "version_a": a, "version_b": b, "split_a_pct": 40, "min_sample": 50}, true
	case "ai-ab-test-promote":
		return map[string]any{"variant": "b"}, true
	}
	return nil, false
}

type aiABTestBody struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Winner    string `json:"winner"`
	SplitAPct int    `json:"split_a_pct"`
	Results   struct {
		EnoughData  bool `json:"enough_data"`
		UseRateTest struct {
			PValue float64 `json:"p_value"`
		} `json:"use_rate_test"`
		A struct {
			Suggestions int64 `json:"suggestions"`
		} `json:"a"`
	} `json:"results"`
}

func TestAIABTestsOverHTTP(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	f := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	create := func(body map[string]any) (*http.Response, []byte) {
		return admin.do(http.MethodPost, "/api/v1/company/ai/ab-tests", body)
	}

	res, body := create(map[string]any{"version_a": f.aiAB.versionA, "version_b": f.aiAB.versionA, "split_a_pct": 30})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.version_b") {
		t.Fatalf("same versions: %d %s", res.StatusCode, body)
	}
	res, body = create(map[string]any{"version_a": f.aiAB.versionA, "version_b": f.aiAB.versionB, "split_a_pct": 0})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.split_a_pct") {
		t.Fatalf("split 0: %d %s", res.StatusCode, body)
	}
	// Company B's version is not one of A's.
	res, body = create(map[string]any{"version_a": f.aiAB.otherA, "version_b": f.aiAB.versionB, "split_a_pct": 30})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.version_a") {
		t.Fatalf("B's version: %d %s", res.StatusCode, body)
	}

	res, body = create(map[string]any{"version_a": f.aiAB.versionA, "version_b": f.aiAB.versionB, "split_a_pct": 30})
	var test aiABTestBody
	if _ = json.Unmarshal(body, &test); res.StatusCode != http.StatusCreated || test.Status != "running" || test.SplitAPct != 30 {
		t.Fatalf("create: %d %s", res.StatusCode, body)
	}
	// One running test per company.
	res, body = create(map[string]any{"version_a": f.aiAB.versionB, "version_b": f.aiAB.versionA, "split_a_pct": 50})
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(body), "already running") {
		t.Fatalf("second running test: %d %s", res.StatusCode, body)
	}
	// Company B may run its own test at the same time.
	other := s.login(t, "admin@beta.test")
	res, body = other.do(http.MethodPost, "/api/v1/company/ai/ab-tests", map[string]any{"version_a": f.aiAB.otherA, "version_b": f.aiAB.otherB, "split_a_pct": 50})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("B's test: %d %s", res.StatusCode, body)
	}
	res, body = other.do(http.MethodGet, "/api/v1/company/ai/ab-tests/"+test.ID, nil)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("B reads A's test: %d %s", res.StatusCode, body)
	}

	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/ab-tests/"+test.ID, nil)
	var detail aiABTestBody
	if _ = json.Unmarshal(body, &detail); res.StatusCode != http.StatusOK || detail.Results.EnoughData || detail.Results.UseRateTest.PValue != 1 {
		t.Fatalf("results without data: %d %s", res.StatusCode, body)
	}

	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/ab-tests/"+test.ID+"/promote", map[string]any{"variant": "b"})
	if _ = json.Unmarshal(body, &test); res.StatusCode != http.StatusOK || test.Status != "stopped" || test.Winner != "b" {
		t.Fatalf("promote: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/versions/"+f.aiAB.versionB.String(), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":"active"`) {
		t.Fatalf("the winner is not active: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodPost, "/api/v1/company/ai/ab-tests/"+test.ID+"/promote", map[string]any{"variant": "a"})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second promotion: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/ai/ab-tests", nil)
	if res.StatusCode != http.StatusOK || strings.Count(string(body), `"status":"stopped"`) != 2 || strings.Contains(string(body), f.aiAB.otherA.String()) {
		t.Fatalf("list: %d %s", res.StatusCode, body)
	}
}
