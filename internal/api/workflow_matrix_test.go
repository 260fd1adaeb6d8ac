package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/notify"
)

// workflowFixture is company A's transfer request, reminders and notifications.
type workflowFixture struct {
	transfer                uuid.UUID // pending, asked by agentA on a second conversation of theirs
	agentReminder, adminRem uuid.UUID // agentA's on assignedA; admin A's
	agentNote, adminNote    uuid.UUID // agentA's notification; admin A's
	transferConversation    uuid.UUID
}

func workflowFixtures(t *testing.T, s *testServer, companyA, agent, assigned uuid.UUID) workflowFixture {
	t.Helper()
	ctx := context.Background()
	var f workflowFixture
	var admin dbgen.User
	err := s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		var err error
		if admin, err = tx.UserGetByEmail(ctx, "admin@alpha.test"); err != nil {
			return err
		}
		ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyA, Channel: "telegram", ExternalID: "workflow", Name: "Customer workflow"})
		if err != nil {
			return err
		}
		c, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: companyA, ContactID: ct.ID, Channel: "telegram"})
		f.transferConversation = c.ID
		return err
	})
	if err != nil {
		t.Fatalf("workflow fixture: %v", err)
	}
	svc := inbox.NewService(s.DB.DB)
	if _, err := svc.Assign(ctx, companyA, admin.ID, f.transferConversation, agent, ""); err != nil {
		t.Fatalf("workflow fixture assign: %v", err)
	}
	r, err := svc.RequestTransfer(ctx, companyA, agent, f.transferConversation, uuid.Nil, "matrix")
	if err != nil {
		t.Fatalf("workflow fixture transfer: %v", err)
	}
	f.transfer = r.ID
	due := time.Now().Add(24 * time.Hour)
	ra, err := svc.CreateReminder(ctx, companyA, agent, assigned, true, due, "matrix")
	if err != nil {
		t.Fatalf("workflow fixture reminder: %v", err)
	}
	rb, err := svc.CreateReminder(ctx, companyA, admin.ID, assigned, false, due, "matrix")
	if err != nil {
		t.Fatalf("workflow fixture reminder: %v", err)
	}
	f.agentReminder, f.adminRem = ra.ID, rb.ID
	notes := notify.NewService(s.DB.DB)
	for _, u := range []struct {
		id  uuid.UUID
		out *uuid.UUID
	}{{agent, &f.agentNote}, {admin.ID, &f.adminNote}} {
		p, err := notes.List(ctx, companyA, u.id, 1, uuid.Nil)
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("workflow fixture notifications: %v %+v", err, p)
		}
		*u.out = p.Items[0].ID
	}
	return f
}

// workflowPath fills the paths of transfer requests, reminders and notifications.
func (f *fixtures) workflowPath(path string) (string, bool) {
	w := f.workflow
	for _, c := range []struct {
		prefix string
		id     uuid.UUID
	}{
		{"/api/v1/company/transfer-requests/{id}", w.transfer},
		{"/api/v1/agent/transfer-requests/{id}", w.transfer},
		{"/api/v1/company/reminders/{id}", w.adminRem},
		{"/api/v1/agent/reminders/{id}", w.agentReminder},
		{"/api/v1/company/notifications/{id}", w.adminNote},
		{"/api/v1/agent/notifications/{id}", w.agentNote},
	} {
		if strings.HasPrefix(path, c.prefix) {
			return strings.Replace(path, "{id}", c.id.String(), 1), true
		}
	}
	return "", false
}

// workflowBody is a valid body for the workflow operations.
func (f *fixtures) workflowBody(opID string) (any, bool) {
	switch opID {
	case "inbox-transfer-approve":
		return map[string]any{"agent_id": f.targetA.String(), "note": "matrix"}, true
	case "inbox-transfer-decline":
		return map[string]any{"reason": "matrix"}, true
	case "inbox-agent-transfer-request":
		return map[string]any{"to_agent_id": f.targetA.String(), "reason": "matrix"}, true
	case "inbox-reminder-create", "inbox-agent-reminder-create":
		return map[string]any{"due_at": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), "note": "matrix"}, true
	}
	return nil, false
}

// Another agent of the same company reaches none of agentA's records.
func TestWorkflowOtherAgentGetsNotFound(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	other := s.login(t, "target@alpha.test")
	w := fx.workflow
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/api/v1/agent/conversations/" + fx.assignedA.String() + "/transfer-requests", map[string]any{"reason": "mine"}},
		{http.MethodPost, "/api/v1/agent/conversations/" + fx.assignedA.String() + "/reminders", map[string]any{"due_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}},
		{http.MethodPost, "/api/v1/agent/transfer-requests/" + w.transfer.String() + "/cancel", nil},
		{http.MethodPost, "/api/v1/agent/reminders/" + w.agentReminder.String() + "/done", nil},
		{http.MethodDelete, "/api/v1/agent/reminders/" + w.agentReminder.String(), nil},
		{http.MethodPost, "/api/v1/agent/notifications/" + w.agentNote.String() + "/read", nil},
	} {
		if res, body := other.do(c.method, c.path, c.body); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404: %s", c.method, c.path, res.StatusCode, body)
		}
	}
	for _, p := range []string{"/api/v1/agent/transfer-requests", "/api/v1/agent/reminders?scope=all", "/api/v1/agent/notifications"} {
		res, body := other.do(http.MethodGet, p, nil)
		if res.StatusCode != 200 || strings.Contains(string(body), w.transfer.String()) || strings.Contains(string(body), w.agentReminder.String()) ||
			strings.Contains(string(body), w.agentNote.String()) {
			t.Errorf("GET %s = %d, shows agentA's records: %s", p, res.StatusCode, body)
		}
	}
}

