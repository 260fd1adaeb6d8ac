package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for goose

	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/db"
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
		res, body := c.do(http.MethodPost, "/api/v1/company/users", map[string]string{"name": big, "email": "big@alpha.test"})
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"code":"too_large"`) {
			t.Fatalf("got %d: %.300s, want 413 too_large", res.StatusCode, body)
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

// handlerServer serves api.NewHandler with deps, for the settings newServer does not vary.
// Only the services deps names are wired; the tests call nothing else.
func handlerServer(t *testing.T, deps api.Deps) *httptest.Server {
	t.Helper()
	deps.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	deps.Metrics = api.NewMetrics(nil)
	if deps.MaxBodyBytes == 0 {
		deps.MaxBodyBytes = 1 << 20
	}
	h, _ := api.NewHandler(deps)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// authService signs in over d with the given throttle limits.
func authService(d *dbtest.DB, maxPerAccount, maxPerIP int) *auth.Service {
	return auth.NewService(d.DB, auth.Settings{SessionTTL: time.Hour, SessionAbsoluteTTL: 24 * time.Hour,
		MaxFailuresAccount: maxPerAccount, MaxFailuresIP: maxPerIP, Lockout: 15 * time.Minute, BaseDomain: "localhost"}, nil)
}

// postLogin posts a sign-in with extra request headers.
func postLogin(t *testing.T, srv *httptest.Server, email, password string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/auth/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func TestReadyz(t *testing.T) {
	t.Parallel()

	t.Run("SchemaBehindIs503", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		d.RollBackLatestMigration(t)
		srv := handlerServer(t, api.Deps{DB: d.DB})
		res, body := getJSON(t, srv.URL+"/readyz")
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("got %d: %s, want 503", res.StatusCode, body)
		}
		if body["database"] != "ok" || body["schema_version"] != float64(db.LatestVersion()-1) || body["want_version"] != float64(db.LatestVersion()) {
			t.Errorf("body %v does not say the schema is one version behind", body)
		}
	})

	t.Run("UnreachableDatabaseIs503", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there any more
		pool, err := pgxpool.New(context.Background(), "postgres://sembang_app@"+addr+"/sembang?sslmode=disable&connect_timeout=1")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		srv := handlerServer(t, api.Deps{DB: &db.DB{Pool: pool}})
		res, body := getJSON(t, srv.URL+"/readyz")
		if res.StatusCode != http.StatusServiceUnavailable || body["database"] != "unreachable" {
			t.Fatalf("got %d: %v, want 503 with database unreachable", res.StatusCode, body)
		}
		if res, _ := getJSON(t, srv.URL+"/healthz"); res.StatusCode != http.StatusOK {
			t.Errorf("/healthz = %d while the database is down; it answers while the process lives", res.StatusCode)
		}
	})
}

func getJSON(t *testing.T, url string) (*http.Response, map[string]any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return res, body
}

func TestSessionCookieIsSecureOnlyOverHTTPS(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	a := dbtest.Company(t, d, "alpha")
	dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test")
	svc := authService(d, 50, 500)

	for name, tc := range map[string]struct {
		trustProxy, cookieSecure bool
		forwardedProto           string
		wantSecure               bool
	}{
		"PlainHTTP":                         {wantSecure: false},
		"HTTPSBehindATrustedProxy":          {trustProxy: true, forwardedProto: "https", wantSecure: true},
		"HTTPBehindATrustedProxy":           {trustProxy: true, forwardedProto: "http", wantSecure: false},
		"ForwardedProtoFromAnUntrustedPeer": {forwardedProto: "https", wantSecure: false},
		"CookieSecureSetting":               {cookieSecure: true, wantSecure: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := handlerServer(t, api.Deps{Services: api.Services{Auth: svc}, DB: d.DB, TrustProxy: tc.trustProxy, CookieSecure: tc.cookieSecure})
			headers := map[string]string{}
			if tc.forwardedProto != "" {
				headers["X-Forwarded-Proto"] = tc.forwardedProto
			}
			res, body := postLogin(t, srv, "admin@alpha.test", dbtest.Password, headers)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("login: %d %s", res.StatusCode, body)
			}
			seen := map[string]bool{}
			for _, c := range res.Cookies() {
				seen[c.Name] = true
				if c.Secure != tc.wantSecure {
					t.Errorf("cookie %s Secure = %v, want %v", c.Name, c.Secure, tc.wantSecure)
				}
			}
			if !seen[auth.SessionCookie] || !seen[auth.CSRFCookie] {
				t.Fatalf("cookies set: %v", seen)
			}
		})
	}
}

func TestLoginThrottleAnswers429(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	a := dbtest.Company(t, d, "alpha")
	dbtest.User(t, d, a.ID, "company_admin", "admin@alpha.test")
	const perAccount, perIP = 3, 6
	// Behind a trusted proxy each subtest is its own client address.
	srv := handlerServer(t, api.Deps{Services: api.Services{Auth: authService(d, perAccount, perIP)}, DB: d.DB, TrustProxy: true})

	requireThrottled := func(t *testing.T, res *http.Response, body []byte) {
		t.Helper()
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("got %d: %s, want 429", res.StatusCode, body)
		}
		retry, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || retry <= 0 || retry > 15*60 {
			t.Fatalf("Retry-After = %q, want seconds within the 15-minute lockout", res.Header.Get("Retry-After"))
		}
		if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "problem+json") {
			t.Errorf("Content-Type = %q, want problem details", ct)
		}
		var p struct {
			Status int    `json:"status"`
			Code   string `json:"code"`
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("body %s: %v", body, err)
		}
		m := regexp.MustCompile(`(?i)try again in (\d+) minutes?\.`).FindStringSubmatch(p.Detail)
		if p.Status != http.StatusTooManyRequests || p.Code != "throttled" || m == nil {
			t.Fatalf("problem %+v does not say when to try again", p)
		}
		if minutes, _ := strconv.Atoi(m[1]); minutes != (retry+59)/60 {
			t.Errorf("message says %d minutes but Retry-After is %d seconds", minutes, retry)
		}
	}

	t.Run("PerAccount", func(t *testing.T) {
		t.Parallel()
		from := map[string]string{"X-Forwarded-For": "203.0.113.1"}
		for i := range perAccount {
			if res, body := postLogin(t, srv, "admin@alpha.test", "wrong-password!", from); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: got %d: %s", i+1, res.StatusCode, body)
			}
		}
		res, body := postLogin(t, srv, "admin@alpha.test", dbtest.Password, from)
		requireThrottled(t, res, body)
	})

	t.Run("PerAddress", func(t *testing.T) {
		t.Parallel()
		from := map[string]string{"X-Forwarded-For": "203.0.113.2"}
		for i := range perIP {
			if res, body := postLogin(t, srv, fmt.Sprintf("guess%d@alpha.test", i), "wrong-password!", from); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: got %d: %s", i+1, res.StatusCode, body)
			}
		}
		res, body := postLogin(t, srv, "someone-else@alpha.test", "wrong-password!", from)
		requireThrottled(t, res, body)
	})
}

func TestBodyOverTheServerLimitIs413(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	// MAX_BODY_BYTES below huma's own 1 MiB operation limit: the server's cap is the one that trips.
	srv := handlerServer(t, api.Deps{Services: api.Services{Auth: authService(d, 50, 500)}, DB: d.DB, MaxBodyBytes: 4096})
	res, body := postLogin(t, srv, "someone@alpha.test", strings.Repeat("a", 8192), nil)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"code":"too_large"`) {
		t.Fatalf("got %d: %s, want 413 too_large", res.StatusCode, body)
	}
}
