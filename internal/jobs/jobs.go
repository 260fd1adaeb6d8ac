// Package jobs starts River, the job queue that lives in the same database,
// with every worker and periodic job of the domain packages.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/knowledge"
)

// Deps are the services whose workers run here.
type Deps struct {
	Pool      *pgxpool.Pool
	Logger    *slog.Logger
	Auth      *auth.Service
	Companies *company.Service
	Channels  *channel.Service
	Inbox     *inbox.Service
	Catalog   *catalog.Service
	Knowledge *knowledge.Service
	Replies   *reply.Engine
}

// New returns a River client with all workers registered; Start runs them.
func New(d Deps) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &company.PurgeWorker{Service: d.Companies})
	river.AddWorker(workers, &auth.PruneWorker{Service: d.Auth})
	river.AddWorker(workers, &channel.IngestWorker{Service: d.Channels})
	river.AddWorker(workers, &channel.DeliverWorker{Service: d.Channels})
	river.AddWorker(workers, &channel.ReencryptWorker{Service: d.Channels})
	river.AddWorker(workers, &channel.PruneWorker{Service: d.Channels})
	river.AddWorker(workers, &inbox.SweepWorker{Service: d.Inbox})
	river.AddWorker(workers, &inbox.ReminderWorker{Service: d.Inbox})
	river.AddWorker(workers, &catalog.ImportWorker{Service: d.Catalog})
	river.AddWorker(workers, &knowledge.ProcessWorker{Service: d.Knowledge})
	river.AddWorker(workers, &knowledge.RebuildWorker{Service: d.Knowledge})
	river.AddWorker(workers, &reply.AutoReplyWorker{Engine: d.Replies})
	client, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers: workers,
		Logger:  d.Logger,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return auth.PruneArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return channel.ReencryptArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(inbox.SweepInterval), func() (river.JobArgs, *river.InsertOpts) {
				return inbox.SweepArgs{}, nil
			}, nil),
			river.NewPeriodicJob(river.PeriodicInterval(inbox.ReminderInterval), func() (river.JobArgs, *river.InsertOpts) { return inbox.ReminderArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return channel.PruneArgs{}, nil
			}, nil),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs.New: %w", err)
	}
	return client, nil
}

// Stop stops the client, giving running jobs up to timeout to finish.
func Stop(c *river.Client[pgx.Tx], timeout time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_ = c.Stop(ctx)
}
