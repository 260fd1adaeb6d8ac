package channel

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Pacing spaces sends the way providers ask: Telegram about one message a
// second per chat and 30 a second per bot, OnSend 60 calls a minute per
// device. Slots live in the database (send_pacing), so every instance shares
// them and N instances together keep the limits.
type Pacing struct {
	TelegramPerChat time.Duration
	TelegramPerBot  time.Duration
	OnSendPerDevice time.Duration
}

// DefaultPacing is the providers' published limits.
var DefaultPacing = Pacing{TelegramPerChat: time.Second, TelegramPerBot: time.Second / 30, OnSendPerDevice: time.Second}

// slotMillis is a slot's length in whole milliseconds, as the database books
// it, rounded up: 1/30 s rounded down to 33 ms would let 31 sends through in
// a second.
func slotMillis(every time.Duration) int64 {
	return int64((every + time.Millisecond - 1) / time.Millisecond)
}

var errSlotTaken = errors.New("channel: send slot taken")

// reserve takes a slot on every key at once, or none: when any key's slot is
// still taken it returns how long to wait for the latest of them.
func (s *Service) reserve(ctx context.Context, companyID uuid.UUID, keys map[string]time.Duration) (time.Duration, error) {
	var wait time.Duration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		taken := false
		for k, every := range keys {
			if every <= 0 {
				continue
			}
			got, err := tx.PacingReserve(ctx, dbgen.PacingReserveParams{CompanyID: companyID, PaceKey: k, EveryMs: slotMillis(every)})
			if err != nil {
				return err
			}
			if len(got) == 0 {
				ms, err := tx.PacingWait(ctx, k)
				if err != nil {
					return err
				}
				if w := time.Duration(ms) * time.Millisecond; w > wait {
					wait = w
				}
				taken = true
			}
		}
		if taken {
			return errSlotTaken // roll back the slots this call did take
		}
		return nil
	})
	if errors.Is(err, errSlotTaken) {
		if wait <= 0 {
			wait = time.Millisecond
		}
		return wait, nil
	}
	return 0, err
}
