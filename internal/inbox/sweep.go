package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
)

// OnAgentStatusChanged keeps the queue moving when an agent is (re)activated
// or deactivated, inside the caller's transaction: a deactivated agent's open
// conversations go back to the queue, and the rules then hand waiting
// conversations to whoever has room.
func OnAgentStatusChanged(ctx context.Context, tx *db.Tx, companyID, agentID uuid.UUID, active bool) error {
	set, err := lockSettings(ctx, tx, companyID)
	if err != nil {
		return fmt.Errorf("inbox.OnAgentStatusChanged: %w", err)
	}
	if !active {
		open, err := tx.ConversationListOpenByAgent(ctx, uuid.NullUUID{UUID: agentID, Valid: true})
		if err != nil {
			return fmt.Errorf("inbox.OnAgentStatusChanged: %w", err)
		}
		for _, c := range open {
			if _, err := setAgent(ctx, tx, c, uuid.NullUUID{}, uuid.NullUUID{}, "agent deactivated"); err != nil {
				return fmt.Errorf("inbox.OnAgentStatusChanged: %w", err)
			}
		}
	}
	if _, err := backfill(ctx, tx, &set); err != nil {
		return fmt.Errorf("inbox.OnAgentStatusChanged: %w", err)
	}
	return nil
}

// SweepArgs is the periodic job that assigns waiting conversations (capacity
// freed by closed chats) and moves those whose agent has not replied in time.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "inbox_sweep" }

// SweepInterval is how often the sweep runs.
const SweepInterval = time.Minute

// SweepWorker runs SweepArgs.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Service *Service
}

// Work sweeps every company whose rules assign on their own.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	_, err := w.Service.Sweep(ctx)
	return err
}

// Sweep runs Backfill and ReassignStale for every company with automatic rules; it returns how many conversations moved.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	var companies []uuid.UUID
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		var err error
		companies, err = tx.AssignmentSettingsListAuto(ctx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("inbox.Sweep: %w", err)
	}
	total := 0
	for _, id := range companies {
		n, err := s.ReassignStale(ctx, id)
		if err != nil {
			return total, err
		}
		m, err := s.Backfill(ctx, id)
		if err != nil {
			return total, err
		}
		total += n + m
	}
	return total, nil
}
