package api_test

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/db/dbtest"
)

var update = flag.Bool("update", false, "rewrite api/openapi.yaml")

func TestOpenAPIFileIsCurrent(t *testing.T) {
	t.Parallel()
	a := api.NewAPI(http.NewServeMux(), api.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	got, err := a.OpenAPI().YAML()
	if err != nil {
		t.Fatal(err)
	}
	const file = "../../api/openapi.yaml"
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("api/openapi.yaml is stale: run `make generate` (or go test ./internal/api -run OpenAPI -update) and commit it")
	}
}

func TestServer(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := dbtest.Company(t, s.DB, "alpha")
	dbtest.User(t, s.DB, a.ID, "company_admin", "admin@alpha.test")

	t.Run("UnknownAPIPathIs404JSONNotTheApp", func(t *testing.T) {
		res, body := s.anonymous(t).do(http.MethodGet, "/api/v1/no-such-thing", nil)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Header.Get("Content-Type"), "json") {
			t.Fatalf("got %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	})

	t.Run("AppRoutesServeTheIndexPage", func(t *testing.T) {
		res, body := s.anonymous(t).do(http.MethodGet, "/company/setup", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("<")) {
			t.Fatalf("got %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
	})

	t.Run("SecurityHeaders", func(t *testing.T) {
		res, _ := s.anonymous(t).do(http.MethodGet, "/healthz", nil)
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("%s = %q, want %q", h, got, want)
			}
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Error("no X-Request-Id")
		}
	})

	t.Run("MutationWithoutCSRFTokenIsRefused", func(t *testing.T) {
		c := s.login(t, "admin@alpha.test")
		c.csrf = ""
		res, body := c.do(http.MethodPost, "/api/v1/company/users", map[string]string{"name": "X", "email": "x@alpha.test"})
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "CSRF") {
			t.Fatalf("got %d: %s", res.StatusCode, body)
		}
		c.csrf = "wrong"
		if res, _ := c.do(http.MethodPost, "/api/v1/auth/logout", nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("wrong token: got %d", res.StatusCode)
		}
	})

	t.Run("CrossOriginMutationIsRefused", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/auth/login", strings.NewReader(`{"email":"admin@alpha.test","password":"`+dbtest.Password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://evil.example")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("got %d, want 403", res.StatusCode)
		}
	})

	t.Run("SessionCookieIsHttpOnlyAndSameSite", func(t *testing.T) {
		res, _ := s.anonymous(t).do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "admin@alpha.test", "password": dbtest.Password})
		found := false
		for _, c := range res.Cookies() {
			if c.Name == "sembang_session" {
				found = true
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
					t.Errorf("session cookie HttpOnly=%v SameSite=%v", c.HttpOnly, c.SameSite)
				}
			}
		}
		if !found {
			t.Fatal("no session cookie")
		}
	})

	t.Run("ValidationErrorsNameTheField", func(t *testing.T) {
		c := s.login(t, "admin@alpha.test")
		res, body := c.do(http.MethodPost, "/api/v1/company/users", map[string]string{"name": "Ali", "email": "not-an-email"})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"location":"body.email"`) || !strings.Contains(string(body), `"code":"invalid"`) {
			t.Fatalf("got %d: %s", res.StatusCode, body)
		}
	})

	t.Run("OversizedBodyIsRefused", func(t *testing.T) {
		c := s.login(t, "admin@alpha.test")
		big := strings.Repeat("a", 2<<20)
		res, _ := c.do(http.MethodPost, "/api/v1/company/users", map[string]string{"name": big, "email": "big@alpha.test"})
		if res.StatusCode != http.StatusRequestEntityTooLarge && res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 413", res.StatusCode)
		}
	})

	t.Run("ReadyzChecksTheSchema", func(t *testing.T) {
		res, body := s.anonymous(t).do(http.MethodGet, "/readyz", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"schema_version"`) {
			t.Fatalf("got %d: %s", res.StatusCode, body)
		}
	})

	t.Run("MetricsByRouteAndPool", func(t *testing.T) {
		s.anonymous(t).do(http.MethodGet, "/api/v1/public/reference", nil)
		_, body := s.anonymous(t).do(http.MethodGet, "/metrics", nil)
		for _, want := range []string{`route="GET /api/v1/public/reference"`, "sembang_db_pool_total_conns", "sembang_http_request_duration_seconds"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("DocsPageIsSelfContained", func(t *testing.T) {
		res, body := s.anonymous(t).do(http.MethodGet, "/api/docs", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "/api/v1/platform/companies") {
			t.Fatalf("got %d", res.StatusCode)
		}
		if strings.Contains(string(body), "https://") {
			t.Error("docs page references an external URL")
		}
		res, _ = s.anonymous(t).do(http.MethodGet, "/api/openapi.yaml", nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("openapi.yaml: %d", res.StatusCode)
		}
	})
}

func TestLogoUploadIsCappedBeforeItIsRead(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := dbtest.Company(t, s.DB, "alpha")
	dbtest.User(t, s.DB, a.ID, "company_admin", "admin@alpha.test")
	c := s.login(t, "admin@alpha.test")

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", "huge.png")
	_, _ = part.Write(bytes.Repeat([]byte{0x89}, 8<<20))
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/company/logo", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", c.csrf)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge && res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
		t.Fatalf("8 MiB logo: %d, want a refusal", res.StatusCode)
	}
}