// The agent asks, the admin sees it live and decides, the agent is told.
func TestWorkflowTransferJourney(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	adminEvents := eventStream(t, s, "admin@alpha.test")
	agentEvents := eventStream(t, s, "agent@alpha.test")
	time.Sleep(200 * time.Millisecond)
	agent := s.login(t, "agent@alpha.test")
	admin := s.login(t, "admin@alpha.test")

	res, body := agent.do(http.MethodGet, "/api/v1/agent/colleagues", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), fx.targetA.String()) || strings.Contains(string(body), fx.agentA.String()) {
		t.Fatalf("colleagues: %d %s", res.StatusCode, body)
	}
	path := "/api/v1/agent/conversations/" + fx.assignedA.String() + "/transfer-requests"
	if res, body := agent.do(http.MethodPost, path, map[string]any{"reason": ""}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty reason: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodPost, path, map[string]any{"reason": "Customer wants a Tamil speaker"})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("request: %d %s", res.StatusCode, body)
	}
	var req struct{ ID string }
	_ = json.Unmarshal(body, &req)
	// The admins' bell first, then their transfer list (the order the request publishes them).
	waitEvent(t, "admin", adminEvents, "notification.created")
	waitEvent(t, "admin", adminEvents, "transfer.updated")
	res, body = agent.do(http.MethodPost, path, map[string]any{"reason": "again"})
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(body), "already waiting for approval") {
		t.Fatalf("second request: %d %s", res.StatusCode, body)
	}

	res, body = admin.do(http.MethodGet, "/api/v1/company/transfer-requests", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), req.ID) || !strings.Contains(string(body), "Customer wants a Tamil speaker") {
		t.Fatalf("admin list: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodPost, "/api/v1/company/transfer-requests/"+req.ID+"/approve", map[string]any{"agent_id": fx.targetA.String()})
	if res.StatusCode != 200 || !strings.Contains(string(body), `"status":"approved"`) {
		t.Fatalf("approve: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "agent", agentEvents, "notification.created")
	if res, _ := agent.do(http.MethodGet, "/api/v1/agent/conversations/"+fx.assignedA.String(), nil); res.StatusCode != 404 {
		t.Fatalf("the old agent still sees the conversation: %d", res.StatusCode)
	}
	target := s.login(t, "target@alpha.test")
	res, body = target.do(http.MethodGet, "/api/v1/agent/notifications", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Assigned to you by User admin@alpha.test") || !strings.Contains(string(body), `"unread":1`) {
		t.Fatalf("new agent's notifications: %d %s", res.StatusCode, body)
	}
	if res, body := target.do(http.MethodPost, "/api/v1/agent/notifications/read", nil); res.StatusCode != 200 || !strings.Contains(string(body), `"marked":1`) {
		t.Fatalf("read all: %d %s", res.StatusCode, body)
	}

	// A declined request tells the agent why.
	path = "/api/v1/agent/conversations/" + fx.workflow.transferConversation.String() + "/transfer-requests"
	res, body = admin.do(http.MethodPost, "/api/v1/company/transfer-requests/"+fx.workflow.transfer.String()+"/decline", map[string]any{"reason": "Stay with this one"})
	if res.StatusCode != 200 {
		t.Fatalf("decline: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodGet, "/api/v1/agent/notifications?limit=1", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Transfer declined: Stay with this one") || !strings.Contains(string(body), `"more":true`) {
		t.Fatalf("agent's notifications: %d %s", res.StatusCode, body)
	}
	if res, body := agent.do(http.MethodPost, path, map[string]any{"reason": "please reconsider", "to_agent_id": fx.targetA.String()}); res.StatusCode != http.StatusCreated {
		t.Fatalf("ask again after a decline: %d %s", res.StatusCode, body)
	}
}

func TestWorkflowAgentDashboardAndReminders(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")
	res, body := agent.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/reminders",
		map[string]any{"due_at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.due_at") {
		t.Fatalf("past reminder: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodGet, "/api/v1/agent/reminders?scope=all", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), fx.workflow.agentReminder.String()) || !strings.Contains(string(body), `"contact_name":"Customer inbox-assigned"`) {
		t.Fatalf("reminders: %d %s", res.StatusCode, body)
	}
	res, body = agent.do(http.MethodGet, "/api/v1/agent/dashboard", nil)
	// agentA holds assignedA and the workflow conversation; assignedA's last message is the customer's.
	if res.StatusCode != 200 || !strings.Contains(string(body), `"open_assigned":2`) || !strings.Contains(string(body), `"awaiting_reply":1`) {
		t.Fatalf("dashboard: %d %s", res.StatusCode, body)
	}
}
