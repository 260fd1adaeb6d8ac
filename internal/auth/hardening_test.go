package auth_test

import (
	"context"
	"sync"
	"testing"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
)

func TestParallelGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	ctx, b := setup(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := b.auth.Login(ctx, "admin@alpha.test", "wrong-password-x", "localhost")
			mu.Lock()
			codes[apperr.Code(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	checked := codes[apperr.EUNAUTHORIZED]
	if checked > b.set.MaxFailuresAccount || checked+codes[apperr.ETHROTTLED] != 20 {
		t.Fatalf("20 parallel guesses gave %v; want at most %d checked and the rest throttled", codes, b.set.MaxFailuresAccount)
	}
}

func TestInvalidUTF8FromTheClientIsStoredCleanly(t *testing.T) {
	t.Parallel()
	_, b := setup(t)
	ctx := identity.WithClient(context.Background(), identity.Client{IP: clientIP, UserAgent: "x\xff\xfe agent", Host: "localhost"})
	if _, err := b.auth.Login(ctx, "admin@alpha.test", "wrong-password-x", "localhost"); apperr.Code(err) != apperr.EUNAUTHORIZED {
		t.Fatalf("failed login: %v", err)
	}
	if _, err := b.auth.Login(ctx, "admin@alpha.test", "test-password-123", "localhost"); err != nil {
		t.Fatalf("login with a malformed user agent: %v", err)
	}
	var rows []dbgen.AuditLog
	err := b.db.WithTenant(ctx, b.alpha.ID, func(tx *db.Tx) error {
		var err error
		rows, err = tx.AuditList(ctx, dbgen.AuditListParams{Lim: 10})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("audit rows = %d, want the failure and the success", len(rows))
	}
	for _, r := range rows {
		if r.UserAgent != "x agent" {
			t.Errorf("stored user agent %q", r.UserAgent)
		}
	}
}
