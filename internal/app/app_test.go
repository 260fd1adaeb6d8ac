package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

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
	url := ""
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := regexp.MustCompile(`running at (http://localhost:\d+)`).FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped: %v\n%s", err, errs.String())
		default:
		}
	}
	if url == "" {
		t.Fatalf("server did not start:\n%s", errs.String())
	}
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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(errs.String(), `"request_id"`) {
		t.Error("request logs carry no request_id")
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
