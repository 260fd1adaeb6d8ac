// Package app wires Sembang together and runs its subcommands.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/provider"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/ai/versions"
	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/simulator"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/config"
	"github.com/sembang/sembang/internal/contact"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/jobs"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/notify"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/seed"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/successcase"
	"github.com/sembang/sembang/internal/team"
)

const usage = `Usage: sembang <command>

Commands:
  serve     run the API, the web app and the background workers
  migrate   bring the database schema up to date (as MIGRATION_DATABASE_URL)
  seed      add the demo data (a super admin and the company "Kedai Demo")
  openapi   print the OpenAPI description (YAML)
  dev       create the local database and roles, migrate, seed and serve (add --reset to start from an empty database)
`

// Run is the whole program; main only calls it.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	logger := api.NewLogger(stderr, level)

	switch args[1] {
	case "serve":
		return serve(ctx, cfg, logger, stdout, nil)
	case "migrate":
		return migrate(ctx, cfg)
	case "seed":
		if cfg.Production() {
			return errors.New("seed makes demo accounts with a published password; it is refused when SEMBANG_ENV=production")
		}
		d, err := db.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		defer d.Close()
		logins, err := seedDemo(ctx, cfg, d, getenv)
		if err != nil {
			return err
		}
		printLogins(stdout, cfg.PublicURL, logins)
		return nil
	case "openapi":
		return writeOpenAPI(stdout)
	case "dev":
		fs := flag.NewFlagSet("dev", flag.ContinueOnError)
		reset := fs.Bool("reset", false, "drop the database first")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		return dev(ctx, cfg, logger, getenv, stdout, *reset)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[1])
}

