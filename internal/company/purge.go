package company

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
)

// PurgeArgs is the job that removes a deleted company's data.
type PurgeArgs struct {
	CompanyID uuid.UUID `json:"company_id"`
}

// Kind names the job for River.
func (PurgeArgs) Kind() string { return "company_purge" }

// InsertOpts keeps a purge unique per company.
func (PurgeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PurgeWorker deletes every row of a company marked "deleting" (the foreign
// keys cascade to all its tenant tables) and then its blobs.
type PurgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	Service *Service
}

// Work runs one purge; it is idempotent.
func (w *PurgeWorker) Work(ctx context.Context, job *river.Job[PurgeArgs]) error {
	return w.Service.Purge(ctx, job.Args.CompanyID)
}

// Purge removes a company in status "deleting" and its blobs. A company in any
// other status is left alone. Blobs go first, so a retry after a failure finds
// the row still there and finishes the job.
func (s *Service) Purge(ctx context.Context, id uuid.UUID) error {
	status := ""
	err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		st, err := tx.CompanyStatus(ctx, id)
		if db.IsNotFound(err) {
			return nil
		}
		status = st
		return err
	})
	if err != nil {
		return fmt.Errorf("company.Purge: %w", err)
	}
	if status != "deleting" && status != "" {
		return nil
	}
	// Logos, the channels' inbound and outbound media, product images, import files and training documents.
	for _, prefix := range []string{"logos/", "media/", "products/", "imports/", "knowledge/"} {
		if err := s.blobs.DeletePrefix(ctx, prefix+id.String()); err != nil {
			return fmt.Errorf("company.Purge: blobs: %w", err)
		}
	}
	err = s.db.WithPlatform(ctx, func(tx *db.Tx) error {
		_, err := tx.CompanyDelete(ctx, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("company.Purge: %w", err)
	}
	return nil
}
