package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/seed"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/team"
)

func TestDemoIsCompleteAndIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	companies := company.NewService(d.DB, storage.Disk{Root: t.TempDir()}, 0)
	teams := team.NewService(d.DB)
	const password = "demo-password-123"

	var logins []seed.Login
	for i := 0; i < 2; i++ {
		var err error
		if logins, err = seed.Demo(ctx, d.DB, companies, teams, password); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	a := auth.NewService(d.DB, auth.Settings{SessionTTL: time.Hour, SessionAbsoluteTTL: time.Hour, MaxFailuresAccount: 5, MaxFailuresIP: 50, Lockout: time.Minute, BaseDomain: "localhost"}, nil)
	roles := map[string]int{}
	for _, l := range logins {
		s, err := a.Login(ctx, l.Email, password, "localhost")
		if err != nil {
			t.Fatalf("demo login %s: %v", l.Email, err)
		}
		roles[s.Principal.Role]++
	}
	if roles[auth.RoleSuperAdmin] != 1 || roles[auth.RoleCompanyAdmin] != 1 || roles[auth.RoleCompanyUser] != 2 {
		t.Fatalf("demo roles %v", roles)
	}
	o, err := companies.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o.CompaniesByStatus["active"] != 1 || o.UsersByRole[auth.RoleCompanyUser] != 2 {
		t.Fatalf("after two runs: %+v", o)
	}
}
