// Package channel receives customers' messages from the messaging channels
// (Telegram, WhatsApp through OnSend) at /webhook/{company}/{channel}.
package channel

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
)

// Channels that can be connected.
var Channels = map[string]bool{"telegram": true, "whatsapp": true}

// WebhookHandler answers webhook calls. Before anything else it checks the
// company: unknown → 404, suspended or being deleted → 403. A channel that is
// not connected answers 404.
func WebhookHandler(d *db.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.PathValue("company"))
		channel := r.PathValue("channel")
		if err != nil || !Channels[channel] {
			write(w, http.StatusNotFound, "unknown webhook")
			return
		}
		var status string
		err = d.WithAuth(r.Context(), func(tx *db.Tx) error {
			var err error
			status, err = tx.CompanyStatus(r.Context(), id)
			return err
		})
		switch {
		case db.IsNotFound(err):
			write(w, http.StatusNotFound, "unknown webhook")
		case err != nil:
			write(w, http.StatusServiceUnavailable, "temporarily unavailable")
		case status == "suspended" || status == "deleting":
			write(w, http.StatusForbidden, "company suspended")
		default:
			write(w, http.StatusNotFound, channel+" is not connected for this company")
		}
	}
}

func write(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": status < 300, "error": msg})
}
