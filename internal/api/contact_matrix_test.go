package api_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/db"
)

// contactFixture is company A's CRM data: the contact of the waiting conversation,
// the contact of agent A's conversation, and a custom field.
type contactFixture struct {
	contactA, agentContactA, fieldA uuid.UUID
}

func contactFixtures(t *testing.T, s *testServer, companyA, waitingConv, assignedConv uuid.UUID) contactFixture {
	t.Helper()
	ctx := context.Background()
	var f contactFixture
	err := s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		a, err := tx.ConversationGet(ctx, waitingConv)
		if err != nil {
			return err
		}
		b, err := tx.ConversationGet(ctx, assignedConv)
		f.contactA, f.agentContactA = a.ContactID, b.ContactID
		return err
	})
	if err != nil {
		t.Fatalf("contact fixture: %v", err)
	}
	fld, err := contact.NewService(s.DB.DB).CreateField(ctx, companyA, contact.FieldInput{Key: "budget", Label: "Budget", Type: contact.FieldNumber})
	if err != nil {
		t.Fatalf("contact field fixture: %v", err)
	}
	f.fieldA = fld.ID
	return f
}

// contactPath fills a CRM path: admins get a contact of A, the agent the contact of their own conversation.
func (f *fixtures) contactPath(path string) string {
	switch {
	case strings.Contains(path, "/contact-fields/{id}"):
		return strings.Replace(path, "{id}", f.contacts.fieldA.String(), 1)
	case strings.HasPrefix(path, "/api/v1/agent/"):
		return strings.Replace(path, "{id}", f.contacts.agentContactA.String(), 1)
	}
	return strings.Replace(path, "{id}", f.contacts.contactA.String(), 1)
}

// contactBody is a valid body for the CRM operations.
func (f *fixtures) contactBody(opID, tag string) (any, bool) {
	switch strings.TrimPrefix(opID, "agent-") {
	case "contact-set-lead-status":
		return map[string]any{"lead_status": "qualified"}, true
	case "contact-set-tags":
		return map[string]any{"tags": []string{"vip", tag}}, true
	case "contact-set-values":
		return map[string]any{"values": map[string]string{"budget": "1500"}}, true
	case "contact-note-create":
		return map[string]any{"body": "Prefers a call after 6pm"}, true
	case "contact-field-create":
		return map[string]any{"label": "Source " + tag, "type": "select", "options": []string{"Facebook", "Walk-in"}}, true
	case "contact-field-update":
		return map[string]any{"label": "Budget (RM)", "position": 2}, true
	}
	return nil, false
}

// An agent reaches a contact only through a conversation assigned to them, over every CRM operation.
func TestAgentReachesOnlyContactsOfOwnConversations(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")
	target := s.login(t, "target@alpha.test")
	admin := s.login(t, "admin@alpha.test")
	adminB := s.login(t, "admin@beta.test")
	mine, other := fx.contacts.agentContactA.String(), fx.contacts.contactA.String()

	res, body := agent.do(http.MethodGet, "/api/v1/agent/contacts", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), mine) || strings.Contains(string(body), other) {
		t.Fatalf("agent list: %d %s", res.StatusCode, body)
	}
	calls := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/v1/agent/contacts/%s", nil},
		{http.MethodGet, "/api/v1/agent/contacts/%s/timeline", nil},
		{http.MethodPut, "/api/v1/agent/contacts/%s/lead-status", map[string]string{"lead_status": "won"}},
		{http.MethodPut, "/api/v1/agent/contacts/%s/tags", map[string]any{"tags": []string{"x"}}},
		{http.MethodPut, "/api/v1/agent/contacts/%s/custom-values", map[string]any{"values": map[string]string{"budget": "1"}}},
		{http.MethodPost, "/api/v1/agent/contacts/%s/notes", map[string]string{"body": "hi"}},
	}
	for _, c := range calls {
		for _, who := range []struct {
			name string
			cl   *client
			id   string
			want int
		}{{"agent, other contact", agent, other, 404}, {"other agent", target, mine, 404}} {
			path := strings.Replace(c.path, "%s", who.id, 1)
			if res, body := who.cl.do(c.method, path, c.body); res.StatusCode != who.want {
				t.Errorf("%s: %s %s = %d, want %d: %s", who.name, c.method, path, res.StatusCode, who.want, body)
			}
		}
		adminPath := strings.Replace(strings.Replace(c.path, "/agent/", "/company/", 1), "%s", mine, 1)
		if res, body := adminB.do(c.method, adminPath, c.body); res.StatusCode != 404 {
			t.Errorf("admin of B: %s %s = %d: %s", c.method, adminPath, res.StatusCode, body)
		}
	}

	// Unknown custom field keys are named in the problem.
	res, body = agent.do(http.MethodPut, "/api/v1/agent/contacts/"+mine+"/custom-values", map[string]any{"values": map[string]string{"shoe_size": "42"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "body.values.shoe_size") {
		t.Fatalf("unknown key: %d %s", res.StatusCode, body)
	}

	// Exports: the admin gets every contact, the agent their own, the other agent none.
	lines := func(c *client, path string) [][]string {
		res, body := c.do(http.MethodGet, path, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	ids := func(recs [][]string) map[string]bool {
		out := map[string]bool{}
		for _, r := range recs[1:] {
			out[r[0]] = true
		}
		return out
	}
	if got := ids(lines(admin, "/api/v1/company/contacts/export")); !got[mine] || !got[other] {
		t.Errorf("admin export lacks a contact: %v", got)
	}
	if got := ids(lines(agent, "/api/v1/agent/contacts/export")); !got[mine] || got[other] {
		t.Errorf("agent export: %v", got)
	}
	if got := ids(lines(target, "/api/v1/agent/contacts/export")); got[mine] || got[other] {
		t.Errorf("other agent export: %v", got)
	}

	// Moved to the other agent: the contact leaves the first agent at once.
	if res, body := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.assignedA.String()+"/assignment",
		map[string]string{"agent_id": fx.targetA.String()}); res.StatusCode != 200 {
		t.Fatalf("reassign: %d %s", res.StatusCode, body)
	}
	if res, _ := agent.do(http.MethodGet, "/api/v1/agent/contacts/"+mine, nil); res.StatusCode != 404 {
		t.Fatalf("old agent still gets the contact: %d", res.StatusCode)
	}
	if res, _ := target.do(http.MethodGet, "/api/v1/agent/contacts/"+mine, nil); res.StatusCode != 200 {
		t.Fatalf("new agent: %d", res.StatusCode)
	}
}

// A contact change reaches the admins and the agent holding its conversation, never another agent.
func TestContactEventsReachOnlyItsAgent(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	own := eventStream(t, s, "agent@alpha.test")
	other := eventStream(t, s, "target@alpha.test")
	adminEvents := eventStream(t, s, "admin@alpha.test")
	time.Sleep(200 * time.Millisecond) // the hub's LISTEN is up before the first publish

	admin := s.login(t, "admin@alpha.test")
	if res, body := admin.do(http.MethodPut, "/api/v1/company/contacts/"+fx.contacts.agentContactA.String()+"/lead-status",
		map[string]string{"lead_status": "negotiation"}); res.StatusCode != 200 {
		t.Fatalf("set status: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "agent", own, "contact.updated")
	waitEvent(t, "admin", adminEvents, "contact.updated")
	time.Sleep(300 * time.Millisecond)
	for len(other) > 0 {
		if l := <-other; strings.HasPrefix(l, "event:") {
			t.Errorf("another agent received %q", l)
		}
	}
}
