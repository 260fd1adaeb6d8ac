package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/company"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/identity"
)

// CSRFHeader carries the session's CSRF token on state-changing calls.
const CSRFHeader = "X-CSRF-Token"

type requestIDKey struct{}

type routeKey struct{}

// routeHolder carries the matched mux pattern back out to observe, past the
// request copies that inner middleware make.
type routeHolder struct{ pattern string }

// recordRoute runs the mux and notes which pattern it matched.
func recordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if h, ok := r.Context().Value(routeKey{}).(*routeHolder); ok {
			h.pattern = r.Pattern
		}
	})
}

// RequestID returns the request's id, "" outside a request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, recovers panics, logs it and records its metrics.
func observe(logger *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		route := &routeHolder{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey{}, id), routeKey{}, route)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				logger.ErrorContext(r.Context(), "panic", "panic", v, "path", r.URL.Path)
				if sw.status == 0 {
					writeProblem(sw, http.StatusInternalServerError, "internal", "Something went wrong on our side.")
				}
			}
			d := time.Since(start)
			m.observe(route.pattern, r.Method, sw.status, d)
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				logger.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("route", route.pattern), slog.Int("status", sw.status), slog.Duration("duration", d))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every response carries; the SPA adds its own CSP.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// uploadLimits are the larger body limits of upload paths (multipart bodies
// are read before huma's per-operation limit could apply).
var uploadLimits = map[string]int64{
	"/api/v1/company/logo":                    company.MaxLogoBytes + 64<<10,
	"/api/v1/company/messages/media":          channel.MaxMediaBytes + 64<<10,
	"/api/v1/agent/messages/media":            channel.MaxMediaBytes + 64<<10,
	"/api/v1/company/products/import/preview": catalog.MaxImportBytes + 64<<10,
	"/api/v1/company/products/import":         catalog.MaxImportBytes + 64<<10,
	"/api/v1/company/products/images":         catalog.MaxImageBytes + 64<<10,
	"/api/v1/company/knowledge/documents":     knowledge.MaxDocumentBytes + 64<<10,
	"/api/v1/company/knowledge/faqs/import":   knowledge.MaxFAQImportBytes + 64<<10,
}

// limitBody caps request bodies.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			limit := max
			if l, ok := uploadLimits[r.URL.Path]; ok {
				limit = l
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// withClient records the caller's address and agent; behind a trusted proxy the
// last X-Forwarded-For address (the one our proxy appended) is the client.
func withClient(trustProxy bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		if trustProxy {
			if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
				hops := strings.Split(xff, ",")
				if parsed := net.ParseIP(strings.TrimSpace(hops[len(hops)-1])); parsed != nil {
					ip = parsed.String()
				}
			}
		}
		secure := r.TLS != nil || (trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
		ctx := identity.WithClient(r.Context(), identity.Client{IP: ip, UserAgent: strings.ToValidUTF8(r.UserAgent(), ""), Host: r.Host, Secure: secure})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withSession resolves the session cookie of API calls into a principal, and
// enforces same-origin and the CSRF token on every state-changing API call.
func withSession(svc *auth.Service, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
		if unsafe && !sameOrigin(r) {
			writeProblem(w, http.StatusForbidden, "forbidden", "Cross-site request refused.")
			return
		}
		if c, err := r.Cookie(auth.SessionCookie); err == nil && c.Value != "" {
			p, err := svc.Resolve(r.Context(), c.Value)
			if err != nil {
				logger.ErrorContext(r.Context(), "resolve session", "err", err)
				writeProblem(w, http.StatusServiceUnavailable, "unavailable", "The service is temporarily unavailable. Try again shortly.")
				return
			}
			if p != nil {
				if unsafe && subtle.ConstantTimeCompare([]byte(r.Header.Get(CSRFHeader)), []byte(p.CSRFToken)) != 1 {
					writeProblem(w, http.StatusForbidden, "forbidden", "Missing or invalid CSRF token. Reload the page and try again.")
					return
				}
				r = r.WithContext(identity.WithPrincipal(r.Context(), p))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin accepts a request without an Origin header (not a browser
// cross-site form) or one whose Origin host is the request's host.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "title": http.StatusText(status), "detail": detail, "code": code})
}

// contextHandler adds the request id to every log record written with a context.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(a)}
}

func (h contextHandler) WithGroup(n string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(n)}
}

// NewLogger returns the JSON logger that tags records with request ids.
func NewLogger(w interface{ Write([]byte) (int, error) }, level slog.Level) *slog.Logger {
	return slog.New(contextHandler{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})})
}
