package knowledge

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/audit"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Build statuses.
const (
	BuildQueued  = "queued"
	BuildRunning = "running"
	BuildDone    = "done"
	BuildFailed  = "failed"
)

// Status is what the AI currently knows.
type Status struct {
	Counts          dbgen.KnowledgeStatusCountsRow
	LastUpdatedAt   *time.Time
	FailedDocuments []dbgen.KnowledgeFailedDocumentsRow
	LastBuild       *dbgen.KnowledgeBuild
}

// Status returns counts, the last update, failures and the latest rebuild.
func (s *Service) Status(ctx context.Context, companyID uuid.UUID) (*Status, error) {
	out := &Status{}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if out.Counts, err = tx.KnowledgeStatusCounts(ctx); err != nil {
			return err
		}
		if t := out.Counts.LastUpdatedAt; t.Unix() > 0 {
			out.LastUpdatedAt = &t
		}
		if out.FailedDocuments, err = tx.KnowledgeFailedDocuments(ctx); err != nil {
			return err
		}
		b, err := tx.KnowledgeBuildLatest(ctx)
		if err == nil {
			out.LastBuild = &b
		} else if !db.IsNotFound(err) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Status: %w", err)
	}
	return out, nil
}

// Rebuild queues a rebuild of the company's index; a rebuild already waiting or running is returned instead.
func (s *Service) Rebuild(ctx context.Context, companyID, actor uuid.UUID) (*dbgen.KnowledgeBuild, error) {
	var out dbgen.KnowledgeBuild
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		ids, err := tx.KnowledgeDocumentIDs(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "SAVEPOINT rebuild"); err != nil {
			return err
		}
		out, err = tx.KnowledgeBuildCreate(ctx, dbgen.KnowledgeBuildCreateParams{CompanyID: companyID, TotalDocuments: int32(len(ids)), CreatedBy: nullUUID(actor)})
		if c, dup := db.UniqueViolation(err); dup && c == "knowledge_builds_active_key" {
			if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT rebuild"); err != nil {
				return err
			}
			out, err = tx.KnowledgeBuildLatest(ctx)
			return err
		} else if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{CompanyID: companyID, ActorID: actor, Action: "knowledge.rebuild_started",
			TargetType: "knowledge_build", TargetID: out.ID.String()}); err != nil {
			return err
		}
		if s.jobs == nil {
			return errors.New("no job queue")
		}
		if _, err := s.jobs.InsertTx(ctx, tx.Tx, RebuildArgs{CompanyID: companyID, BuildID: out.ID}, nil); err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.build", out.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("knowledge.Rebuild: %w", err)
	}
	return &out, nil
}

// RebuildArgs is the River job that rebuilds a company's index.
type RebuildArgs struct {
	CompanyID uuid.UUID `json:"company_id"`
	BuildID   uuid.UUID `json:"build_id"`
}

// Kind names the job.
func (RebuildArgs) Kind() string { return "knowledge_rebuild" }

// InsertOpts: a rebuild only rewrites derived rows, so running it again is safe.
func (RebuildArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// RebuildWorker runs rebuilds.
type RebuildWorker struct {
	river.WorkerDefaults[RebuildArgs]
	Service *Service
}

// Timeout allows many documents.
func (w *RebuildWorker) Timeout(*river.Job[RebuildArgs]) time.Duration { return time.Hour }

// Work runs the rebuild.
func (w *RebuildWorker) Work(ctx context.Context, job *river.Job[RebuildArgs]) error {
	return w.Service.RunRebuild(ctx, job.Args.CompanyID, job.Args.BuildID)
}

// RunRebuild processes every document again (one failed file fails only itself)
// and re-indexes every FAQ, recording progress on the build.
func (s *Service) RunRebuild(ctx context.Context, companyID, buildID uuid.UUID) error {
	var ids []uuid.UUID
	var build dbgen.KnowledgeBuild
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if build, err = tx.KnowledgeBuildGet(ctx, buildID); err != nil {
			return err
		}
		if build.Status == BuildDone || build.Status == BuildFailed {
			return nil
		}
		if ids, err = tx.KnowledgeDocumentIDs(ctx); err != nil {
			return err
		}
		if err := tx.KnowledgeBuildStart(ctx, dbgen.KnowledgeBuildStartParams{ID: buildID, TotalDocuments: int32(len(ids))}); err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.build", buildID)
	})
	if db.IsNotFound(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("knowledge.RunRebuild: %w", err)
	}
	if build.Status == BuildDone || build.Status == BuildFailed {
		return nil
	}
	done, failed := 0, 0
	for _, id := range ids {
		st, err := s.Process(ctx, companyID, id)
		if err != nil {
			return s.finishBuild(ctx, companyID, buildID, BuildFailed, apperr.New(apperr.EINTERNAL, "A document could not be processed; try again.").Message)
		}
		if st == StatusFailed {
			failed++
		}
		done++
		err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
			if err := tx.KnowledgeBuildProgress(ctx, dbgen.KnowledgeBuildProgressParams{ID: buildID, DoneDocuments: int32(done), FailedDocuments: int32(failed)}); err != nil {
				return err
			}
			return publish(ctx, tx, companyID, "knowledge.build", buildID)
		})
		if err != nil {
			return fmt.Errorf("knowledge.RunRebuild: %w", err)
		}
	}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		faqs, err := tx.FaqListAll(ctx)
		if err != nil {
			return err
		}
		for _, f := range faqs {
			if err := tx.FaqSetGrams(ctx, dbgen.FaqSetGramsParams{ID: f.ID, Grams: faqGrams(FAQInput{Question: f.Question, Answer: f.Answer, Category: f.Category})}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("knowledge.RunRebuild: %w", err)
	}
	return s.finishBuild(ctx, companyID, buildID, BuildDone, "")
}

func (s *Service) finishBuild(ctx context.Context, companyID, buildID uuid.UUID, status, reason string) error {
	return s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		c, err := tx.KnowledgeStatusCounts(ctx)
		if err != nil {
			return err
		}
		if err := tx.KnowledgeBuildFinish(ctx, dbgen.KnowledgeBuildFinishParams{ID: buildID, Status: status, Error: reason,
			ChunkCount: c.Chunks, FaqCount: c.Faqs}); err != nil {
			return err
		}
		return publish(ctx, tx, companyID, "knowledge.build", buildID)
	})
}