func migrate(ctx context.Context, cfg config.Config) error {
	role, err := db.UserOf(cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	return db.Migrate(ctx, cfg.MigrationDatabaseURL, role)
}

func writeOpenAPI(w io.Writer) error {
	mux := http.NewServeMux()
	a := api.NewAPI(mux, api.Deps{Logger: slog.New(slog.DiscardHandler)})
	b, err := a.OpenAPI().YAML()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// services builds the domain services over d.
type services struct {
	api.Services
	blobs storage.Store
}

// mediaSigner signs the expiring media URLs providers fetch; nil without a keyring (seed).
func mediaSigner(cfg config.Config, keys *secretbox.Keyring) *storage.Signer {
	if keys == nil {
		return nil
	}
	return &storage.Signer{Secret: keys.Derive("media-url"), BaseURL: cfg.PublicURL}
}

// blobStore is the S3-compatible bucket when S3_ENDPOINT is set, else the local disk under DATA_DIR.
func blobStore(ctx context.Context, cfg config.Config) (storage.Store, error) {
	if cfg.S3Endpoint == "" {
		return storage.Disk{Root: filepath.Join(cfg.DataDir, "blobs")}, nil
	}
	return storage.NewS3(ctx, storage.S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, Region: cfg.S3Region, UseSSL: cfg.S3UseSSL})
}

func newServices(cfg config.Config, d *db.DB, blobs storage.Store, keys *secretbox.Keyring, logger *slog.Logger) services {
	s := services{
		Services: api.Services{
			Auth: auth.NewService(d, auth.Settings{
				SessionTTL: cfg.SessionTTL, SessionAbsoluteTTL: cfg.SessionAbsoluteTTL, MaxFailuresAccount: cfg.LoginMaxFailuresPerAccount,
				MaxFailuresIP: cfg.LoginMaxFailuresPerIP, Lockout: cfg.LoginLockout, BaseDomain: cfg.BaseDomain,
			}, nil),
			Companies: company.NewService(d, blobs, cfg.CompanyDeleteDelay),
			Team:      team.NewService(d),
			Templates: successcase.NewService(d),
			Catalog:   catalog.NewService(d, blobs),
			Knowledge: knowledge.NewService(d, blobs),
			Contacts:  contact.NewService(d),
			AIModel:   versions.NewService(d),
			Channels: channel.NewService(d, keys, blobs, channel.Settings{PublicURL: cfg.PublicURL, SecretGrace: cfg.WebhookSecretGrace, Logger: logger, Signer: mediaSigner(cfg, keys)},
				telegram.New(cfg.TelegramAPIURL), onsend.New(onsend.AllowPrivateNetworks(cfg.LocalMedia))),
			Inbox:  inbox.NewService(d),
			Notify: notify.NewService(d),
		},
		blobs: blobs,
	}
	s.Replies = reply.New(reply.Deps{DB: d, Templates: s.Templates, Knowledge: s.Knowledge, Channels: s.Channels,
		Provider: provider.New(cfg), Timeout: cfg.AITimeout,
		For: func(kind, model string, fallback ai.Provider) ai.Provider {
			return provider.ForConfig(cfg, kind, model, fallback)
		}})
	return s
}

func seedDemo(ctx context.Context, cfg config.Config, d *db.DB, getenv func(string) string) ([]seed.Login, error) {
	password := getenv("DEMO_PASSWORD")
	if password == "" {
		password = "sembang-demo-2026"
	}
	blobs, err := blobStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := newServices(cfg, d, blobs, nil, nil)
	return seed.Demo(ctx, d, s.Companies, s.Team, password)
}

// serve runs the server until ctx ends. ready, if set, receives the address once listening.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, stdout io.Writer, banner func(addr string)) error {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.CheckRuntimeRole(ctx); err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("refusing to start: cannot read the database schema version (%w): run `sembang migrate`", err)
	}
	if v < db.LatestVersion() {
		return fmt.Errorf("refusing to start: the database schema is at version %d, this binary needs %d: run `sembang migrate`", v, db.LatestVersion())
	}

	keys, err := credentialKeys(cfg, stdout)
	if err != nil {
		return err
	}
	blobs, err := blobStore(ctx, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.PublicURL == "" { // dev without PUBLIC_URL: providers reach the port we really listen on
		cfg.PublicURL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	}
	s := newServices(cfg, d, blobs, keys, logger)
	queue, err := jobs.New(jobs.Deps{Pool: d.Pool, Logger: logger, Auth: s.Auth, Companies: s.Companies, Channels: s.Channels, Inbox: s.Inbox, Catalog: s.Catalog, Knowledge: s.Knowledge, Replies: s.Replies})
	if err != nil {
		return err
	}
	s.Companies.SetJobs(queue)
	s.Channels.SetJobs(queue)
	s.Catalog.SetJobs(queue)
	s.Knowledge.SetJobs(queue)
	if err := queue.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	defer jobs.Stop(queue, 10*time.Second)

	events := realtime.NewHub(d.Pool, logger)
	go events.Run(ctx)
	handler, _ := api.NewHandler(api.Deps{
		Services: s.Services, DB: d, Blobs: s.blobs, Events: events, MediaSigner: mediaSigner(cfg, keys), Logger: logger, Metrics: api.NewMetrics(d.Pool),
		MaxBodyBytes: cfg.MaxBodyBytes, CookieSecure: cfg.CookieSecure, TrustProxy: cfg.TrustProxy,
	})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	addr := ln.Addr().(*net.TCPAddr)
	logger.Info("listening", "addr", addr.String())
	url := fmt.Sprintf("http://localhost:%d", addr.Port)
	if banner != nil {
		banner(url)
	} else {
		fmt.Fprintf(stdout, "Sembang is running at %s\n", url)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// dev prepares a local database (roles, database, schema, demo) and serves.
func dev(ctx context.Context, cfg config.Config, logger *slog.Logger, getenv func(string) string, stdout io.Writer, reset bool) error {
	if cfg.Production() {
		return errors.New("dev is not for production (SEMBANG_ENV=production)")
	}
	if reset {
		if err := dropDatabase(ctx, cfg); err != nil {
			return err
		}
		if err := os.RemoveAll(filepath.Join(cfg.DataDir, "blobs")); err != nil {
			return err
		}
	}
	if err := bootstrap(ctx, cfg, stdout); err != nil {
		return err
	}
	if err := migrate(ctx, cfg); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	logins, err := seedDemo(ctx, cfg, d, getenv)
	d.Close()
	if err != nil {
		return err
	}
	if getenv("PUBLIC_URL") == "" {
		cfg.PublicURL = "" // serve derives it from the address it listens on (ADDR may not be :8080)
	}
	simURL, stopSim, err := startSimulator(logger)
	if err != nil {
		return err
	}
	defer stopSim()
	if cfg.TelegramAPIURL == "https://api.telegram.org" {
		cfg.TelegramAPIURL = simURL
		cfg.LocalMedia = true
	}
	return serve(ctx, cfg, logger, stdout, func(url string) {
		fmt.Fprintf(stdout, "\nSembang is running at %s\n", url)
		printLogins(stdout, url, logins)
		fmt.Fprintf(stdout, "Simulated channels (dev only) at %s\n", simURL)
		fmt.Fprintf(stdout, "  Telegram: any bot token like 123456:SIMULATED-TOKEN works (TELEGRAM_API_URL=%s)\n", cfg.TelegramAPIURL)
		fmt.Fprintf(stdout, "  OnSend:   any device token, with the base URL %s/onsend/api/v1\n", simURL)
		fmt.Fprintf(stdout, "  Customer simulator: %s/sim/\n\n", simURL)
	})
}

// bootstrap creates the roles and the database through ADMIN_DATABASE_URL. When
// no superuser connection is possible (a server provisioned by someone else) it
// goes on with the existing roles and database, provided both roles can connect
// and the runtime role is safe; otherwise it fails saying what is missing.
func bootstrap(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	err := db.Bootstrap(ctx, cfg.AdminDatabaseURL, cfg.MigrationDatabaseURL, cfg.DatabaseURL)
	if err == nil || !noAdmin(err) {
		return err
	}
	if perr := provisioned(ctx, cfg); perr != nil {
		return fmt.Errorf("%w; without a superuser connection (ADMIN_DATABASE_URL) the roles and the database must already exist, but: %w", err, perr)
	}
	fmt.Fprintln(stdout, "No superuser connection (ADMIN_DATABASE_URL): using the existing roles and database.")
	return nil
}

// noAdmin reports whether err says the admin connection failed or lacks the privileges to create roles.
func noAdmin(err error) bool {
	var connErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	return errors.As(err, &connErr) || (errors.As(err, &pgErr) && pgErr.Code == "42501") // insufficient_privilege
}

// provisioned checks that the schema owner and the runtime role can connect to
// the database and that the runtime role could not bypass row-level security.
func provisioned(ctx context.Context, cfg config.Config) error {
	owner, err := db.Open(ctx, cfg.MigrationDatabaseURL)
	if err != nil {
		return fmt.Errorf("MIGRATION_DATABASE_URL: %w", err)
	}
	owner.Close()
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	defer d.Close()
	return d.CheckRuntimeRole(ctx)
}

// startSimulator serves the simulated Telegram and OnSend APIs on a free local port.
func startSimulator(logger *slog.Logger) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("simulator: %w", err)
	}
	srv := &http.Server{Handler: simulator.New(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

func printLogins(w io.Writer, url string, logins []seed.Login) {
	fmt.Fprintf(w, "\nDemo logins (password for all: %s)\n", logins[0].Password)
	for _, l := range logins {
		fmt.Fprintf(w, "  %-28s %-26s %s%s\n", l.Role, l.Email, strings.TrimSuffix(url, "/"), l.Portal)
	}
	fmt.Fprintf(w, "  Company subdomain login:      http://kedai-demo.localhost:%s/login\n\n", portOf(url))
}

func portOf(url string) string {
	i := strings.LastIndex(url, ":")
	if i < 0 || strings.HasSuffix(url[:i], "http") || strings.HasSuffix(url[:i], "https") {
		return "80"
	}
	return url[i+1:]
}

func dropDatabase(ctx context.Context, cfg config.Config) error {
	pc, err := pgx.ParseConfig(cfg.MigrationDatabaseURL)
	if err != nil {
		return err
	}
	admin, err := pgxpool.New(ctx, cfg.AdminDatabaseURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{pc.Database}.Sanitize()+" WITH (FORCE)")
	return err
}

// credentialKeys returns the keyring for integration credentials. Production
// refuses to start without CREDENTIAL_ENCRYPTION_KEYS; elsewhere a development
// key is generated once under DATA_DIR (so restarts still decrypt) and we say so.
func credentialKeys(cfg config.Config, stdout io.Writer) (*secretbox.Keyring, error) {
	if cfg.CredentialEncryptionKeys != "" {
		k, err := secretbox.Parse(cfg.CredentialEncryptionKeys)
		if err != nil {
			return nil, fmt.Errorf("CREDENTIAL_ENCRYPTION_KEYS: %w", err)
		}
		return k, nil
	}
	if cfg.Production() {
		return nil, errors.New("refusing to start: CREDENTIAL_ENCRYPTION_KEYS is required in production (e.g. k1:<32 random bytes in base64>)")
	}
	path := filepath.Join(cfg.DataDir, "dev-credential-key")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		b = []byte(secretbox.NewKey("dev1"))
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return nil, fmt.Errorf("write development credential key: %w", err)
		}
		fmt.Fprintf(stdout, "CREDENTIAL_ENCRYPTION_KEYS is not set: generated a development key in %s (set the variable in production)\n", path)
	} else if err != nil {
		return nil, err
	} else {
		fmt.Fprintf(stdout, "CREDENTIAL_ENCRYPTION_KEYS is not set: using the development key in %s\n", path)
	}
	k, err := secretbox.Parse(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
