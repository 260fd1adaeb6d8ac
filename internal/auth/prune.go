package auth

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db/dbgen"
)

// PruneArgs is the periodic job that forgets old login attempts.
type PruneArgs struct{}

// Kind names the job for River.
func (PruneArgs) Kind() string { return "auth_prune" }

// PruneWorker deletes login attempts older than a day (throttling looks back minutes).
type PruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	Service *Service
}

// Work prunes once.
func (w *PruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := dbgen.New(w.Service.db.Pool).LoginAttemptsPrune(ctx, w.Service.now().Add(-24*time.Hour))
	return err
}
