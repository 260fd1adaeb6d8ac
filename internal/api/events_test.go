package api_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A reply in company A's conversation reaches A's admin over /api/events, and
// neither company B's admin nor A's unassigned agent.
func TestEventsStreamOnlyWhatTheUserMaySee(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fx := newFixtures(t, s)
	stream := func(email string) (<-chan string, *http.Response) {
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
		return lines, res
	}
	adminA, res := stream("admin@alpha.test")
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	adminB, _ := stream("admin@beta.test")
	agentA, _ := stream("agent@alpha.test")
	time.Sleep(200 * time.Millisecond) // the hub's LISTEN is up before the first publish

	admin := s.login(t, "admin@alpha.test")
	if res, body := admin.do(http.MethodPost, "/api/v1/company/conversations/"+fx.conversationA.String()+"/messages", map[string]string{"text": "Boleh"}); res.StatusCode != http.StatusAccepted {
		t.Fatalf("reply: %d %s", res.StatusCode, body)
	}
	deadline := time.After(10 * time.Second)
	for got := false; !got; {
		select {
		case l := <-adminA:
			if strings.HasPrefix(l, "data: ") && strings.Contains(l, fx.conversationA.String()) {
				got = true
			}
		case <-deadline:
			t.Fatal("company A's admin got no event")
		}
	}
	time.Sleep(300 * time.Millisecond)
	for name, ch := range map[string]<-chan string{"AdminOfB": adminB, "AgentOfA": agentA} {
		for len(ch) > 0 {
			if l := <-ch; strings.HasPrefix(l, "event:") || strings.HasPrefix(l, "data:") {
				t.Errorf("%s received %q", name, l)
			}
		}
	}
	anon := s.anonymous(t)
	if res, _ := anon.do(http.MethodGet, "/api/events", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.StatusCode)
	}
}
