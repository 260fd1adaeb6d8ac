package inbox_test

import (
	"testing"

	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/team"
)

func TestAgentAvailability(t *testing.T) {
	t.Parallel()

	t.Run("DeactivatedAgentsChatsMoveAndReactivatedAgentGetsWaiting", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 2)
		teams := team.NewService(b.d.DB)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyRoundRobin, MaxOpenPerAgent: 2})
		for _, ext := range []string{"1", "2", "3", "4"} {
			b.open(ctx, t, ext, "")
		}
		// Agent 0 goes away: their two chats go back to the queue; agent 1 is full, so they wait.
		if _, err := teams.SetActive(ctx, b.company.ID, b.admin.ID, b.agents[0].ID, false); err != nil {
			t.Fatal(err)
		}
		if w := b.workload(ctx, t); w[b.agents[0].ID] != 0 || w[b.agents[1].ID] != 2 {
			t.Fatalf("workload = %v", w)
		}
		if q, _ := b.svc.Queue(ctx, b.company.ID, 50); len(q) != 2 {
			t.Fatalf("queue = %d, want 2", len(q))
		}
		// Back at work: the waiting chats are theirs again at once.
		if _, err := teams.SetActive(ctx, b.company.ID, b.admin.ID, b.agents[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if w := b.workload(ctx, t); w[b.agents[0].ID] != 2 {
			t.Fatalf("workload after reactivation = %v", w)
		}
	})

	t.Run("SweepFillsFreedCapacity", func(t *testing.T) {
		t.Parallel()
		ctx, b := setup(t, 1)
		b.rules(ctx, t, inbox.Rules{Strategy: inbox.StrategyLeastWorkload, MaxOpenPerAgent: 1})
		first := b.open(ctx, t, "1", "")
		second := b.open(ctx, t, "2", "")
		if second.AssignedAgentID.Valid {
			t.Fatal("past the cap")
		}
		b.exec(ctx, t, "UPDATE conversations SET status = 'closed' WHERE id = $1", first.ID)
		if n, err := b.svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("Sweep = %d, %v", n, err)
		}
		if w := b.workload(ctx, t); w[b.agents[0].ID] != 1 {
			t.Fatalf("workload = %v", w)
		}
	})
}
