package channel

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
)

// Retention is how long raw webhook events and the delivery log are kept.
const Retention = 30 * 24 * time.Hour

// PruneArgs is the periodic job that deletes old raw events and delivery-log rows.
type PruneArgs struct{}

// Kind names the job for River.
func (PruneArgs) Kind() string { return "channel_prune" }

// PruneWorker runs Service.Prune.
type PruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	Service *Service
}

// Work prunes.
func (w *PruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := w.Service.Prune(ctx, time.Now().Add(-Retention))
	return err
}

// Prune deletes processed webhook events and delivery-log rows older than
// before, company by company, and returns how many rows went. Messages stay.
func (s *Service) Prune(ctx context.Context, before time.Time) (int64, error) {
	var companies []uuid.UUID
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		ids, err := tx.WebhookEventCompaniesWithOld(ctx, before)
		companies = ids
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("channel.Prune: %w", err)
	}
	var n int64
	for _, id := range companies {
		err := s.db.WithTenant(ctx, id, func(tx *db.Tx) error {
			a, err := tx.WebhookEventPrune(ctx, before)
			if err != nil {
				return err
			}
			b, err := tx.DeliveryLogPrune(ctx, before)
			n += a + b
			return err
		})
		if err != nil {
			return n, fmt.Errorf("channel.Prune %s: %w", id, err)
		}
	}
	return n, nil
}
