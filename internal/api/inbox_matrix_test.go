package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/inbox"
)

// inboxFixtures opens two conversations of company A, each with a customer message:
// one assigned to agent, one waiting in the queue.
func inboxFixtures(t *testing.T, s *testServer, companyA, agent uuid.UUID) (assigned, waiting uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	var ids []uuid.UUID
	err := s.DB.WithTenant(ctx, companyA, func(tx *db.Tx) error {
		for _, ext := range []string{"inbox-assigned", "inbox-waiting"} {
			ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyA, Channel: "telegram", ExternalID: ext, Name: "Customer " + ext})
			if err != nil {
				return err
			}
			c, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: companyA, ContactID: ct.ID, Channel: "telegram"})
			if err != nil {
				return err
			}
			if _, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: companyA, ConversationID: c.ID, Kind: "text", Body: "Ada stok?"}); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("inbox fixture: %v", err)
	}
	if _, err := inbox.NewService(s.DB.DB).Assign(ctx, companyA, uuid.Nil, ids[0], agent, "matrix"); err != nil {
		t.Fatalf("inbox fixture assign: %v", err)
	}
	return ids[0], ids[1]
}

// agentPath fills an agent path with the conversation assigned to agent A (or its message).
func (f *fixtures) agentPath(path string) string {
	if strings.HasPrefix(path, "/api/v1/agent/messages/{id}") {
		return strings.Replace(path, "{id}", f.failedMessageA.String(), 1)
	}
	return strings.Replace(path, "{id}", f.assignedA.String(), 1)
}

// inboxBody is a valid body for the inbox operations.
func (f *fixtures) inboxBody(opID string) (any, bool) {
	switch opID {
	case "inbox-settings-update":
		return map[string]any{"strategy": "least_workload", "max_open_per_agent": 5, "match_expertise": true, "returning_to_previous": true, "reassign_after_minutes": 30}, true
	case "inbox-assign":
		return map[string]any{"agent_id": f.targetA.String(), "reason": "matrix"}, true
	case "inbox-bulk-assign":
		return map[string]any{"conversation_ids": []string{f.unassignedA.String()}, "reason": "matrix"}, true
	case "agent-message-reply":
		return map[string]any{"text": "Ada, boss!"}, true
	}
	return nil, false
}

func TestAgentSeesOnlyAssignedConversations(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")
	target := s.login(t, "target@alpha.test")
	admin := s.login(t, "admin@alpha.test")

	res, body := agent.do(http.MethodGet, "/api/v1/agent/conversations", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), fx.assignedA.String()) || strings.Contains(string(body), fx.unassignedA.String()) {
		t.Fatalf("agent list: %d %s", res.StatusCode, body)
	}
	for _, p := range []string{"/api/v1/agent/conversations/%s", "/api/v1/agent/conversations/%s/messages"} {
		for _, c := range []struct {
			who  *client
			conv uuid.UUID
			want int
		}{{agent, fx.assignedA, 200}, {agent, fx.unassignedA, 404}, {target, fx.assignedA, 404}, {agent, fx.conversationA, 404}} {
			path := strings.Replace(p, "%s", c.conv.String(), 1)
			if res, body := c.who.do(http.MethodGet, path, nil); res.StatusCode != c.want {
				t.Errorf("GET %s = %d, want %d: %s", path, res.StatusCode, c.want, body)
			}
		}
	}
	if res, body := target.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/messages", map[string]string{"text": "hi"}); res.StatusCode != 404 {
		t.Fatalf("other agent replies: %d %s", res.StatusCode, body)
	}

	// The admin moves it to the other agent: it leaves the first agent's inbox.
	if res, body := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.assignedA.String()+"/assignment",
		map[string]string{"agent_id": fx.targetA.String(), "reason": "speaks Tamil"}); res.StatusCode != 200 {
		t.Fatalf("reassign: %d %s", res.StatusCode, body)
	}
	if res, _ := agent.do(http.MethodGet, "/api/v1/agent/conversations/"+fx.assignedA.String(), nil); res.StatusCode != 404 {
		t.Fatalf("old agent still sees it: %d", res.StatusCode)
	}
	if res, body := target.do(http.MethodPost, "/api/v1/agent/conversations/"+fx.assignedA.String()+"/messages", map[string]string{"text": "Vanakkam!"}); res.StatusCode != 202 {
		t.Fatalf("new agent replies: %d %s", res.StatusCode, body)
	}
	res, body = admin.do(http.MethodGet, "/api/v1/company/conversations/"+fx.assignedA.String()+"/assignments", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), "speaks Tamil") || !strings.Contains(string(body), `"by_user_name":"User admin@alpha.test"`) {
		t.Fatalf("history: %d %s", res.StatusCode, body)
	}
	// Assigning to an admin or a stranger is refused.
	if res, _ := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.unassignedA.String()+"/assignment",
		map[string]string{"agent_id": uuid.NewString()}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("assign to a stranger: %d", res.StatusCode)
	}
	// The queue is longest waiting first and holds only unassigned chats.
	res, body = admin.do(http.MethodGet, "/api/v1/company/inbox/queue", nil)
	if res.StatusCode != 200 || strings.Index(string(body), fx.conversationA.String()) > strings.Index(string(body), fx.unassignedA.String()) ||
		strings.Contains(string(body), fx.assignedA.String()) {
		t.Fatalf("queue: %d %s", res.StatusCode, body)
	}
}

