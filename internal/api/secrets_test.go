package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/api"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
)

const (
	leakTelegramToken = "555000111:AAtelegramSecretPart-Zq9x"
	leakOnSendToken   = "onsend-secret-device-token-K7m2"
)

// syncBuffer is a log sink shared by the HTTP handlers and the job workers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// failingProviders fakes the Telegram Bot API and OnSend, refusing every call
// the way the real ones do (401 for a bad token, 500 for an outage). The 500s
// echo the token in their description, as a misbehaving server might.
func failingProviders(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasPrefix(r.URL.Path, "/bot"+leakTelegramToken+"/getMe"), strings.HasPrefix(r.URL.Path, "/bot"+leakTelegramToken+"/getWebhookInfo"):
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
		case strings.HasPrefix(r.URL.Path, "/bot"+leakTelegramToken+"/"):
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":500,"description":"Internal Server Error: bot` + leakTelegramToken + ` unavailable"}`))
		case r.URL.Path == "/onsend/api/v1/status":
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"success":false,"message":"Unauthenticated."}`))
		case r.URL.Path == "/onsend/api/v1/send":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"success":false,"message":"device ` + leakOnSendToken + ` crashed"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Not parallel: the API installs its error logger process-wide, and this test
// must see every record its own server writes.
func TestSecretsNeverLeak(t *testing.T) {
	logs := &syncBuffer{}
	fake := failingProviders(t)
	s := newServerWith(t, serverOptions{logger: api.NewLogger(logs, slog.LevelDebug), telegram: fake.URL, workers: true})
	a := dbtest.Company(t, s.DB, "alpha")
	dbtest.User(t, s.DB, a.ID, "company_admin", "admin@alpha.test")
	admin := s.login(t, "admin@alpha.test")

	type call struct {
		name string
		body []byte
	}
	var calls []call
	do := func(method, path string, body any, want int) []byte {
		t.Helper()
		res, b := admin.do(method, path, body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		calls = append(calls, call{method + " " + path, b})
		return b
	}
	const base = "/api/v1/company/integrations/"
	do(http.MethodPut, base+"telegram/token", map[string]string{"token": leakTelegramToken}, 200)
	do(http.MethodPut, base+"whatsapp/token", map[string]string{"token": leakOnSendToken, "base_url": fake.URL + "/onsend/api/v1"}, 200)
	for _, ch := range []string{"telegram", "whatsapp"} {
		for _, op := range []string{"test", "connect"} {
			var r struct {
				OK    bool   `json:"ok"`
				Error string `json:"error"`
			}
			if err := json.Unmarshal(do(http.MethodPost, base+ch+"/"+op, nil, 200), &r); err != nil || r.OK || r.Error == "" {
				t.Fatalf("%s %s against a failing provider: %+v %v", ch, op, r, err)
			}
		}
	}

	secrets := map[string]string{}
	err := s.DB.WithTenant(context.Background(), a.ID, func(tx *db.Tx) error {
		for _, ch := range []string{"telegram", "whatsapp"} {
			r, err := tx.IntegrationGet(context.Background(), ch)
			if err != nil {
				return err
			}
			secrets[ch] = r.WebhookSecret
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A reply on each channel; the provider answers 500, the job errors and River logs it.
	for _, ch := range []string{"telegram", "whatsapp"} {
		conv := conversationOn(t, s, a.ID, ch)
		do(http.MethodPost, "/api/v1/company/conversations/"+conv.String()+"/messages", map[string]string{"text": "Terima kasih"}, http.StatusAccepted)
	}
	waitForFailedDeliveries(t, s, 2)
	// An OnSend webhook with its secret in the URL, as OnSend may be configured to call.
	res, err := http.Post(s.URL+"/webhook/"+a.ID.String()+"/whatsapp?secret="+secrets["whatsapp"], "application/json",
		strings.NewReader(`{"id":"L1","from":"60123456789","message":"hi"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("webhook: %v %v", res, err)
	}
	res.Body.Close()

	do(http.MethodGet, base[:len(base)-1], nil, 200)
	do(http.MethodGet, base+"delivery-log", nil, 200)
	do(http.MethodGet, base+"audit-log", nil, 200)
	do(http.MethodPost, base+"telegram/revoke", nil, 200)
	do(http.MethodPost, base+"whatsapp/revoke", nil, 200)

	secretParts := map[string]string{
		"Telegram token":          leakTelegramToken,
		"Telegram token's secret": "AAtelegramSecretPart",
		"OnSend token":            leakOnSendToken,
		"OnSend token's middle":   "secret-device-token",
		"Telegram webhook secret": secrets["telegram"],
		"OnSend webhook secret":   secrets["whatsapp"],
	}
	shown := `"webhook_secret":"` + secrets["whatsapp"] + `"` // the integration view shows it to paste into OnSend
	for _, c := range calls {
		body := strings.ReplaceAll(string(c.body), shown, "")
		for what, v := range secretParts {
			if strings.Contains(body, v) {
				t.Errorf("%s: the response holds the %s: %s", c.name, what, c.body)
			}
		}
	}
	captured := logs.String()
	for what, v := range secretParts {
		if strings.Contains(captured, v) {
			t.Errorf("the logs hold the %s", what)
		}
	}
	// The error paths did run (otherwise the checks above prove nothing): the
	// provider's refusals reached the responses, the delivery failures the logs.
	var responses strings.Builder
	for _, c := range calls {
		responses.Write(c.body)
	}
	for _, want := range []string{"Unauthorized", "Unauthenticated", "unavailable"} {
		if !strings.Contains(responses.String(), want) {
			t.Errorf("no response mentions %q: the failing test/connect paths did not run", want)
		}
	}
	for _, want := range []string{"crashed", "unavailable"} {
		if !strings.Contains(captured, want) {
			t.Errorf("the logs do not mention %q: the failing deliveries were not logged:\n%s", want, captured)
		}
	}
}

// conversationOn stores a customer and an open conversation on ch.
func conversationOn(t *testing.T, s *testServer, companyID uuid.UUID, ch string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := s.DB.WithTenant(context.Background(), companyID, func(tx *db.Tx) error {
		ext := "4242"
		if ch == "whatsapp" {
			ext = "0123456789"
		}
		c, err := tx.ContactUpsert(context.Background(), dbgen.ContactUpsertParams{CompanyID: companyID, Channel: ch, ExternalID: ext, Name: "Siti"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(context.Background(), dbgen.ConversationCreateParams{CompanyID: companyID, ContactID: c.ID, Channel: ch})
		id = conv.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// waitForFailedDeliveries waits until River has run n delivery jobs and recorded their errors.
func waitForFailedDeliveries(t *testing.T, s *testServer, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var got int
		err := s.DB.Pool.QueryRow(context.Background(),
			"SELECT count(*) FROM river_job WHERE kind = 'channel_deliver' AND coalesce(array_length(errors, 1), 0) >= 1").Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d delivery jobs failed and were recorded", got, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
