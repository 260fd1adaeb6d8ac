// Package realtime delivers change events to browsers: writers publish
// {type, company_id, ids} with Postgres NOTIFY inside their transaction (so it
// goes out only on commit), every instance LISTENs, and GET /api/events
// streams each event (Server-Sent Events) to the signed-in users allowed to see it.
package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sembang/sembang/internal/platform/identity"
)

// Channel is the Postgres NOTIFY channel.
const Channel = "sembang_events"

// Event is what a browser learns: what changed, ids only (NOTIFY payloads stay far below 8000 bytes).
type Event struct {
	Type      string      `json:"type"`
	CompanyID uuid.UUID   `json:"company_id"`
	IDs       []uuid.UUID `json:"ids"`
	// AgentIDs are the agents who may see the record; company admins always may.
	AgentIDs []uuid.UUID `json:"agent_ids,omitempty"`
	// UserIDs, when set, are the only users who receive the event, whatever
	// their role (a personal notification).
	UserIDs []uuid.UUID `json:"user_ids,omitempty"`
}

// Publish queues e in tx; Postgres sends it when tx commits, never if it rolls back.
func Publish(ctx context.Context, tx pgx.Tx, e Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, string(b)); err != nil {
		return fmt.Errorf("realtime.Publish: %w", err)
	}
	return nil
}

// Hub listens for events and fans them out to this instance's subscribers.
type Hub struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
}

type subscriber struct {
	p  identity.Principal
	ch chan Event
}

// NewHub returns a Hub; Run starts listening.
func NewHub(pool *pgxpool.Pool, logger *slog.Logger) *Hub {
	return &Hub{pool: pool, logger: logger, subs: map[*subscriber]struct{}{}}
}

// Run listens until ctx ends, reconnecting after a lost connection.
func (h *Hub) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if err := h.listen(ctx); err != nil && ctx.Err() == nil {
			h.logger.Warn("realtime: listen", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

func (h *Hub) listen(ctx context.Context) error {
	conn, err := h.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	defer func() { _, _ = conn.Exec(context.Background(), "UNLISTEN "+Channel) }()
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var e Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil {
			continue
		}
		h.dispatch(e)
	}
}

// allowed reports whether p may see e: a company admin sees their company's
// events, an agent only events naming them; an event for given users reaches only them.
func allowed(p identity.Principal, e Event) bool {
	if p.CompanyID != e.CompanyID || e.CompanyID == uuid.Nil {
		return false
	}
	if len(e.UserIDs) > 0 {
		return slices.Contains(e.UserIDs, p.UserID)
	}
	if p.Role == identity.RoleCompanyAdmin {
		return true
	}
	for _, id := range e.AgentIDs {
		if id == p.UserID {
			return true
		}
	}
	return false
}

func (h *Hub) dispatch(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if !allowed(s.p, e) {
			continue
		}
		select {
		case s.ch <- e:
		default: // a slow browser misses events rather than slowing everyone; it reloads on reconnect
		}
	}
}

// Subscribe returns the events p may see until cancel is called.
func (h *Hub) Subscribe(p identity.Principal) (<-chan Event, func()) {
	s := &subscriber{p: p, ch: make(chan Event, 64)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s.ch, func() {
		h.mu.Lock()
		delete(h.subs, s)
		h.mu.Unlock()
	}
}

// Handler serves GET /api/events as a Server-Sent Events stream for the signed-in user.
func (h *Hub) Handler(heartbeat time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := identity.PrincipalFrom(r.Context())
		if p == nil {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"status":401,"title":"Unauthorized","detail":"Sign in to continue.","code":"unauthorized"}`))
			return
		}
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(": connected\n\n"))
		if err := rc.Flush(); err != nil {
			return
		}
		events, cancel := h.Subscribe(*p)
		defer cancel()
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				_, err := w.Write([]byte(": ping\n\n"))
				if err == nil {
					err = rc.Flush()
				}
				if err != nil {
					return
				}
			case e := <-events:
				b, _ := json.Marshal(struct {
					Type string      `json:"type"`
					IDs  []uuid.UUID `json:"ids"`
				}{e.Type, e.IDs})
				_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Type, b)
				if err == nil {
					err = rc.Flush()
				}
				if err != nil {
					return
				}
			}
		}
	}
}
