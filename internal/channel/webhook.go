// Package channel connects companies' messaging channels (Telegram, WhatsApp
// through OnSend): encrypted credentials, the webhook at
// /webhook/{company}/{channel}, the ingest and delivery workers.
package channel

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Channels that can be connected.
var Channels = map[string]bool{"telegram": true, "whatsapp": true}

// WebhookHandler answers webhook calls: unknown company → 404, suspended or
// being deleted → 403, channel not connected → 404, wrong secret → 401 with
// nothing stored, malformed body → 400 (logged in the delivery log), otherwise
// the raw event and its ingest job are stored in one transaction and the answer
// is 200 (also for a duplicate, which stores nothing).
func (s *Service) WebhookHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.PathValue("company"))
		ch := r.PathValue("channel")
		if err != nil || !Channels[ch] {
			write(w, http.StatusNotFound, "unknown webhook")
			return
		}
		var status string
		err = s.db.WithAuth(r.Context(), func(tx *db.Tx) error {
			var err error
			status, err = tx.CompanyStatus(r.Context(), id)
			return err
		})
		switch {
		case db.IsNotFound(err):
			write(w, http.StatusNotFound, "unknown webhook")
			return
		case err != nil:
			write(w, http.StatusServiceUnavailable, "temporarily unavailable")
			return
		case status == "suspended" || status == "deleting":
			write(w, http.StatusForbidden, "company suspended")
			return
		}
		p, ok := s.providers[ch]
		if !ok {
			write(w, http.StatusNotFound, ch+" is not connected for this company")
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			write(w, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		code, msg := s.accept(r, id, p, body)
		if code >= 500 {
			s.set.Logger.ErrorContext(r.Context(), "webhook", "company_id", id, "channel", ch, "err", msg)
			msg = "temporarily unavailable"
		}
		write(w, code, msg)
	}
}

var errReject = errors.New("rejected")

// accept verifies, parses and stores one call; it returns the HTTP answer.
func (s *Service) accept(r *http.Request, companyID uuid.UUID, p Provider, body []byte) (int, string) {
	ctx, ch := r.Context(), p.Channel()
	code, msg := http.StatusOK, "ok"
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		row, err := tx.IntegrationGet(ctx, ch)
		if db.IsNotFound(err) || (err == nil && (len(row.TokenCiphertext) == 0 || row.Status == "revoked")) {
			code, msg = http.StatusNotFound, ch+" is not connected for this company"
			return errReject
		} else if err != nil {
			return err
		}
		secrets := []string{row.WebhookSecret}
		if row.PreviousSecretExpiresAt != nil && row.PreviousSecretExpiresAt.After(time.Now()) {
			secrets = append(secrets, row.PreviousWebhookSecret)
		}
		if !p.Verify(r, body, secrets, row.SignatureHeader) {
			code, msg = http.StatusUnauthorized, "invalid webhook secret"
			return errReject
		}
		in, err := p.Parse(body)
		if err != nil {
			code, msg = http.StatusBadRequest, "malformed body"
			return logDelivery(ctx, tx, companyID, ch, "inbound", "rejected", http.StatusBadRequest, uuid.Nil, "malformed webhook body")
		}
		if in.Ignore {
			return nil
		}
		creds, err := s.credentials(companyID, row)
		if err != nil {
			return err
		}
		if scope := p.EventScope(creds); scope != "" {
			in.EventID = scope + ":" + in.EventID
		}
		eventID, err := tx.WebhookEventInsert(ctx, dbgen.WebhookEventInsertParams{CompanyID: companyID, Channel: ch, ProviderEventID: in.EventID, Body: body})
		if db.IsNotFound(err) {
			msg = "duplicate"
			return nil
		} else if err != nil {
			return err
		}
		if s.jobs == nil {
			return errors.New("no job queue")
		}
		if _, err := s.jobs.InsertTx(ctx, tx.Tx, IngestArgs{CompanyID: companyID, Channel: ch, EventID: eventID}, nil); err != nil {
			return err
		}
		if err := tx.IntegrationTouchInbound(ctx, ch); err != nil {
			return err
		}
		return logDelivery(ctx, tx, companyID, ch, "inbound", "ok", http.StatusOK, uuid.Nil, "event "+in.EventID)
	})
	if err != nil && !errors.Is(err, errReject) {
		return http.StatusServiceUnavailable, err.Error()
	}
	return code, msg
}

// IngestArgs is the job that turns a stored webhook event into a message.
type IngestArgs struct {
	CompanyID uuid.UUID `json:"company_id"`
	Channel   string    `json:"channel"`
	EventID   int64     `json:"event_id"`
}

// Kind names the job for River.
func (IngestArgs) Kind() string { return "channel_ingest" }

// InsertOpts gives ingest its attempts.
func (IngestArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10} }

// IngestWorker runs Service.Ingest.
type IngestWorker struct {
	river.WorkerDefaults[IngestArgs]
	Service *Service
}

// Work ingests one event; it is idempotent.
func (w *IngestWorker) Work(ctx context.Context, job *river.Job[IngestArgs]) error {
	return w.Service.Ingest(ctx, job.Args.CompanyID, job.Args.EventID)
}

func write(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status < 300 {
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": msg})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": msg})
}
