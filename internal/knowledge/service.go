// Package knowledge keeps what a company's AI knows besides its catalog:
// training documents (extracted, chunked and indexed by a background job),
// FAQs, the brand voice, and the platform's industry playbooks. Search is the
// one retrieval function the reply engine uses.
package knowledge

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/storage"
)

// Languages a FAQ or a brand voice may name.
var Languages = []string{"en", "ms", "zh", "ta"}

// Service manages a company's knowledge.
type Service struct {
	db    *db.DB
	blobs storage.Store
	jobs  *river.Client[pgx.Tx]
	now   func() time.Time
}

// NewService returns a Service.
func NewService(d *db.DB, blobs storage.Store) *Service {
	return &Service{db: d, blobs: blobs, now: time.Now}
}

// SetJobs gives the service the queue document processing and rebuilds run on.
func (s *Service) SetJobs(c *river.Client[pgx.Tx]) { s.jobs = c }

func principal(ctx context.Context) (companyID, userID uuid.UUID) {
	p := identity.PrincipalFrom(ctx)
	if p == nil {
		return uuid.Nil, uuid.Nil
	}
	return p.CompanyID, p.UserID
}

func nullUUID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }

func validLanguage(l string) bool {
	for _, x := range Languages {
		if x == l {
			return true
		}
	}
	return false
}

// publish tells the company's admins that knowledge changed (documents: their ids).
func publish(ctx context.Context, tx *db.Tx, companyID uuid.UUID, typ string, ids ...uuid.UUID) error {
	if ids == nil {
		ids = []uuid.UUID{}
	}
	return realtime.Publish(ctx, tx.Tx, realtime.Event{Type: typ, CompanyID: companyID, IDs: ids})
}
