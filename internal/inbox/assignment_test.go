package inbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
)

type testBundle struct {
	d       *dbtest.DB
	svc     *inbox.Service
	company dbgen.Company
	admin   dbgen.User
	agents  []dbgen.User
}

func setup(t *testing.T, nAgents int) (context.Context, *testBundle) {
	t.Helper()
	ctx := context.Background()
	d := dbtest.New(t)
	c := dbtest.Company(t, d, "acme")
	b := &testBundle{d: d, svc: inbox.NewService(d.DB), company: c, admin: dbtest.User(t, d, c.ID, "company_admin", "admin@acme.test")}
	for i := range nAgents {
		b.agents = append(b.agents, dbtest.User(t, d, c.ID, "company_user", fmt.Sprintf("agent%d@acme.test", i)))
	}
	return ctx, b
}

// open opens a conversation for contact ext the way the ingest path does, rules included.
func (b *testBundle) open(ctx context.Context, t *testing.T, ext, category string) dbgen.Conversation {
	t.Helper()
	var conv dbgen.Conversation
	err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error {
		ct, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: b.company.ID, Channel: "telegram", ExternalID: ext, Name: "Customer " + ext})
		if err != nil {
			return err
		}
		if conv, err = tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: b.company.ID, ContactID: ct.ID, Channel: "telegram"}); err != nil {
			return err
		}
		if category != "" {
			if _, err := tx.Exec(ctx, "UPDATE conversations SET category = $1 WHERE id = $2", category, conv.ID); err != nil {
				return err
			}
			conv.Category = category
		}
		conv, err = inbox.OnConversationOpened(ctx, tx, conv)
		return err
	})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return conv
}

func (b *testBundle) rules(ctx context.Context, t *testing.T, r inbox.Rules) {
	t.Helper()
	if _, err := b.svc.UpdateSettings(ctx, b.company.ID, r); err != nil {
		t.Fatalf("UpdateSettings: %v", err)
	}
}

func (b *testBundle) exec(ctx context.Context, t *testing.T, sql string, args ...any) {
	t.Helper()
	if err := b.d.WithTenant(ctx, b.company.ID, func(tx *db.Tx) error { _, err := tx.Exec(ctx, sql, args...); return err }); err != nil {
		t.Fatalf("exec %q: %v", sql, err)
	}
}

