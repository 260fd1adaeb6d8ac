package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The admin's conversation list through HTTP: filters, keyset pages, the
// problem naming a bad parameter, and nothing of another company.
func TestConversationListEndpoint(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")

	type page struct {
		Items []struct {
			ID                string  `json:"id"`
			AssignedAgentID   *string `json:"assigned_agent_id"`
			AssignedAgentName string  `json:"assigned_agent_name"`
			Waiting           bool    `json:"waiting"`
			Unanswered        int     `json:"unanswered"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	list := func(c *client, query url.Values) (int, page, string) {
		t.Helper()
		res, body := c.do(http.MethodGet, "/api/v1/company/conversations?"+query.Encode(), nil)
		var p page
		_ = json.Unmarshal(body, &p)
		return res.StatusCode, p, string(body)
	}
	ids := func(p page) string {
		var out []string
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return strings.Join(out, ",")
	}

	code, all, body := list(admin, url.Values{})
	if code != 200 || all.NextCursor != "" || !strings.Contains(ids(all), fx.assignedA.String()) || !strings.Contains(ids(all), fx.unassignedA.String()) ||
		!strings.Contains(ids(all), fx.conversationA.String()) {
		t.Fatalf("whole list: %d %s", code, body)
	}
	// Pages of one follow each other.
	var walked []string
	q := url.Values{"limit": {"1"}}
	for range len(all.Items) + 1 {
		code, p, body := list(admin, q)
		if code != 200 || len(p.Items) != 1 {
			t.Fatalf("page: %d %s", code, body)
		}
		walked = append(walked, p.Items[0].ID)
		if p.NextCursor == "" {
			break
		}
		q.Set("cursor", p.NextCursor)
	}
	if strings.Join(walked, ",") != ids(all) {
		t.Fatalf("pages %v, list %s", walked, ids(all))
	}

	code, mine, body := list(admin, url.Values{"agent": {fx.agentA.String()}})
	if code != 200 || !strings.Contains(ids(mine), fx.assignedA.String()) || strings.Contains(ids(mine), fx.unassignedA.String()) {
		t.Fatalf("by agent: %d %s", code, body)
	}
	for _, it := range mine.Items {
		if it.AssignedAgentID == nil || *it.AssignedAgentID != fx.agentA.String() || it.AssignedAgentName != "User agent@alpha.test" {
			t.Errorf("another agent's conversation: %+v", it)
		}
		// The fixture's customer wrote once and nobody answered.
		if it.ID == fx.assignedA.String() && (!it.Waiting || it.Unanswered != 1) {
			t.Errorf("waiting: %+v", it)
		}
	}
	code, waiting, body := list(admin, url.Values{"agent": {"unassigned"}, "q": {"inbox-wait"}})
	if code != 200 || ids(waiting) != fx.unassignedA.String() {
		t.Fatalf("unassigned and searched: %d %s", code, body)
	}
	code, some, body := list(admin, url.Values{"ids": {fx.assignedA.String() + "," + fx.unassignedA.String()}})
	if code != 200 || len(some.Items) != 2 {
		t.Fatalf("by ids: %d %s", code, body)
	}

	for _, bad := range []struct{ query, location string }{
		{"q=a", "query.q"},
		{"agent=someone", "query.agent"},
		{"cursor=bogus", "query.cursor"},
		{"from=2026-03-10&to=2026-03-01", "query.to"},
		{"ids=not-an-id", "query.ids"},
	} {
		res, body := admin.do(http.MethodGet, "/api/v1/company/conversations?"+bad.query, nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"`+bad.location+`"`) {
			t.Errorf("%s: %d %s", bad.query, res.StatusCode, body)
		}
	}

	// Company B sees none of A's conversations, even by id.
	other := s.login(t, "admin@beta.test")
	code, theirs, body := list(other, url.Values{"ids": {fx.assignedA.String()}})
	if code != 200 || len(theirs.Items) != 0 {
		t.Fatalf("admin of B: %d %s", code, body)
	}
	if code, theirs, body = list(other, url.Values{}); code != 200 || len(theirs.Items) != 0 {
		t.Fatalf("admin of B's list: %d %s", code, body)
	}
}