func TestAgentFetchesMediaOfOwnConversationOnly(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	admin := s.login(t, "admin@alpha.test")
	png := []byte("\x89PNG\r\n\x1a\n fake png")
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("conversation_id", fx.assignedA.String())
	_ = w.WriteField("caption", "Katalog")
	fw, _ := w.CreateFormFile("file", "katalog.png")
	_, _ = fw.Write(png)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/company/messages/media", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", admin.csrf)
	res, err := admin.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var m struct{ ID string }
	_ = json.Unmarshal(raw, &m)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", res.StatusCode, raw)
	}
	if res, got := s.login(t, "agent@alpha.test").do(http.MethodGet, "/api/v1/agent/messages/"+m.ID+"/media", nil); res.StatusCode != 200 || !bytes.Equal(got, png) {
		t.Fatalf("assigned agent: %d", res.StatusCode)
	}
	if res, _ := s.login(t, "target@alpha.test").do(http.MethodGet, "/api/v1/agent/messages/"+m.ID+"/media", nil); res.StatusCode != 404 {
		t.Fatalf("other agent: %d", res.StatusCode)
	}
}

// eventStream signs email in and returns the lines of their /api/events stream.
func eventStream(t *testing.T, s *testServer, email string) <-chan string {
	t.Helper()
	c := s.login(t, email)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/api/events", nil)
	res, err := (&http.Client{Jar: c.http.Jar}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if first := <-lines; first != ": connected" {
		t.Fatalf("%s: first line %q", email, first)
	}
	return lines
}

// waitEvent waits for an event line of type typ; it fails after 10 s.
func waitEvent(t *testing.T, who string, ch <-chan string, typ string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l := <-ch:
			if l == "event: "+typ {
				return
			}
		case <-deadline:
			t.Fatalf("%s got no %s event", who, typ)
		}
	}
}

// A reassigned conversation's events reach the old agent once (to drop it) and then only the new agent.
func TestEventsFollowTheAssignment(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	oldAgent := eventStream(t, s, "agent@alpha.test")
	newAgent := eventStream(t, s, "target@alpha.test")
	time.Sleep(200 * time.Millisecond) // the hub's LISTEN is up before the first publish

	admin := s.login(t, "admin@alpha.test")
	if res, body := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.assignedA.String()+"/assignment",
		map[string]string{"agent_id": fx.targetA.String()}); res.StatusCode != 200 {
		t.Fatalf("reassign: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "old agent", oldAgent, "conversation.assigned")
	waitEvent(t, "new agent", newAgent, "conversation.assigned")
	if res, body := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.assignedA.String()+"/messages", map[string]string{"text": "Boleh"}); res.StatusCode != 202 {
		t.Fatalf("reply: %d %s", res.StatusCode, body)
	}
	waitEvent(t, "new agent", newAgent, "message.created")
	time.Sleep(300 * time.Millisecond)
	for len(oldAgent) > 0 {
		if l := <-oldAgent; strings.HasPrefix(l, "event:") {
			t.Errorf("the old agent received %q", l)
		}
	}
}

func TestAgentRepliesWithAFileOnlyInOwnConversation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	agent := s.login(t, "agent@alpha.test")
	upload := func(conv uuid.UUID) (int, []byte) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("conversation_id", conv.String())
		_ = w.WriteField("caption", "Brosur")
		fw, _ := w.CreateFormFile("file", "brosur.pdf")
		_, _ = fw.Write([]byte("%PDF-1.4 fake"))
		_ = w.Close()
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/agent/messages/media", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("X-CSRF-Token", agent.csrf)
		res, err := agent.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, body
	}
	if code, body := upload(fx.assignedA); code != http.StatusAccepted || !strings.Contains(string(body), `"kind":"document"`) {
		t.Fatalf("own conversation: %d %s", code, body)
	}
	if code, body := upload(fx.unassignedA); code != http.StatusNotFound {
		t.Fatalf("unassigned conversation: %d %s", code, body)
	}
}
