package channel

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
)

// sendsInWindow is how many sends slot-by-slot pacing lets through in any
// window of windowMs: a send every slotMs, the first at the window's start.
func sendsInWindow(slotMs, windowMs int64) int {
	n := 0
	for at := int64(0); at < windowMs; at += slotMs {
		n++
	}
	return n
}

func TestPacingSlots(t *testing.T) {
	t.Parallel()
	company := uuid.New()
	s := &Service{set: Settings{Pacing: &DefaultPacing}}

	t.Run("TelegramAtMost30ASecondPerBotAndOneASecondPerChat", func(t *testing.T) {
		t.Parallel()
		a := s.paceKeys(company, "telegram", "4242")
		b := s.paceKeys(company, "telegram", "5353")
		bot := "tg-bot/" + company.String()
		if len(a) != 2 || a[bot] == 0 || b[bot] != a[bot] {
			t.Fatalf("keys %v and %v: two chats of one bot must share its key", a, b)
		}
		for k, every := range a {
			if k == bot {
				continue
			}
			if _, shared := b[k]; shared {
				t.Fatalf("two chats share the chat key %s", k)
			}
			if n := sendsInWindow(slotMillis(every), 1000); n > 1 {
				t.Errorf("%d sends a second to one chat, want at most 1", n)
			}
		}
		if n := sendsInWindow(slotMillis(a[bot]), 1000); n > 30 || n < 29 {
			t.Errorf("%d sends a second per bot (slot %d ms), want at most 30 and not far below", n, slotMillis(a[bot]))
		}
	})

	t.Run("OnSendAtMost60AMinutePerDevice", func(t *testing.T) {
		t.Parallel()
		k := s.paceKeys(company, "whatsapp", "60123456789")
		other := s.paceKeys(company, "whatsapp", "60199999999")
		if len(k) != 1 || len(other) != 1 {
			t.Fatalf("keys %v", k)
		}
		for key, every := range k {
			if other[key] != every {
				t.Fatalf("two recipients on one device must share its key: %v, %v", k, other)
			}
			if n := sendsInWindow(slotMillis(every), 60_000); n > 60 || n < 59 {
				t.Errorf("%d sends a minute per device (slot %d ms), want at most 60", n, slotMillis(every))
			}
		}
		if other := s.paceKeys(uuid.New(), "whatsapp", "60123456789"); len(other) == 1 {
			for key := range other {
				if _, same := k[key]; same {
					t.Fatal("two companies' devices share a key")
				}
			}
		}
	})

	t.Run("SlotsRoundUpToWholeMilliseconds", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			every time.Duration
			want  int64
		}{{time.Second / 30, 34}, {time.Second, 1000}, {time.Millisecond, 1}, {1500 * time.Microsecond, 2}, {0, 0}} {
			if got := slotMillis(tc.every); got != tc.want {
				t.Errorf("slotMillis(%s) = %d, want %d", tc.every, got, tc.want)
			}
		}
	})

	t.Run("TheDatabaseBooksTheSlotsAsComputed", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		c := dbtest.Company(t, d, "pace")
		svc := &Service{db: d.DB, set: Settings{Pacing: &DefaultPacing}}
		ctx := context.Background()
		keys := svc.paceKeys(c.ID, "telegram", "4242")
		if wait, err := svc.reserve(ctx, c.ID, keys); err != nil || wait != 0 {
			t.Fatalf("first reserve = %v, %v", wait, err)
		}
		// Both slots were booked in one transaction, from the same now():
		// their difference is the difference of the slot lengths, whatever the clock.
		var diffMs, rows float64
		err := d.WithTenant(ctx, c.ID, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, `SELECT extract(epoch FROM (SELECT next_at FROM send_pacing WHERE key = $1) - (SELECT next_at FROM send_pacing WHERE key = $2)) * 1000,
				(SELECT count(*) FROM send_pacing)::float8`, "tg-chat/"+c.ID.String()+"/4242", "tg-bot/"+c.ID.String()).Scan(&diffMs, &rows)
		})
		if err != nil {
			t.Fatal(err)
		}
		if diffMs != float64(1000-34) || rows != 2 {
			t.Fatalf("chat slot ends %v ms after the bot slot over %v rows, want %d over 2", diffMs, rows, 1000-34)
		}
	})
}
