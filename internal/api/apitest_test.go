package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/ai/provider"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/jobs"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/successcase"
	"github.com/sembang/sembang/internal/team"
)

// testServer is the whole HTTP server over a fresh database.
type testServer struct {
	*httptest.Server
	DB  *dbtest.DB
	API huma.API
}

func newServer(t *testing.T) *testServer {
	t.Helper()
	return newServerWith(t, serverOptions{})
}

// serverOptions change how newServerWith builds the server.
type serverOptions struct {
	logger   *slog.Logger // where the server, the channels and the job workers log; discarded when nil
	telegram string       // the Telegram Bot API base URL; none reachable when empty
	workers  bool         // run the job workers; otherwise jobs are only queued
}

func newServerWith(t *testing.T, o serverOptions) *testServer {
	t.Helper()
	d := dbtest.New(t)
	logger := o.logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.telegram == "" {
		o.telegram = "http://127.0.0.1:1" // tests that need a provider start an httptest fake
	}
	blobs := storage.Disk{Root: t.TempDir()}
	keys, err := secretbox.Parse(secretbox.NewKey("test1"))
	if err != nil {
		t.Fatal(err)
	}
	channels := channel.NewService(d.DB, keys, blobs, channel.Settings{PublicURL: "https://sembang.test", Logger: logger},
		telegram.New(o.telegram), onsend.New(onsend.AllowPrivateNetworks(true)))
	know := knowledge.NewService(d.DB, blobs)
	s := api.Services{
		Auth: auth.NewService(d.DB, auth.Settings{SessionTTL: time.Hour, SessionAbsoluteTTL: 24 * time.Hour,
			MaxFailuresAccount: 50, MaxFailuresIP: 500, Lockout: time.Minute, BaseDomain: "localhost"}, nil),
		Companies: company.NewService(d.DB, blobs, time.Hour),
		Team:      team.NewService(d.DB),
		Templates: successcase.NewService(d.DB),
		Channels:  channels,
		Inbox:     inbox.NewService(d.DB),
		Notify:    notify.NewService(d.DB),
		Catalog:   catalog.NewService(d.DB, blobs),
		Knowledge: know,
		Contacts:  contact.NewService(d.DB),
		AIModel:   versions.NewService(d.DB),
	}
	s.Replies = reply.New(reply.Deps{DB: d.DB, Templates: s.Templates, Knowledge: know, Channels: channels, Provider: provider.NewOffline()})
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	var queue *river.Client[pgx.Tx]
	if o.workers {
		queue, err = jobs.New(jobs.Deps{Pool: d.Pool, Logger: logger, Auth: s.Auth, Companies: s.Companies, Channels: channels, Inbox: s.Inbox,
			Catalog: s.Catalog, Knowledge: know, Replies: s.Replies})
		if err == nil {
			err = queue.Start(ctx)
		}
		t.Cleanup(func() { jobs.Stop(queue, 5*time.Second) })
	} else {
		queue, err = river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Companies.SetJobs(queue)
	channels.SetJobs(queue)
	s.Catalog.SetJobs(queue)
	know.SetJobs(queue)
	events := realtime.NewHub(d.Pool, logger)
	go events.Run(ctx)
	h, a := api.NewHandler(api.Deps{Services: s, DB: d.DB, Blobs: blobs, Events: events, Logger: logger, Metrics: api.NewMetrics(d.Pool), MaxBodyBytes: 1 << 20})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, DB: d, API: a}
}

// client is a browser-like caller with its own cookie jar.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func (s *testServer) anonymous(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: s.URL, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// login signs in and fails the test unless it succeeds.
func (s *testServer) login(t *testing.T, email string) *client {
	t.Helper()
	c := s.anonymous(t)
	res, body := c.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": dbtest.Password})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, res.StatusCode, body)
	}
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	_ = json.Unmarshal(body, &me)
	c.csrf = me.CSRFToken
	return c
}

func (c *client) do(method, path string, body any) (*http.Response, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, out
}
