package channel

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// TestCustomerTelegramID is the chat id of the synthetic customer "Send test
// webhook" writes as (Telegram's own service account, never a real customer).
const TestCustomerTelegramID = 777000

// TestCustomerPhone is the synthetic WhatsApp customer.
const TestCustomerPhone = "60000000000"

// TestWebhookResult is how our own webhook endpoint answered a synthetic call.
type TestWebhookResult struct {
	Status int
	Answer string
}

// SendTestWebhook pushes a synthetic customer message, signed with the
// company's current secret, through the real webhook handler: verification,
// storage and the ingest job run exactly as for a provider's call.
// Returns ECONFLICT when the channel has no credentials.
func (s *Service) SendTestWebhook(ctx context.Context, companyID uuid.UUID, ch string) (TestWebhookResult, error) {
	if _, err := s.provider(ch); err != nil {
		return TestWebhookResult{}, err
	}
	row, _, err := s.load(ctx, companyID, ch)
	if err != nil {
		return TestWebhookResult{}, err
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	text := "Test message from Sembang at " + time.Now().UTC().Format(time.RFC3339)
	var body []byte
	if ch == "telegram" {
		body, _ = json.Marshal(map[string]any{"update_id": n.Int64() + 1<<41, "message": map[string]any{
			"message_id": n.Int64(), "date": time.Now().Unix(), "text": text,
			"chat": map[string]any{"id": TestCustomerTelegramID, "type": "private", "first_name": "Sembang test customer"},
		}})
	} else {
		body, _ = json.Marshal(map[string]any{"id": fmt.Sprintf("sembang-test-%d", n.Int64()), "from": TestCustomerPhone,
			"name": "Sembang test customer", "type": "text", "message": text, "timestamp": time.Now().Unix()})
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/webhook/"+companyID.String()+"/"+ch, bytes.NewReader(body))
	req.SetPathValue("company", companyID.String())
	req.SetPathValue("channel", ch)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", row.WebhookSecret)
	req.Header.Set("X-Webhook-Secret", row.WebhookSecret)
	if row.SignatureHeader != "" {
		req.Header.Set(row.SignatureHeader, Sign(row.WebhookSecret, body))
	}
	rec := httptest.NewRecorder()
	s.WebhookHandler()(rec, req)
	res := TestWebhookResult{Status: rec.Code, Answer: rec.Body.String()}
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		return s.audit(ctx, tx, companyID, ch, "webhook.test_sent", map[string]any{"status": rec.Code})
	})
	if err != nil {
		return TestWebhookResult{}, apperr.New(apperr.EINTERNAL, err.Error())
	}
	return res, nil
}
