package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/storage"
)

// workspaceBody is a valid body for the chat workspace operations (admin and agent alike).
func (f *fixtures) workspaceBody(opID string) (any, bool) {
	switch strings.TrimPrefix(opID, "agent-") {
	case "workspace-note-add":
		return map[string]any{"body": "Prefers delivery after 6pm"}, true
	case "workspace-lead-status-set":
		return map[string]any{"lead_status": "qualified"}, true
	case "workspace-tags-set":
		return map[string]any{"tags": []string{"vip", "kl"}}, true
	case "workspace-category-set":
		return map[string]any{"category": "property"}, true
	case "workspace-complete":
		return map[string]any{"amount": "37.50", "payment_method": "fpx", "notes": "matrix",
			"items": []map[string]any{{"product_id": f.productA.String(), "quantity": 3}}}, true
	case "workspace-lost":
		return map[string]any{"reason": "bought elsewhere"}, true
	}
	return nil, false
}

// The workspace over HTTP: notes stay inside the company and the assignment, a
// sale is validated against the company's catalog and currency, and completes once.
func TestWorkspaceOverHTTP(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")
	other := s.login(t, "target@alpha.test")
	admin := s.login(t, "admin@alpha.test")
	adminB := s.login(t, "admin@beta.test")
	agentConv := "/api/v1/agent/conversations/" + fx.assignedA.String()
	adminConv := "/api/v1/company/conversations/" + fx.assignedA.String()

	if res, body := agent.do(http.MethodPost, agentConv+"/notes", map[string]string{"body": "  Asked for the blue one  "}); res.StatusCode != http.StatusCreated ||
		!strings.Contains(string(body), `"body":"Asked for the blue one"`) {
		t.Fatalf("agent adds a note: %d %s", res.StatusCode, body)
	}
	if res, body := admin.do(http.MethodGet, adminConv+"/notes", nil); res.StatusCode != 200 || !strings.Contains(string(body), "Asked for the blue one") {
		t.Fatalf("admin reads the note: %d %s", res.StatusCode, body)
	}
	// The note is not a message: nothing is queued for the customer.
	if _, body := agent.do(http.MethodGet, agentConv+"/messages", nil); strings.Contains(string(body), "blue one") {
		t.Fatalf("a note reached the thread: %s", body)
	}
	for _, c := range []struct {
		who  *client
		path string
	}{{other, "/api/v1/agent/conversations/" + fx.assignedA.String()}, {adminB, adminConv}} {
		for _, sub := range []string{"/notes", "/workspace"} {
			if res, body := c.who.do(http.MethodGet, c.path+sub, nil); res.StatusCode != 404 || strings.Contains(string(body), "blue one") {
				t.Errorf("GET %s%s = %d, want 404: %s", c.path, sub, res.StatusCode, body)
			}
		}
		if res, _ := c.who.do(http.MethodPost, c.path+"/notes", map[string]string{"body": "sneaky"}); res.StatusCode != 404 {
			t.Errorf("POST %s/notes = %d, want 404", c.path, res.StatusCode)
		}
	}

	// A product of company B is refused, naming the item.
	foreign := productOfB(t, s)
	res, body := agent.do(http.MethodPost, agentConv+"/complete", map[string]any{"amount": "10.00", "payment_method": "cash",
		"items": []map[string]any{{"name": "Kek", "quantity": 1, "unit_price": "10.00"}, {"product_id": foreign.String(), "quantity": 1}}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "items[1].product_id") || !strings.Contains(string(body), "item 2") {
		t.Fatalf("foreign product: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodPost, agentConv+"/complete", map[string]any{"amount": "-1", "payment_method": "cash"})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.amount") {
		t.Fatalf("negative amount: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodPost, agentConv+"/complete", map[string]any{"amount": "1299.00", "payment_method": "touch_n_go", "notes": "Closed on WhatsApp call",
		"items": []map[string]any{{"product_id": fx.productA.String(), "quantity": 2}, {"name": "Delivery", "quantity": 1, "unit_price": "1274.00"}}})
	if res.StatusCode != 200 || !strings.Contains(string(body), `"amount_minor":129900`) || !strings.Contains(string(body), `"currency":"MYR"`) ||
		!strings.Contains(string(body), `"unit_price_minor":1250`) || !strings.Contains(string(body), `"outcome":"won"`) || !strings.Contains(string(body), `"lead_status":"won"`) {
		t.Fatalf("complete: %d %s", res.StatusCode, body)
	}
	if res, body := admin.do(http.MethodPost, adminConv+"/complete", map[string]any{"amount": "1.00", "payment_method": "cash"}); res.StatusCode != http.StatusConflict {
		t.Fatalf("complete twice: %d %s", res.StatusCode, body)
	}
	if res, body := admin.do(http.MethodPost, adminConv+"/lost", map[string]any{"reason": "too late"}); res.StatusCode != http.StatusConflict {
		t.Fatalf("lost after won: %d %s", res.StatusCode, body)
	}
}

// productOfB adds a product to another company and returns its id.
func productOfB(t *testing.T, s *testServer) uuid.UUID {
	t.Helper()
	other := dbtest.Company(t, s.DB, "gamma")
	p, err := catalog.NewService(s.DB.DB, storage.Disk{Root: t.TempDir()}).Create(context.Background(), other.ID, uuid.Nil,
		catalog.Input{Name: "Gamma Kek", SKU: "GAMMA-1", PriceMinor: 500, Active: true})
	if err != nil {
		t.Fatalf("product of another company: %v", err)
	}
	return p.ID
}

// Notes and outcomes reach the conversation's agent live; another agent hears nothing.
func TestWorkspaceEventsReachTheAgent(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := eventStream(t, s, "agent@alpha.test")
	other := eventStream(t, s, "target@alpha.test")
	time.Sleep(200 * time.Millisecond) // the hub's LISTEN is up before the first publish

	admin := s.login(t, "admin@alpha.test")
	conv := "/api/v1/company/conversations/" + fx.assignedA.String()
	if res, body := admin.do(http.MethodPost, conv+"/notes", map[string]string{"body": "Call after lunch"}); res.StatusCode != http.StatusCreated {
		t.Fatalf("note: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "agent", agent, "note.created")
	if res, body := admin.do(http.MethodPost, conv+"/lost", map[string]string{"reason": "no budget"}); res.StatusCode != 200 {
		t.Fatalf("lost: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "agent", agent, "conversation.updated")
	time.Sleep(300 * time.Millisecond)
	for len(other) > 0 {
		if l := <-other; strings.HasPrefix(l, "event:") {
			t.Errorf("another agent received %q", l)
		}
	}
}
