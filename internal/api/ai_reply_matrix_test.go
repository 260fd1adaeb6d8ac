package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// aiReplyFixture is a suggestion in the conversation assigned to agent A (for
// the agent's operations) and one in another conversation of A (for the admins').
type aiReplyFixture struct {
	agentSuggestion, companySuggestion uuid.UUID
}

func aiSuggestionFixture(t *testing.T, s *testServer, companyA, conversation uuid.UUID) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	var id uuid.UUID
	err := s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		r, err := tx.AiSuggestionInsert(ctx, dbgen.AiSuggestionInsertParams{CompanyID: companyA, ID: uuid.New(), ConversationID: conversation,
			Source: "model", Provider: "offline", Language: "ms", Text: "Terima kasih! Ada apa-apa lagi?", Flags: []string{}})
		id = r.ID
		return err
	})
	if err != nil {
		t.Fatalf("suggestion fixture: %v", err)
	}
	return id
}

func aiReplyFixtures(t *testing.T, s *testServer, companyA, assigned, other uuid.UUID) aiReplyFixture {
	return aiReplyFixture{agentSuggestion: aiSuggestionFixture(t, s, companyA, assigned), companySuggestion: aiSuggestionFixture(t, s, companyA, other)}
}

// aiReplyPath fills the suggestion paths.
func (f *fixtures) aiReplyPath(path string) (string, bool) {
	switch {
	case strings.HasPrefix(path, "/api/v1/agent/suggestions/{id}"):
		return strings.Replace(path, "{id}", f.aiReply.agentSuggestion.String(), 1), true
	case strings.HasPrefix(path, "/api/v1/company/suggestions/{id}"):
		return strings.Replace(path, "{id}", f.aiReply.companySuggestion.String(), 1), true
	}
	return "", false
}

// aiReplyBody is a valid body for the suggestion operations.
func (f *fixtures) aiReplyBody(opID string) (any, bool) {
	switch opID {
	case "ai-suggestion-send", "agent-ai-suggestion-send":
		return map[string]any{"text": "Terima kasih, Customer!"}, true
	case "ai-suggestion-rate", "agent-ai-suggestion-rate":
		return map[string]any{"rating": 5}, true
	case "ai-preview":
		return map[string]any{"system_prompt": "Always greet with Salam.", "primary_language": "ms", "temperature": 0.3, "max_tokens": 300,
			"weights": map[string]int{"success_patterns": 50, "catalog": 100, "faqs": 0, "training": 50},
			"sample":  []map[string]string{{"from": "customer", "text": "Berapa harga?"}}}, true
	}
	return nil, false
}

type aiSuggestionBody struct {
	ID       string   `json:"id"`
	Source   string   `json:"source"`
	Label    string   `json:"label"`
	Text     string   `json:"text"`
	Status   string   `json:"status"`
	Flags    []string `json:"flags"`
	Rating   *int     `json:"rating"`
	Final    string   `json:"final_text"`
	Provider string   `json:"provider"`
}

func TestAIReplyAgentJourney(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")

	res, body := agent.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/suggestions", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("suggest: %d %s", res.StatusCode, body)
	}
	var sg aiSuggestionBody
	_ = json.Unmarshal(body, &sg)
	if sg.Source != "model" || sg.Provider != "offline" || sg.Label != "offline" || sg.Text == "" || sg.Status != "suggested" {
		t.Fatalf("suggestion: %s", body)
	}
	res, body = agent.do(http.MethodPost, "/api/v1/agent/suggestions/"+sg.ID+"/send", map[string]any{"text": "Ada, boss! " + sg.Text})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("send: %d %s", res.StatusCode, body)
	}
	_ = json.Unmarshal(body, &sg)
	if sg.Status != "edited" || !strings.HasPrefix(sg.Final, "Ada, boss! ") {
		t.Errorf("sent: %s", body)
	}
	res, body = agent.do(http.MethodGet, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/messages", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Ada, boss! ") {
		t.Errorf("the sent suggestion is not in the conversation: %s", body)
	}
	res, body = agent.do(http.MethodPost, "/api/v1/agent/suggestions/"+sg.ID+"/rating", map[string]any{"rating": 3})
	if _ = json.Unmarshal(body, &sg); res.StatusCode != http.StatusOK || sg.Rating == nil || *sg.Rating != 3 {
		t.Errorf("rate: %d %s", res.StatusCode, body)
	}
	if res, body = agent.do(http.MethodPost, "/api/v1/agent/suggestions/"+sg.ID+"/rating", map[string]any{"rating": 0}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("rating 0: %d %s", res.StatusCode, body)
	}
	if res, body = agent.do(http.MethodPost, "/api/v1/agent/suggestions/"+sg.ID+"/send", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("second send: %d %s", res.StatusCode, body)
	}

	// A conversation of A not assigned to the agent, and its suggestion, are invisible to the agent.
	waiting := aiSuggestionFixture(t, s, fx.companyA, fx.unassignedA)
	if res, body = agent.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.unassignedA.String()+"/suggestions", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("suggest in an unassigned conversation: %d %s", res.StatusCode, body)
	}
	for op, b := range map[string]any{"send": map[string]any{"text": "Hi"}, "rating": map[string]any{"rating": 4}, "ignore": nil} {
		if res, body = agent.do(http.MethodPost, "/api/v1/agent/suggestions/"+waiting.String()+"/"+op, b); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s on an unassigned conversation's suggestion: %d %s", op, res.StatusCode, body)
		}
	}
	// The admin may act on it.
	admin := s.login(t, "admin@alpha.test")
	if res, body = admin.do(http.MethodPost, "/api/v1/company/suggestions/"+waiting.String()+"/ignore", nil); res.StatusCode != http.StatusOK {
		t.Errorf("admin ignore: %d %s", res.StatusCode, body)
	}
}

func TestAIReplyBudgetExhausted(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	ctx := context.Background()
	err := s.DB.WithTenant(ctx, fx.companyA, func(tx *db.Tx) error {
		_, err := tx.AiSuggestionInsert(ctx, dbgen.AiSuggestionInsertParams{CompanyID: fx.companyA, ID: uuid.New(), ConversationID: fx.assignedA,
			Source: "model", Text: "x", Flags: []string{}, InputTokens: 10_000_000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	agent := s.login(t, "agent@alpha.test")
	res, body := agent.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/suggestions", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"code":"limit_exceeded"`) ||
		!strings.Contains(string(body), "AI budget used up this month") {
		t.Errorf("exhausted budget: %d %s", res.StatusCode, body)
	}
}