func (b *testBundle) workload(ctx context.Context, t *testing.T) map[uuid.UUID]int32 {
	t.Helper()
	l, err := b.svc.Agents(ctx, b.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[uuid.UUID]int32{}
	for _, a := range l {
		out[a.ID] = a.OpenCount
	}
	return out
}

func agentOf(c dbgen.Conversation) uuid.UUID { return c.AssignedAgentID.UUID }

func TestAssignment(t *testing.T) {
	t.Parallel()

	t.Run("ManualLeavesConversationsWaiting", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		c := b.open(ctx, t, "1", "")
		if c.AssignedAgentID.Valid {
			t.Fatalf("assigned under manual rules to %v", c.AssignedAgentID)
		}
		q, err := b.svc.Queue(ctx, b.company.ID, 50)
		if err != nil || len(q) != 1 || q[0].ID != c.ID {
			t.Fatalf("queue = %v, %v", q, err)
		}
	})

	t.Run("RoundRobinSpreadsEvenly", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 3)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin})
		for i := range 30 {
			b.open(ctx, t, fmt.Sprint(i), "")
		}
		for _, a := range b.agents {
			if n := b.workload(ctx, t)[a.ID]; n != 10 {
				t.Errorf("agent %s has %d, want 10", a.Email, n)
			}
		}
		// In order: the first goes to the first agent, the fourth to the first again.
		first := b.open(ctx, t, "next", "")
		if agentOf(first) != b.agents[0].ID {
			t.Errorf("31st went to %v, want the first agent", agentOf(first))
		}
	})

	t.Run("LeastWorkloadRespectsCap", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyLeastWorkload, MaxOpenPerAgent: 2})
		// Agent 0 already holds one, by hand.
		pre := b.open(ctx, t, "pre", "")
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, pre.ID, b.agents[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		c1 := b.open(ctx, t, "1", "")
		if agentOf(c1) != b.agents[1].ID {
			t.Fatalf("went to %v, want the idle agent", agentOf(c1))
		}
		b.open(ctx, t, "2", "")
		b.open(ctx, t, "3", "")
		over := b.open(ctx, t, "4", "")
		if over.AssignedAgentID.Valid {
			t.Fatalf("past the cap: assigned to %v", agentOf(over))
		}
		w := b.workload(ctx, t)
		if w[b.agents[0].ID] != 2 || w[b.agents[1].ID] != 2 {
			t.Fatalf("workload = %v", w)
		}
	})

	t.Run("CapHoldsUnderConcurrency", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 3)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyLeastWorkload, MaxOpenPerAgent: 3})
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() { b.open(ctx, t, fmt.Sprint("c", i), "") })
		}
		wg.Wait()
		for id, n := range b.workload(ctx, t) {
			if n != 3 {
				t.Errorf("agent %v has %d open, want exactly the cap 3", id, n)
			}
		}
		q, _ := b.svc.Queue(ctx, b.company.ID, 50)
		if len(q) != 11 {
			t.Errorf("queue has %d, want 11", len(q))
		}
	})

	t.Run("ExpertiseMatchFirst", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		b.exec(ctx, t, "UPDATE users SET expertise = '{insurance, Property}' WHERE id = $1", b.agents[1].ID)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin, MatchExpertise: true})
		for i := range 3 {
			if c := b.open(ctx, t, fmt.Sprint("p", i), "property"); agentOf(c) != b.agents[1].ID {
				t.Fatalf("property chat went to %v, want the expert", agentOf(c))
			}
		}
		// No expert for cars: anyone may take it.
		if c := b.open(ctx, t, "car", "cars"); !c.AssignedAgentID.Valid {
			t.Fatal("no expert, yet left unassigned")
		}
	})

	t.Run("ReturningCustomerGoesBackToPreviousAgent", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 3)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyManual, ReturningToPrevious: true})
		first := b.open(ctx, t, "vip", "")
		if first.AssignedAgentID.Valid {
			t.Fatal("a first-time customer was assigned under manual rules")
		}
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, first.ID, b.agents[2].ID, "knows the family"); err != nil {
			t.Fatal(err)
		}
		b.exec(ctx, t, "UPDATE conversations SET status = 'closed' WHERE id = $1", first.ID)
		again := b.open(ctx, t, "vip", "")
		if again.ID == first.ID || agentOf(again) != b.agents[2].ID {
			t.Fatalf("returning customer went to %v, want agent 2", agentOf(again))
		}
		// Previous agent inactive: under manual rules it waits in the queue.
		b.exec(ctx, t, "UPDATE conversations SET status = 'closed' WHERE id = $1", again.ID)
		b.exec(ctx, t, "UPDATE users SET status = 'inactive' WHERE id = $1", b.agents[2].ID)
		if third := b.open(ctx, t, "vip", ""); third.AssignedAgentID.Valid {
			t.Fatalf("assigned to %v though the previous agent is away", agentOf(third))
		}
	})

	t.Run("BackfillWhenCapacityFrees", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin, MaxOpenPerAgent: 1})
		held := b.open(ctx, t, "1", "")
		waiting := b.open(ctx, t, "2", "")
		if agentOf(held) != b.agents[0].ID || waiting.AssignedAgentID.Valid {
			t.Fatalf("held=%v waiting=%v", held.AssignedAgentID, waiting.AssignedAgentID)
		}
		// A new agent starts: the waiting chat goes to them.
		late := dbtest.User(t, b.d, b.company.ID, "company_user", "late@acme.test")
		if n, err := b.svc.Backfill(ctx, b.company.ID); err != nil || n != 1 {
			t.Fatalf("Backfill = %d, %v", n, err)
		}
		if w := b.workload(ctx, t); w[late.ID] != 1 {
			t.Fatalf("workload = %v", w)
		}
		// Agent 0 closes theirs; the next waiting chat goes to them.
		next := b.open(ctx, t, "3", "")
		b.exec(ctx, t, "UPDATE conversations SET status = 'closed' WHERE id = $1", held.ID)
		if n, _ := b.svc.Backfill(ctx, b.company.ID); n != 1 {
			t.Fatalf("Backfill after close = %d", n)
		}
		h, _ := b.svc.History(ctx, b.company.ID, next.ID)
		if len(h) != 1 || h[0].ToAgentID.UUID != b.agents[0].ID || h[0].ByUserID.Valid {
			t.Fatalf("history = %+v", h)
		}
	})

	t.Run("ReassignFreesPlaceForWaiting", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyLeastWorkload, MaxOpenPerAgent: 1})
		a := b.open(ctx, t, "a", "")
		bb := b.open(ctx, t, "b", "")
		waiting := b.open(ctx, t, "w", "")
		if waiting.AssignedAgentID.Valid {
			t.Fatal("past the cap")
		}
		// The admin moves a's chat to b's agent (admins may exceed the cap); a's agent takes the waiting one.
		moved, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, a.ID, agentOf(bb), "VIP")
		if err != nil || agentOf(moved) != agentOf(bb) {
			t.Fatalf("Assign = %v, %v", moved.AssignedAgentID, err)
		}
		h, err := b.svc.History(ctx, b.company.ID, waiting.ID)
		if err != nil || len(h) != 1 || h[0].ToAgentID.UUID != agentOf(a) {
			t.Fatalf("waiting chat history = %+v, %v", h, err)
		}
		h, _ = b.svc.History(ctx, b.company.ID, a.ID)
		if len(h) != 2 || h[1].FromAgentID.UUID != agentOf(a) || h[1].ByUserID.UUID != b.admin.ID || h[1].Reason != "VIP" || h[1].ByName == "" {
			t.Fatalf("history = %+v", h)
		}
	})

	t.Run("AssignRejectsNonAgents", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		c := b.open(ctx, t, "1", "")
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, c.ID, b.admin.ID, ""); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("assign to admin: %v", err)
		}
		other := dbtest.Company(t, b.d, "other")
		stranger := dbtest.User(t, b.d, other.ID, "company_user", "x@other.test")
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, c.ID, stranger.ID, ""); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("assign to another company's agent: %v", err)
		}
		if _, err := b.svc.Assign(ctx, other.ID, b.admin.ID, c.ID, stranger.ID, ""); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("assign from another company: %v", err)
		}
		b.exec(ctx, t, "UPDATE users SET status = 'inactive' WHERE id = $1", b.agents[0].ID)
		if _, err := b.svc.Assign(ctx, b.company.ID, b.admin.ID, c.ID, b.agents[0].ID, ""); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("assign to inactive agent: %v", err)
		}
	})

	t.Run("NoReplyReassigns", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin, ReassignAfterMinutes: 5})
		slow := b.open(ctx, t, "slow", "")
		fast := b.open(ctx, t, "fast", "")
		for _, c := range []dbgen.Conversation{slow, fast} {
			b.exec(ctx, t, "INSERT INTO messages (company_id, conversation_id, direction, status, body) VALUES ($1, $2, 'inbound', 'received', 'hi')", b.company.ID, c.ID)
		}
		b.exec(ctx, t, "INSERT INTO messages (company_id, conversation_id, direction, status, body) VALUES ($1, $2, 'outbound', 'sent', 'hello!')", b.company.ID, fast.ID)
		if n, err := b.svc.ReassignStale(ctx, b.company.ID); err != nil || n != 0 {
			t.Fatalf("ReassignStale before the limit = %d, %v", n, err)
		}
		b.exec(ctx, t, "UPDATE conversations SET assigned_at = now() - interval '6 minutes'")
		if n, err := b.svc.ReassignStale(ctx, b.company.ID); err != nil || n != 1 {
			t.Fatalf("ReassignStale = %d, %v", n, err)
		}
		h, _ := b.svc.History(ctx, b.company.ID, slow.ID)
		if len(h) != 2 || h[1].ToAgentID.UUID == agentOf(slow) || h[1].Reason != "no reply in 5 minutes" {
			t.Fatalf("history = %+v", h)
		}
	})

	t.Run("SettingsValidation", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 0)
		s, err := b.svc.Settings(ctx, b.company.ID)
		if err != nil || s.Strategy != inbox.StrategyManual {
			t.Fatalf("default = %+v, %v", s, err)
		}
		for _, r := range []inbox.Rules{{Strategy: "random"}, {Strategy: "manual", MaxOpenPerAgent: -1}, {Strategy: "manual", ReassignAfterMinutes: 99999}} {
			if _, err := b.svc.UpdateSettings(ctx, b.company.ID, r); apperr.Code(err) != apperr.EINVALID {
				t.Errorf("%+v: %v", r, err)
			}
		}
	})
}
