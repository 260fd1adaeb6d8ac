// Package api is the HTTP surface: the huma operations under /api/v1, the
// middleware every request passes, health, metrics, media and the web app.
package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/realtime"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/webui"
)

// Deps are what the HTTP server needs.
type Deps struct {
	Services
	DB           *db.DB
	Blobs        storage.Store
	Events       *realtime.Hub   // nil: no /api/events
	MediaSigner  *storage.Signer // nil: no signed media URLs
	Logger       *slog.Logger
	Metrics      *Metrics
	MaxBodyBytes int64
	CookieSecure bool
	TrustProxy   bool
}

// NewAPI returns a huma API with every operation registered on mux.
func NewAPI(mux *http.ServeMux, d Deps) huma.API {
	installErrors(d.Logger)
	cfg := huma.DefaultConfig("Sembang API", "1.0.0")
	cfg.Info.Description = "Multi-tenant sales chat for WhatsApp and Telegram. Every operation declares its access in `x-access`: " +
		"public, session (any signed-in user), platform (super admin), company (company admin) or agent (sales agent)."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = "/api/schemas"
	cfg.CreateHooks = nil // no $schema links in responses
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"session": {Type: "apiKey", In: "cookie", Name: "sembang_session", Description: "Set by POST /api/v1/auth/login. State-changing calls also need the X-CSRF-Token header."},
	}
	a := humago.New(mux, cfg)
	Routes(a, d.Services, d.CookieSecure)
	return a
}

// NewHandler returns the whole HTTP server.
func NewHandler(d Deps) (http.Handler, huma.API) {
	mux := http.NewServeMux()
	a := NewAPI(mux, d)

	mux.HandleFunc("GET /api/docs", docsHandler(a))
	if d.Events != nil {
		mux.HandleFunc("GET /api/events", d.Events.Handler(25*time.Second))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "not_found", "No API operation at "+r.Method+" "+r.URL.Path+".")
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readyz(d.DB))
	mux.Handle("GET /metrics", d.Metrics.Handler())
	mux.HandleFunc("GET /media/logos/{company}/{file}", media(d.Blobs, "logos"))
	mux.HandleFunc("GET /media/products/{company}/{file}", media(d.Blobs, "products"))
	if d.MediaSigner != nil {
		mux.HandleFunc("GET "+storage.SignedPrefix+"{key...}", d.MediaSigner.Handler(d.Blobs))
	}
	mux.HandleFunc("POST /webhook/{company}/{channel}", d.Channels.WebhookHandler())
	mux.Handle("/", webui.Handler())

	h := recordRoute(mux)
	h = withSession(d.Auth, d.Logger, h)
	h = withClient(d.TrustProxy, h)
	h = limitBody(d.MaxBodyBytes, h)
	h = securityHeaders(h)
	h = observe(d.Logger, d.Metrics, h)
	return h, a
}

func readyz(d *db.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		v, err := d.SchemaVersion(ctx)
		switch {
		case err != nil:
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "database": "unreachable"})
		case v < db.LatestVersion():
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "database": "ok", "schema_version": v, "want_version": db.LatestVersion(), "detail": "run `sembang migrate`"})
		default:
			writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "database": "ok", "schema_version": v})
		}
	}
}

// media serves public blobs (company logos, product images, under keys with a
// random part) with their sniffed type.
func media(blobs storage.Store, prefix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := prefix + "/" + r.PathValue("company") + "/" + r.PathValue("file")
		storage.Serve(w, r, blobs, key, storage.ServeOptions{ImagesOnly: true, CacheControl: "public, max-age=86400"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
