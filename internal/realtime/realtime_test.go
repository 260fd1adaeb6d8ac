package realtime_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/realtime"
)

// An event for given users reaches only them, whatever their role; other
// events follow the company and the agents they name.
func TestHubDeliversToTheRightUsers(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hub := realtime.NewHub(d.Pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	go hub.Run(ctx)

	companyA, companyB := uuid.New(), uuid.New()
	people := map[string]identity.Principal{
		"adminA":  {UserID: uuid.New(), CompanyID: companyA, Role: identity.RoleCompanyAdmin},
		"admin2A": {UserID: uuid.New(), CompanyID: companyA, Role: identity.RoleCompanyAdmin},
		"agentA":  {UserID: uuid.New(), CompanyID: companyA, Role: identity.RoleCompanyUser},
		"agent2A": {UserID: uuid.New(), CompanyID: companyA, Role: identity.RoleCompanyUser},
		"adminB":  {UserID: uuid.New(), CompanyID: companyB, Role: identity.RoleCompanyAdmin},
	}
	streams := map[string]<-chan realtime.Event{}
	for name, p := range people {
		ch, stop := hub.Subscribe(p)
		defer stop()
		streams[name] = ch
	}
	publish := func(e realtime.Event) {
		t.Helper()
		err := pgx.BeginFunc(ctx, d.Pool, func(tx pgx.Tx) error { return realtime.Publish(ctx, tx, e) })
		if err != nil {
			t.Fatal(err)
		}
	}
	// Wait for the hub's LISTEN: publish a probe until the admin receives one.
	probe := realtime.Event{Type: "probe", CompanyID: companyA, IDs: []uuid.UUID{}}
	deadline := time.Now().Add(10 * time.Second)
	for ready := false; !ready; {
		publish(probe)
		select {
		case <-streams["adminA"]:
			ready = true
		case <-time.After(100 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("the hub never listened")
			}
		}
	}
	time.Sleep(200 * time.Millisecond)
	for _, ch := range streams {
		for len(ch) > 0 {
			<-ch
		}
	}

	cases := []struct {
		event realtime.Event
		want  []string
	}{
		{realtime.Event{Type: "notification.created", CompanyID: companyA, UserIDs: []uuid.UUID{people["agent2A"].UserID}}, []string{"agent2A"}},
		{realtime.Event{Type: "notification.created", CompanyID: companyA, UserIDs: []uuid.UUID{people["admin2A"].UserID}}, []string{"admin2A"}},
		// A user id of company A on company B's event reaches nobody.
		{realtime.Event{Type: "notification.created", CompanyID: companyB, UserIDs: []uuid.UUID{people["agentA"].UserID}}, nil},
		{realtime.Event{Type: "conversation.assigned", CompanyID: companyA, AgentIDs: []uuid.UUID{people["agentA"].UserID}}, []string{"adminA", "admin2A", "agentA"}},
	}
	for _, c := range cases {
		publish(c.event)
		time.Sleep(300 * time.Millisecond)
		got := map[string]bool{}
		for name, ch := range streams {
			for len(ch) > 0 {
				if e := <-ch; e.Type == c.event.Type {
					got[name] = true
				}
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s to users %v agents %v reached %v, want %v", c.event.Type, c.event.UserIDs, c.event.AgentIDs, got, c.want)
			continue
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%s: %s got nothing (reached %v)", c.event.Type, w, got)
			}
		}
	}
}
