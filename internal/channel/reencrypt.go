package channel

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// ReencryptArgs is the periodic job that re-encrypts credentials sealed with an older key.
type ReencryptArgs struct{}

// Kind names the job for River.
func (ReencryptArgs) Kind() string { return "channel_reencrypt" }

// ReencryptWorker runs Service.Reencrypt.
type ReencryptWorker struct {
	river.WorkerDefaults[ReencryptArgs]
	Service *Service
}

// Work re-encrypts every stale credential.
func (w *ReencryptWorker) Work(ctx context.Context, _ *river.Job[ReencryptArgs]) error {
	_, err := w.Service.Reencrypt(ctx)
	return err
}

// Reencrypt seals every stored token whose key is not the newest with the
// newest key, one company at a time, and returns how many it re-encrypted.
func (s *Service) Reencrypt(ctx context.Context) (int, error) {
	if s.keys == nil {
		return 0, nil
	}
	n := 0
	for {
		var stale []dbgen.IntegrationListStaleKeysRow
		err := s.db.WithPlatform(ctx, func(tx *db.Tx) error {
			var err error
			stale, err = tx.IntegrationListStaleKeys(ctx, dbgen.IntegrationListStaleKeysParams{CurrentKeyID: s.keys.Current(), Lim: 100})
			return err
		})
		if err != nil {
			return n, fmt.Errorf("channel.Reencrypt: %w", err)
		}
		if len(stale) == 0 {
			return n, nil
		}
		for _, r := range stale {
			err := s.db.WithTenant(ctx, r.CompanyID, func(tx *db.Tx) error {
				row, err := tx.IntegrationGetForUpdate(ctx, r.Channel)
				if err != nil {
					return err
				}
				plain, err := s.keys.Open(row.TokenKeyID, row.TokenCiphertext, aad(r.CompanyID, r.Channel))
				if err != nil {
					return err
				}
				keyID, sealed, err := s.keys.Seal(plain, aad(r.CompanyID, r.Channel))
				if err != nil {
					return err
				}
				return tx.IntegrationReencrypt(ctx, dbgen.IntegrationReencryptParams{Channel: r.Channel, TokenCiphertext: sealed, TokenKeyID: keyID, OldKeyID: row.TokenKeyID})
			})
			if err != nil {
				// A token sealed with a retired key cannot be read: report and stop rather than loop.
				return n, fmt.Errorf("channel.Reencrypt %s/%s: %w", r.CompanyID, r.Channel, err)
			}
			n++
		}
	}
}
