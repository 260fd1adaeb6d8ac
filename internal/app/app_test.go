package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for goose

	"github.com/sembang/sembang/internal/app"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestServeRefusesAnUnsafeRole(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	for name, url := range map[string]string{"Owner": d.OwnerURL, "Superuser": dbtest.URL("postgres", d.Name)} {
		t.Run(name, func(t *testing.T) {
			var out, errs syncBuffer
			err := app.Run(context.Background(), []string{"sembang", "serve"},
				env(map[string]string{"DATABASE_URL": url, "ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir()}), &out, &errs)
			if err == nil || !strings.Contains(err.Error(), "refusing to start") {
				t.Fatalf("Run(serve) as %s = %v, want a refusal", name, err)
			}
		})
	}
}

func TestServeRefusesProductionWithoutCredentialKeys(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	var out, errs syncBuffer
	err := app.Run(context.Background(), []string{"sembang", "serve"},
		env(map[string]string{"DATABASE_URL": d.AppURL, "ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir(), "SEMBANG_ENV": "production"}), &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "CREDENTIAL_ENCRYPTION_KEYS") {
		t.Fatalf("Run(serve) in production without keys = %v, want a refusal", err)
	}
}

func TestServeStartsAndStops(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, []string{"sembang", "serve"},
			env(map[string]string{"DATABASE_URL": d.AppURL, "ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir()}), &out, &errs)
	}()
	url := waitRunning(t, &out, &errs, done)
	if !strings.Contains(out.String(), "generated a development key") {
		t.Errorf("no word of the generated development key:\n%s", out.String())
	}
	t.Run("DeletedCompanyIsPurgedByTheWorker", func(t *testing.T) {
		purgedByWorker(t, d, url)
	})
	for _, path := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s = %d", path, res.StatusCode)
		}
	}
	stopServer(t, cancel, done)
	if !strings.Contains(errs.String(), `"request_id"`) {
		t.Error("request logs carry no request_id")
	}
}

// waitRunning waits for a server started by Run to print its address, and returns it.
func waitRunning(t *testing.T, out, errs *syncBuffer, done <-chan error) string {
	t.Helper()
	running := regexp.MustCompile(`running at (http://localhost:\d+)`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := running.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped: %v\n%s\n%s", err, out.String(), errs.String())
		default:
		}
	}
	t.Fatalf("server did not start:\n%s\n%s", out.String(), errs.String())
	return ""
}

// stopServer cancels a server started by Run and waits for a clean exit.
func stopServer(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestServeRefusesABehindSchema(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	d.RollBackLatestMigration(t)
	var out, errs syncBuffer
	err := app.Run(context.Background(), []string{"sembang", "serve"},
		env(map[string]string{"DATABASE_URL": d.AppURL, "ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir()}), &out, &errs)
	want := fmt.Sprintf("refusing to start: the database schema is at version %d, this binary needs %d: run `sembang migrate`", db.LatestVersion()-1, db.LatestVersion())
	if err == nil || err.Error() != want {
		t.Fatalf("Run(serve) on a schema one migration behind = %v, want %q", err, want)
	}
}

func TestDev(t *testing.T) {
	t.Parallel()
	// unreachable stands for a server where no superuser connection is possible.
	const unreachable = "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=5"

	start := func(t *testing.T, vars map[string]string) (url string, out *syncBuffer, stop func()) {
		t.Helper()
		vars["ADDR"], vars["DATA_DIR"], vars["SEMBANG_ENV"] = "127.0.0.1:0", t.TempDir(), "test"
		ctx, cancel := context.WithCancel(context.Background())
		out, errs := &syncBuffer{}, &syncBuffer{}
		done := make(chan error, 1)
		go func() { done <- app.Run(ctx, []string{"sembang", "dev"}, env(vars), out, errs) }()
		url = waitRunning(t, out, errs, done)
		return url, out, func() { stopServer(t, cancel, done) }
	}
	ready := func(t *testing.T, url string) {
		t.Helper()
		res, err := http.Get(url + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/readyz = %d", res.StatusCode)
		}
	}

	t.Run("CreatesTheDatabaseAsSuperuser", func(t *testing.T) {
		t.Parallel()
		name := "sembang_dev_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
		t.Cleanup(func() { dropDatabase(t, name) })
		url, out, stop := start(t, map[string]string{"ADMIN_DATABASE_URL": dbtest.AdminURL(),
			"DATABASE_URL": dbtest.URL(dbtest.AppRole, name), "MIGRATION_DATABASE_URL": dbtest.URL(dbtest.OwnerRole, name)})
		defer stop()
		ready(t, url)
		if strings.Contains(out.String(), "No superuser connection") {
			t.Errorf("skipped the bootstrap although the superuser could connect:\n%s", out.String())
		}
	})

	t.Run("UsesAProvisionedDatabaseWithoutASuperuser", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		url, out, stop := start(t, map[string]string{"ADMIN_DATABASE_URL": unreachable, "DATABASE_URL": d.AppURL, "MIGRATION_DATABASE_URL": d.OwnerURL})
		defer stop()
		ready(t, url)
		for _, want := range []string{"No superuser connection (ADMIN_DATABASE_URL): using the existing roles and database.", "Demo logins"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("output lacks %q:\n%s", want, out.String())
			}
		}
	})

	t.Run("WithoutASuperuserRefuses", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		for name, tc := range map[string]struct {
			runtimeURL, ownerURL string
			want                 string
		}{
			"AnUnsafeRole":     {d.OwnerURL, d.OwnerURL, "unsafe database role"},
			"AMissingDatabase": {dbtest.URL(dbtest.AppRole, "sembang_no_such_db"), dbtest.URL(dbtest.OwnerRole, "sembang_no_such_db"), "MIGRATION_DATABASE_URL"},
		} {
			t.Run(name, func(t *testing.T) {
				var out, errs syncBuffer
				err := app.Run(context.Background(), []string{"sembang", "dev"}, env(map[string]string{"ADMIN_DATABASE_URL": unreachable,
					"DATABASE_URL": tc.runtimeURL, "MIGRATION_DATABASE_URL": tc.ownerURL, "ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir()}), &out, &errs)
				if err == nil {
					t.Fatal("dev started")
				}
				for _, want := range []string{"ADMIN_DATABASE_URL", "must already exist", tc.want} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
			})
		}
	})
}

func dropDatabase(t *testing.T, name string) {
	conn, err := pgx.Connect(context.Background(), dbtest.AdminURL())
	if err != nil {
		t.Logf("drop %s: %v", name, err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Logf("drop %s: %v", name, err)
	}
}

// purgedByWorker deletes a company through the API and waits for the running
// server's job worker to remove its rows.
func purgedByWorker(t *testing.T, d *dbtest.DB, url string) {
	c := dbtest.Company(t, d, "doomed")
	dbtest.User(t, d, c.ID, "company_admin", "admin@doomed.test")
	dbtest.User(t, d, uuid.Nil, "super_admin", "root@platform.test")
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := hc.Post(url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"root@platform.test","password":"`+dbtest.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	_ = json.NewDecoder(res.Body).Decode(&me)
	res.Body.Close()
	req, _ := http.NewRequest(http.MethodDelete, url+"/api/v1/platform/companies/"+c.ID.String(), nil)
	req.Header.Set("X-CSRF-Token", me.CSRFToken)
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("delete company: %d", res.StatusCode)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		n := -1
		err := d.WithPlatform(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRow(context.Background(), "SELECT count(*) FROM users WHERE company_id = $1", c.ID).Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the deleted company's users were not purged by the worker")
}
