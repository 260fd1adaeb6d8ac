package channel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/inbox"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/storage"
)

const (
	botToken    = "987654321:AAFakeBotTokenSecretPart-7777"
	deviceToken = "onsend-device-token-zz9999"
)

// providers is one httptest server speaking the Telegram Bot API (/bot<token>/...)
// and OnSend (/api/v1/...), recording every call and failing on demand.
type providers struct {
	*httptest.Server
	mu sync.Mutex
	// calls are "method path" plus the decoded JSON body.
	calls []recorded
	// failures are answers given, in order, to send calls before succeeding.
	failures []failure
	sent     int
}

type recorded struct {
	Name string
	Auth string
	Body map[string]any
}

type failure struct {
	status int
	body   string
	header map[string]string
}

func newProviders(t *testing.T) *providers {
	p := &providers{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := map[string]any{}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			_ = r.ParseMultipartForm(1 << 20)
			for k, v := range r.MultipartForm.Value {
				body[k] = v[0]
			}
			for k, fh := range r.MultipartForm.File {
				f, _ := fh[0].Open()
				b, _ := io.ReadAll(f)
				body[k] = "file:" + string(b)
			}
		} else {
			_ = json.NewDecoder(r.Body).Decode(&body)
		}
		name := r.URL.Path
		if strings.HasPrefix(name, "/bot"+botToken+"/") {
			name = "telegram." + strings.TrimPrefix(name, "/bot"+botToken+"/")
		} else if strings.HasPrefix(name, "/file/bot"+botToken+"/") {
			_, _ = w.Write([]byte("\x89PNG fake image"))
			return
		} else if strings.HasPrefix(name, "/api/v1/") && r.Header.Get("Authorization") == "Bearer "+deviceToken {
			name = "onsend." + strings.TrimPrefix(name, "/api/v1/")
		} else if name == "/cdn/voice.ogg" {
			_, _ = w.Write([]byte("OGG"))
			return
		} else {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
			return
		}
		p.mu.Lock()
		p.calls = append(p.calls, recorded{Name: name, Auth: r.Header.Get("Authorization"), Body: body})
		isSend := name == "telegram.sendMessage" || name == "onsend.send"
		var fail *failure
		if isSend && len(p.failures) > 0 {
			fail = &p.failures[0]
			p.failures = p.failures[1:]
		} else if isSend {
			p.sent++
		}
		p.mu.Unlock()
		if fail != nil {
			for k, v := range fail.header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(fail.status)
			_, _ = w.Write([]byte(fail.body))
			return
		}
		switch name {
		case "telegram.getMe":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"id":987654321,"is_bot":true,"first_name":"Kedai","username":"kedai_demo_bot"}}`))
		case "telegram.getWebhookInfo":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"url":"","has_custom_certificate":false,"pending_update_count":0}}`))
		case "telegram.setWebhook", "telegram.deleteWebhook":
			_, _ = w.Write([]byte(`{"ok":true,"result":true}`))
		case "telegram.getFile":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"file_id":"big","file_unique_id":"u","file_path":"photos/file_9.jpg"}}`))
		case "telegram.sendMessage", "telegram.sendPhoto", "telegram.sendDocument":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":555,"date":1,"chat":{"id":4242,"type":"private"}}}`))
		case "onsend.status":
			_, _ = w.Write([]byte(`{"success":true,"status":"connected","phone_number":"60198765432"}`))
		case "onsend.send":
			_, _ = w.Write([]byte(`{"success":true,"message_id":"WA-1"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *providers) named(name string) []recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []recorded
	for _, c := range p.calls {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

type bundle struct {
	db      *dbtest.DB
	svc     *channel.Service
	prov    *providers
	company dbgen.Company
	logs    *bytes.Buffer
	hook    *httptest.Server
	blobs   string
	ctx     context.Context
	keys    *secretbox.Keyring
	jobs    *river.Client[pgx.Tx]
}

func setup(t *testing.T) *bundle {
	t.Helper()
	d := dbtest.New(t)
	prov := newProviders(t)
	keys, err := secretbox.Parse(secretbox.NewKey("k1"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	blobs := t.TempDir()
	svc := channel.NewService(d.DB, keys, storage.Disk{Root: blobs}, channel.Settings{PublicURL: "https://sembang.test",
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil)), Pacing: &channel.Pacing{}}, telegram.New(prov.URL),
		onsend.New(onsend.AllowPrivateNetworks(true))) // the fakes serve media on 127.0.0.1
	jobs, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetJobs(jobs)
	c := dbtest.Company(t, d, "kedai")
	admin := dbtest.User(t, d, c.ID, "company_admin", "admin@kedai.test")
	ctx := identity.WithPrincipal(context.Background(), &identity.Principal{UserID: admin.ID, CompanyID: c.ID, Role: "company_admin", Email: admin.Email})
	ctx = identity.WithClient(ctx, identity.Client{IP: "203.0.113.9", UserAgent: "test-agent"})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook/{company}/{channel}", svc.WebhookHandler())
	hook := httptest.NewServer(mux)
	t.Cleanup(hook.Close)
	return &bundle{db: d, svc: svc, prov: prov, company: c, logs: logs, hook: hook, blobs: blobs, ctx: ctx, keys: keys, jobs: jobs}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// connectTelegram stores the bot token and connects the webhook; it returns the secret_token Telegram was given.
func (b *bundle) connectTelegram(t *testing.T) string {
	t.Helper()
	if _, err := b.svc.SetToken(b.ctx, b.company.ID, "telegram", botToken, ""); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.Connect(b.ctx, b.company.ID, "telegram")
	if err != nil || res.Error != "" || res.Integration.Row.Status != "connected" {
		t.Fatalf("Connect = %+v, %v", res, err)
	}
	set := b.prov.named("telegram.setWebhook")
	return set[len(set)-1].Body["secret_token"].(string)
}

func (b *bundle) post(t *testing.T, ch, query string, header map[string]string, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.hook.URL+"/webhook/"+b.company.ID.String()+"/"+ch+query, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	err := b.db.WithTenant(context.Background(), b.company.ID, func(tx *db.Tx) error {
		return tx.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (b *bundle) jobsOf(t *testing.T, kind string) []int64 {
	t.Helper()
	rows, err := b.db.Pool.Query(context.Background(), "SELECT (args->>'event_id')::bigint FROM river_job WHERE kind = $1 ORDER BY id", kind)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id *int64
		_ = rows.Scan(&id)
		if id != nil {
			ids = append(ids, *id)
		} else {
			ids = append(ids, 0)
		}
	}
	return ids
}

func (b *bundle) messages(t *testing.T) []dbgen.Message {
	t.Helper()
	var out []dbgen.Message
	err := b.db.WithTenant(context.Background(), b.company.ID, func(tx *db.Tx) error {
		rows, err := tx.Query(context.Background(), "SELECT id, conversation_id FROM messages ORDER BY created_at")
		if err != nil {
			return err
		}
		var ids []uuid.UUID
		for rows.Next() {
			var id, conv uuid.UUID
			if err := rows.Scan(&id, &conv); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			m, err := tx.MessageGet(context.Background(), id)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// integration reads a channel's stored integration row.
func (b *bundle) integration(t *testing.T, ch string) dbgen.CompanyIntegration {
	t.Helper()
	var r dbgen.CompanyIntegration
	err := b.db.WithTenant(context.Background(), b.company.ID, func(tx *db.Tx) error {
		var err error
		r, err = tx.IntegrationGet(context.Background(), ch)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// connectOnSend stores the device token and tests it, which marks WhatsApp connected.
func (b *bundle) connectOnSend(t *testing.T) channel.Integration {
	t.Helper()
	if _, err := b.svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.Test(b.ctx, b.company.ID, "whatsapp")
	if err != nil || res.Integration.Row.Status != "connected" {
		t.Fatalf("Test = %+v, %v", res, err)
	}
	return res.Integration
}

func update(id int, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":4242,"is_bot":false,"first_name":"Siti"},"chat":{"id":4242,"type":"private","first_name":"Siti","username":"siti_k"},"date":1795000000,"text":%q}}`, id, id, text)
}

func TestIntegrations(t *testing.T) {
	t.Parallel()

	t.Run("ConnectTestRevokeAndTheTokenNeverShows", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		set := b.prov.named("telegram.setWebhook")[0].Body
		if set["url"] != "https://sembang.test/webhook/"+b.company.ID.String()+"/telegram" || len(secret) < 32 || len(secret) > 64 {
			t.Fatalf("setWebhook = %+v", set)
		}
		res, err := b.svc.Test(b.ctx, b.company.ID, "telegram")
		if err != nil || !res.Health.OK || res.Integration.Row.BotUsername != "kedai_demo_bot" || res.Integration.Row.LastOkAt == nil {
			t.Fatalf("Test = %+v, %v", res, err)
		}
		list, err := b.svc.List(b.ctx, b.company.ID)
		if err != nil || list[0].TokenMasked != "****7777" {
			t.Fatalf("List = %+v, %v", list, err)
		}
		var stored []byte
		_ = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			return tx.QueryRow(b.ctx, "SELECT token_ciphertext FROM company_integrations WHERE channel = 'telegram'").Scan(&stored)
		})
		if bytes.Contains(stored, []byte("AAFakeBot")) {
			t.Fatal("token stored in clear")
		}
		if _, err := b.svc.Revoke(b.ctx, b.company.ID, "telegram"); err != nil {
			t.Fatal(err)
		}
		if len(b.prov.named("telegram.deleteWebhook")) != 1 {
			t.Fatal("revoke did not delete the webhook")
		}
		if code := b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(1, "hi")); code != http.StatusNotFound {
			t.Fatalf("webhook after revoke: %d", code)
		}
		audit, _ := b.svc.AuditLog(b.ctx, b.company.ID, 50)
		actions := map[string]bool{}
		for _, a := range audit {
			actions[a.Action] = true
			if a.Ip != "203.0.113.9" || a.UserAgent != "test-agent" || a.ActorEmail != "admin@kedai.test" {
				t.Errorf("audit entry %+v", a)
			}
			if strings.Contains(string(a.Metadata), "AAFakeBot") {
				t.Errorf("token in audit: %s", a.Metadata)
			}
		}
		for _, a := range []string{"credentials.updated", "webhook.connected", "credentials.tested", "credentials.revoked"} {
			if !actions[a] {
				t.Errorf("audit lacks %s: %v", a, actions)
			}
		}
		if strings.Contains(b.logs.String(), botToken) {
			t.Fatal("token in logs")
		}
		for _, stmt := range []string{"UPDATE integration_audit SET action = 'x'", "DELETE FROM integration_audit"} {
			err := b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error { _, err := tx.Exec(b.ctx, stmt); return err })
			if err == nil {
				t.Errorf("%s: allowed; the audit trail must be append-only", stmt)
			}
		}
	})

	t.Run("OnSendStatusAndPhone", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		if _, err := b.svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
			t.Fatal(err)
		}
		res, err := b.svc.Test(b.ctx, b.company.ID, "whatsapp")
		if err != nil || res.Integration.Row.DevicePhone != "60198765432" || res.Integration.Row.DeviceState != "connected" {
			t.Fatalf("Test = %+v, %v", res, err)
		}
		if c := b.prov.named("onsend.status"); len(c) != 1 || c[0].Auth != "Bearer "+deviceToken {
			t.Fatalf("status calls %+v", c)
		}
	})

	t.Run("BadInputIsRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.svc.SetToken(b.ctx, b.company.ID, "telegram", "no-colon-token", "")
		if apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("err = %v", err)
		}
		_, err = b.svc.Test(b.ctx, b.company.ID, "telegram")
		if apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("test without token: %v", err)
		}
	})

	t.Run("RegeneratedSecretKeepsTheOldOneForTheGracePeriod", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		old := b.connectTelegram(t)
		v, err := b.svc.RegenerateSecret(b.ctx, b.company.ID, "telegram")
		if err != nil || v.WebhookSecret == old || v.PreviousSecretExpiresAt == nil {
			t.Fatalf("Regenerate = %+v, %v", v, err)
		}
		set := b.prov.named("telegram.setWebhook")
		if len(set) != 2 || set[1].Body["secret_token"] != v.WebhookSecret {
			t.Fatalf("webhook not re-registered with the new secret: %+v", set)
		}
		for i, s := range []string{old, v.WebhookSecret} {
			if code := b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": s}, update(100+i, "x")); code != 200 {
				t.Fatalf("secret %d: %d", i, code)
			}
		}
		_ = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			_, err := tx.Exec(b.ctx, "UPDATE company_integrations SET previous_secret_expires_at = now() - interval '1 second'")
			return err
		})
		if code := b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": old}, update(102, "x")); code != 401 {
			t.Fatalf("expired secret: %d", code)
		}
	})

	t.Run("RegeneratedSecretStaysValid24HoursByDefaultAndIsAudited", func(t *testing.T) {
		t.Parallel()
		b := setup(t) // Settings.SecretGrace unset: the default applies
		old := b.connectOnSend(t).WebhookSecret
		v, err := b.svc.RegenerateSecret(b.ctx, b.company.ID, "whatsapp")
		if err != nil || v.WebhookSecret == old || v.WebhookSecret == "" {
			t.Fatalf("Regenerate = %+v, %v", v, err)
		}
		var left time.Duration
		err = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			var us int64
			err := tx.QueryRow(b.ctx, "SELECT (extract(epoch FROM previous_secret_expires_at - now()) * 1e6)::bigint FROM company_integrations WHERE channel = 'whatsapp'").Scan(&us)
			left = time.Duration(us) * time.Microsecond
			return err
		})
		if err != nil || left < 24*time.Hour-time.Minute || left > 24*time.Hour+time.Minute {
			t.Fatalf("the replaced secret stays valid for %s more, want 24h ± 1m (%v)", left, err)
		}
		for i, secret := range []string{old, v.WebhookSecret} {
			body := fmt.Sprintf(`{"id":"R%d","from":"60123456789","message":"hi"}`, i)
			if code := b.post(t, "whatsapp", "?secret="+secret, nil, body); code != 200 {
				t.Fatalf("secret %d: %d", i, code)
			}
		}
		audit, _ := b.svc.AuditLog(b.ctx, b.company.ID, 50)
		var found bool
		for _, a := range audit {
			if a.Action == "webhook_secret.regenerated" && a.Channel == "whatsapp" {
				found = true
				if a.ActorEmail != "admin@kedai.test" || a.Ip != "203.0.113.9" || !strings.Contains(string(a.Metadata), "previous_valid_until") ||
					strings.Contains(string(a.Metadata), old) || strings.Contains(string(a.Metadata), v.WebhookSecret) {
					t.Errorf("audit entry %+v %s", a, a.Metadata)
				}
			}
		}
		if !found {
			t.Fatalf("no webhook_secret.regenerated in the audit log: %+v", audit)
		}
	})

	t.Run("OnSendRevokeRemovesTheCredentialsAndTheWebhookAnswers404", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectOnSend(t).WebhookSecret
		if code := b.post(t, "whatsapp", "?secret="+secret, nil, `{"id":"V1","from":"60123456789","message":"hi"}`); code != 200 {
			t.Fatalf("before revoke: %d", code)
		}
		v, err := b.svc.Revoke(b.ctx, b.company.ID, "whatsapp")
		if err != nil || v.Row.Status != "revoked" || v.TokenMasked != "" {
			t.Fatalf("Revoke = %+v, %v", v, err)
		}
		if r := b.integration(t, "whatsapp"); len(r.TokenCiphertext) != 0 || r.TokenKeyID != "" || r.TokenHint != "" || r.DevicePhone != "" {
			t.Fatalf("credentials left after revoke: %+v", r)
		}
		if code := b.post(t, "whatsapp", "?secret="+secret, nil, `{"id":"V2","from":"60123456789","message":"hi"}`); code != http.StatusNotFound {
			t.Fatalf("webhook after revoke: %d, want 404", code)
		}
		if n := b.count(t, "webhook_events"); n != 1 {
			t.Fatalf("%d events stored, want only the one before revoke", n)
		}
		if _, err := b.svc.Test(b.ctx, b.company.ID, "whatsapp"); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("test after revoke: %v", err)
		}
		audit, _ := b.svc.AuditLog(b.ctx, b.company.ID, 50)
		if len(audit) == 0 || audit[0].Action != "credentials.revoked" || audit[0].Channel != "whatsapp" {
			t.Fatalf("audit = %+v", audit)
		}
	})

	t.Run("ReencryptMovesTokensToTheNewestKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		old := secretbox.NewKey("k1")
		oldRing, _ := secretbox.Parse(old)
		svcOld := channel.NewService(b.db.DB, oldRing, storage.Disk{Root: b.blobs}, channel.Settings{}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		if _, err := svcOld.SetToken(b.ctx, b.company.ID, "telegram", botToken, ""); err != nil {
			t.Fatal(err)
		}
		newRing, _ := secretbox.Parse(secretbox.NewKey("k2") + "," + old)
		svcNew := channel.NewService(b.db.DB, newRing, storage.Disk{Root: b.blobs}, channel.Settings{}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		n, err := svcNew.Reencrypt(b.ctx)
		if err != nil || n != 1 {
			t.Fatalf("Reencrypt = %d, %v", n, err)
		}
		var keyID string
		_ = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			return tx.QueryRow(b.ctx, "SELECT token_key_id FROM company_integrations").Scan(&keyID)
		})
		if keyID != "k2" {
			t.Fatalf("key id = %q", keyID)
		}
		if res, err := svcNew.Test(b.ctx, b.company.ID, "telegram"); err != nil || !res.Health.OK {
			t.Fatalf("token unreadable after re-encryption: %+v %v", res, err)
		}
		if n, _ := svcNew.Reencrypt(b.ctx); n != 0 {
			t.Fatalf("second run re-encrypted %d", n)
		}
	})
}

func TestInbound(t *testing.T) {
	t.Parallel()

	t.Run("WrongSecretIs401AndStoresNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		for _, h := range []map[string]string{nil, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}} {
			if code := b.post(t, "telegram", "", h, update(1, "hi")); code != http.StatusUnauthorized {
				t.Fatalf("code = %d", code)
			}
		}
		if n := b.count(t, "webhook_events") + b.count(t, "delivery_log"); n != 0 {
			t.Fatalf("stored %d rows", n)
		}
	})

	t.Run("MalformedIs400AndLogged", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		if code := b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, `{"message":`); code != http.StatusBadRequest {
			t.Fatalf("code = %d", code)
		}
		l, _ := b.svc.DeliveryLog(b.ctx, b.company.ID, "telegram", 10)
		if len(l) != 1 || l[0].Status != "rejected" || l[0].HttpStatus != 400 || b.count(t, "webhook_events") != 0 {
			t.Fatalf("log = %+v", l)
		}
	})

	t.Run("SameUpdate20TimesConcurrentlyYieldsOneMessage", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		var wg sync.WaitGroup
		codes := make(chan int, 20)
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(77, "Ada saiz M?"))
			}()
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if c != 200 {
				t.Fatalf("code %d", c)
			}
		}
		jobs := b.jobsOf(t, "channel_ingest")
		if b.count(t, "webhook_events") != 1 || len(jobs) != 1 {
			t.Fatalf("events %d, jobs %d", b.count(t, "webhook_events"), len(jobs))
		}
		// The ingest job runs twice (a worker killed after processing, before acking).
		for range 2 {
			if err := b.svc.Ingest(b.ctx, b.company.ID, jobs[0]); err != nil {
				t.Fatal(err)
			}
		}
		msgs := b.messages(t)
		if len(msgs) != 1 || msgs[0].Body != "Ada saiz M?" || msgs[0].Direction != "inbound" || msgs[0].Status != "received" {
			t.Fatalf("messages = %+v", msgs)
		}
		if b.count(t, "contacts") != 1 || b.count(t, "conversations") != 1 {
			t.Fatal("contact or conversation duplicated")
		}
		p, err := inbox.NewService(b.db.DB).ConversationList(b.ctx, b.company.ID, inbox.ConversationFilter{})
		if err != nil || len(p.Items) != 1 || p.Items[0].ContactName != "Siti" || p.Items[0].LastBody != "Ada saiz M?" || p.Items[0].LastDirection != "inbound" {
			t.Fatalf("ConversationList = %+v, %v", p, err)
		}
	})

	t.Run("ANewBotsUpdateIsNotADuplicateOfTheOldBots", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		hdr := map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}
		if code := b.post(t, "telegram", "", hdr, update(500, "dari bot lama")); code != 200 {
			t.Fatalf("old bot: %d", code)
		}
		// The company switches to another bot, whose update_id counter happens to reach the same number.
		in, err := b.svc.SetToken(b.ctx, b.company.ID, "telegram", "123123123:AAOtherBotToken-0000", "")
		if err != nil {
			t.Fatal(err)
		}
		// The old bot's webhook is removed and its secret ends at once: its late updates are refused.
		if dels := b.prov.named("telegram.deleteWebhook"); len(dels) != 1 {
			t.Fatalf("deleteWebhook calls for the old bot = %d, want 1", len(dels))
		}
		if code := b.post(t, "telegram", "", hdr, update(501, "lewat dari bot lama")); code != http.StatusUnauthorized {
			t.Fatalf("old bot after the switch: %d, want 401", code)
		}
		hdr = map[string]string{"X-Telegram-Bot-Api-Secret-Token": in.Row.WebhookSecret}
		for range 2 { // the second is Telegram redelivering it: a duplicate
			if code := b.post(t, "telegram", "", hdr, update(500, "dari bot baru")); code != 200 {
				t.Fatalf("new bot: %d", code)
			}
		}
		// A new token of the same bot keeps the secret.
		if again, err := b.svc.SetToken(b.ctx, b.company.ID, "telegram", "123123123:AAOtherBotToken-1111", ""); err != nil || again.Row.WebhookSecret != in.Row.WebhookSecret {
			t.Fatalf("same bot, new token: secret changed or %v", err)
		}
		jobs := b.jobsOf(t, "channel_ingest")
		if n := b.count(t, "webhook_events"); n != 2 || len(jobs) != 2 {
			t.Fatalf("events %d, jobs %d; want the new bot's update stored once besides the old one", n, len(jobs))
		}
		for _, id := range jobs {
			if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if msgs := b.messages(t); len(msgs) != 2 || msgs[1].Body != "dari bot baru" {
			t.Fatalf("messages = %+v", msgs)
		}
	})

	t.Run("OnSendMediaOnAnInternalAddressIsRefusedAndLogged", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// The production default: media downloads refuse internal addresses.
		safe := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{Pacing: &channel.Pacing{}}, telegram.New(b.prov.URL), onsend.New())
		safe.SetJobs(b.jobs)
		secret := b.connectOnSend(t).WebhookSecret
		port := b.prov.Listener.Addr().(*net.TCPAddr).Port
		for i, u := range []string{b.prov.URL + "/cdn/voice.ogg", fmt.Sprintf("http://localhost:%d/cdn/voice.ogg", port)} {
			body := fmt.Sprintf(`{"id":"S%d","from":"60123456789","type":"voice","caption":"dengar","url":%q}`, i, u)
			if code := b.post(t, "whatsapp", "?secret="+secret, nil, body); code != 200 {
				t.Fatalf("webhook: %d", code)
			}
		}
		for _, id := range b.jobsOf(t, "channel_ingest") {
			if err := safe.Ingest(b.ctx, b.company.ID, id); err != nil {
				t.Fatalf("a refused media URL must not fail the ingest (it would retry forever): %v", err)
			}
		}
		msgs := b.messages(t)
		if len(msgs) != 2 {
			t.Fatalf("messages = %+v", msgs)
		}
		for _, m := range msgs {
			if m.MediaKey != "" || m.Kind != "text" || m.Body != "[voice not downloaded: its link points inside our network]\ndengar" {
				t.Fatalf("message = %+v; want it stored as text saying the media was not downloaded", m)
			}
		}
		l, _ := b.svc.DeliveryLog(b.ctx, b.company.ID, "whatsapp", 20)
		refused := 0
		for _, e := range l {
			if e.Status == "rejected" && e.Direction == "inbound" && e.MessageID.Valid {
				refused++
				if !strings.Contains(e.Detail, "media URL refused") || !strings.Contains(e.Detail, "is a loopback address") {
					t.Errorf("log detail %q", e.Detail)
				}
			}
		}
		if refused != 2 {
			t.Fatalf("%d refusals in the delivery log, want 2: %+v", refused, l)
		}
		// The same call with local addresses allowed (the dev simulator) fetches the media.
		if err := b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			_, err := tx.Exec(b.ctx, "UPDATE webhook_events SET processed_at = NULL; DELETE FROM messages")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := b.svc.Ingest(b.ctx, b.company.ID, b.jobsOf(t, "channel_ingest")[0]); err != nil {
			t.Fatal(err)
		}
		if m := b.messages(t); len(m) != 1 || m[0].MediaKey == "" {
			t.Fatalf("allowed: %+v", m)
		}
	})

	t.Run("PruneRemovesOldProcessedEventsButKeepsMessages", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(1, "lama"))
		b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(2, "belum diproses"))
		if err := b.svc.Ingest(b.ctx, b.company.ID, b.jobsOf(t, "channel_ingest")[0]); err != nil {
			t.Fatal(err)
		}
		n, err := b.svc.Prune(b.ctx, time.Now().Add(time.Minute))
		if err != nil || n != 3 { // one processed event, two delivery-log rows
			t.Fatalf("Prune = %d, %v", n, err)
		}
		if b.count(t, "webhook_events") != 1 || len(b.messages(t)) != 1 {
			t.Fatalf("events %d, messages %d", b.count(t, "webhook_events"), len(b.messages(t)))
		}
	})

	t.Run("IngestTwiceWithoutMarkYieldsOneMessage", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(5, "satu"))
		id := b.jobsOf(t, "channel_ingest")[0]
		if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
			t.Fatal(err)
		}
		// Pretend the first run died after storing the message but before marking the event.
		_ = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			_, err := tx.Exec(b.ctx, "UPDATE webhook_events SET processed_at = NULL")
			return err
		})
		if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
			t.Fatal(err)
		}
		b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, update(6, "dua"))
		if err := b.svc.Ingest(b.ctx, b.company.ID, b.jobsOf(t, "channel_ingest")[1]); err != nil {
			t.Fatal(err)
		}
		if msgs := b.messages(t); len(msgs) != 2 || b.count(t, "conversations") != 1 {
			t.Fatalf("messages %d, conversations %d", len(msgs), b.count(t, "conversations"))
		}
	})

	t.Run("TelegramPhotoIsCopiedIntoTheBlobStore", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		secret := b.connectTelegram(t)
		body := `{"update_id":9,"message":{"message_id":9,"chat":{"id":4242,"type":"private","first_name":"Siti"},"date":1,"caption":"yang ini","photo":[{"file_id":"small"},{"file_id":"big"}]}}`
		if code := b.post(t, "telegram", "", map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}, body); code != 200 {
			t.Fatalf("code %d", code)
		}
		if err := b.svc.Ingest(b.ctx, b.company.ID, b.jobsOf(t, "channel_ingest")[0]); err != nil {
			t.Fatal(err)
		}
		m := b.messages(t)[0]
		if m.Kind != "image" || m.Body != "yang ini" || m.MediaKey == "" {
			t.Fatalf("message = %+v", m)
		}
		got, err := os.ReadFile(filepath.Join(b.blobs, filepath.FromSlash(m.MediaKey)))
		if err != nil || string(got) != "\x89PNG fake image" {
			t.Fatalf("blob = %q, %v", got, err)
		}
		if f := b.prov.named("telegram.getFile"); len(f) != 1 || f[0].Body["file_id"] != "big" {
			t.Fatalf("getFile = %+v", f)
		}
		rc, _, err := b.svc.Media(b.ctx, b.company.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		rc.Close()
		other := dbtest.Company(t, b.db, "lain")
		if _, _, err := b.svc.Media(b.ctx, other.ID, m.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("another company's media: %v", err)
		}
	})

	t.Run("SendTestWebhookGoesThroughTheRealPath", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		if _, err := b.svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.SetSignatureHeader(b.ctx, b.company.ID, "whatsapp", "X-Signature"); err != nil {
			t.Fatal(err)
		}
		for _, ch := range []string{"telegram", "whatsapp"} {
			r, err := b.svc.SendTestWebhook(b.ctx, b.company.ID, ch)
			if err != nil || r.Status != 200 {
				t.Fatalf("%s: %+v, %v", ch, r, err)
			}
		}
		for _, id := range b.jobsOf(t, "channel_ingest") {
			if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if msgs := b.messages(t); len(msgs) != 2 || !strings.HasPrefix(msgs[0].Body, "Test message from Sembang") {
			t.Fatalf("messages = %+v", msgs)
		}
	})

	t.Run("OnSendWithSecretAndSignature", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		v, err := b.svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1")
		if err != nil {
			t.Fatal(err)
		}
		body := `{"event":"message","data":{"id":"W1","from":"60123456789","name":"Ali","type":"voice","url":"` + b.prov.URL + `/cdn/voice.ogg"}}`
		if code := b.post(t, "whatsapp", "?secret=nope", nil, body); code != 401 {
			t.Fatalf("wrong secret: %d", code)
		}
		if code := b.post(t, "whatsapp", "?secret="+v.WebhookSecret, nil, body); code != 200 {
			t.Fatalf("right secret: %d", code)
		}
		if l, _ := b.svc.List(b.ctx, b.company.ID); l[1].Row.Status != "connected" || l[1].Row.LastOkAt == nil {
			t.Fatalf("a verified webhook did not mark WhatsApp connected: %+v", l[1].Row)
		}
		if _, err := b.svc.SetSignatureHeader(b.ctx, b.company.ID, "whatsapp", "X-Signature"); err != nil {
			t.Fatal(err)
		}
		body2 := `{"id":"W2","from":"60123456789","message":"Harga?"}`
		if code := b.post(t, "whatsapp", "", map[string]string{onsend.SecretHeader: v.WebhookSecret}, body2); code != 401 {
			t.Fatalf("unsigned: %d", code)
		}
		if code := b.post(t, "whatsapp", "", map[string]string{onsend.SecretHeader: v.WebhookSecret, "X-Signature": onsend.Sign(v.WebhookSecret, []byte(body2))}, body2); code != 200 {
			t.Fatalf("signed: %d", code)
		}
		for _, id := range b.jobsOf(t, "channel_ingest") {
			if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		msgs := b.messages(t)
		if len(msgs) != 2 || msgs[0].Kind != "voice" || msgs[0].MediaKey == "" || msgs[1].Body != "Harga?" {
			t.Fatalf("messages = %+v", msgs)
		}
	})
}

// conversation stores one inbound message from the customer and returns its conversation.
func (b *bundle) conversation(t *testing.T, ch string) uuid.UUID {
	t.Helper()
	var conv uuid.UUID
	err := b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
		ext := "4242"
		if ch == "whatsapp" {
			ext = "0123456789"
		}
		c, err := tx.ContactUpsert(b.ctx, dbgen.ContactUpsertParams{CompanyID: b.company.ID, Channel: ch, ExternalID: ext, Name: "Siti"})
		if err != nil {
			return err
		}
		cv, err := tx.ConversationCreate(b.ctx, dbgen.ConversationCreateParams{CompanyID: b.company.ID, ContactID: c.ID, Channel: ch})
		conv = cv.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return conv
}

func TestOutbound(t *testing.T) {
	t.Parallel()

	t.Run("TooManyRequestsHonoursRetryAfterThenSendsOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		b.prov.failures = []failure{{status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`}}
		m, err := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "telegram"), "Ada, saiz M RM59")
		if err != nil || m.Status != "queued" {
			t.Fatalf("Reply = %+v, %v", m, err)
		}
		if n := len(b.jobsOf(t, "channel_deliver")); n != 1 {
			t.Fatalf("%d delivery jobs", n)
		}
		wait, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false)
		if err == nil || wait != 3*time.Second {
			t.Fatalf("Deliver = %v, %v; want retry after 3s", wait, err)
		}
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil { // a repeated job sends nothing
			t.Fatal(err)
		}
		got := b.messages(t)[0]
		if got.Status != "sent" || got.ProviderMessageID != "555" || got.Attempts != 2 || b.prov.sent != 1 {
			t.Fatalf("message = %+v, delivered %d", got, b.prov.sent)
		}
		send := b.prov.named("telegram.sendMessage")
		if send[0].Body["chat_id"] != "4242" || send[0].Body["text"] != "Ada, saiz M RM59" {
			t.Fatalf("sendMessage = %+v", send[0].Body)
		}
	})

	t.Run("ServerErrorThenSuccessDeliversExactlyOnceOverOnSend", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		if _, err := b.svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
			t.Fatal(err)
		}
		b.prov.failures = []failure{{status: 502, body: `bad gateway`}, {status: 503, body: `{"success":false,"message":"busy"}`}}
		m, err := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "whatsapp"), "Terima kasih")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			_, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false)
			if (i < 2) != (err != nil) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		got := b.messages(t)[0]
		if got.Status != "sent" || got.ProviderMessageID != "WA-1" || b.prov.sent != 1 {
			t.Fatalf("message = %+v, delivered %d", got, b.prov.sent)
		}
		send := b.prov.named("onsend.send")
		if len(send) != 3 || send[2].Body["phone_number"] != "60123456789" || send[2].Body["type"] != "text" || send[2].Auth != "Bearer "+deviceToken {
			t.Fatalf("sends = %+v", send)
		}
		l, _ := b.svc.DeliveryLog(b.ctx, b.company.ID, "whatsapp", 10)
		if len(l) != 3 || l[0].Status != "ok" || l[1].Status != "retrying" {
			t.Fatalf("log = %+v", l)
		}
	})

	t.Run("PermanentFailureThenRetry", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		b.prov.failures = []failure{{status: 403, body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`}}
		m, _ := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "telegram"), "Hello")
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		got := b.messages(t)[0]
		if got.Status != "failed" || !strings.Contains(got.Error, "blocked") {
			t.Fatalf("message = %+v", got)
		}
		if _, err := b.svc.Retry(b.ctx, b.company.ID, uuid.New()); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("retry unknown: %v", err)
		}
		r, err := b.svc.Retry(b.ctx, b.company.ID, m.ID)
		if err != nil || r.Status != "queued" || len(b.jobsOf(t, "channel_deliver")) != 2 {
			t.Fatalf("Retry = %+v, %v", r, err)
		}
		if _, err := b.svc.Retry(b.ctx, b.company.ID, m.ID); apperr.Code(err) != apperr.ECONFLICT {
			t.Fatalf("retry of a queued message: %v", err)
		}
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := b.messages(t)[0]; got.Status != "sent" {
			t.Fatalf("after retry: %+v", got)
		}
	})

	t.Run("ChatRefusalsFailTheMessageOnlyABadTokenMarksTheIntegration", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		conv := b.conversation(t, "telegram")
		b.prov.failures = []failure{
			{status: 403, body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`},
			{status: 400, body: `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`},
			{status: 401, body: `{"ok":false,"error_code":401,"description":"Unauthorized"}`},
		}
		for i, reason := range []string{"bot was blocked by the user", "chat not found"} {
			m, _ := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, conv, fmt.Sprintf("pesan %d", i))
			if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
				t.Fatal(err)
			}
			if got := b.messages(t)[i]; got.Status != "failed" || !strings.Contains(got.Error, reason) {
				t.Fatalf("message = %+v, want failed with %q", got, reason)
			}
			if r := b.integration(t, "telegram"); r.Status != "connected" || r.LastError != "" {
				t.Fatalf("after %q the integration is %s (%q); one chat's refusal must not put it in error", reason, r.Status, r.LastError)
			}
		}
		m, _ := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, conv, "pesan 3")
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := b.messages(t)[2]; got.Status != "failed" || !strings.Contains(got.Error, "Unauthorized") {
			t.Fatalf("message = %+v", got)
		}
		if r := b.integration(t, "telegram"); r.Status != "error" || !strings.Contains(r.LastError, "Unauthorized") {
			t.Fatalf("after 401 the integration is %s (%q), want error", r.Status, r.LastError)
		}
	})

	t.Run("OnSendForbiddenMarksTheIntegration", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectOnSend(t)
		b.prov.failures = []failure{{status: 403, body: `{"success":false,"message":"Device disabled"}`}}
		m, _ := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "whatsapp"), "Hello")
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := b.messages(t)[0]; got.Status != "failed" || !strings.Contains(got.Error, "Device disabled") {
			t.Fatalf("message = %+v", got)
		}
		if r := b.integration(t, "whatsapp"); r.Status != "error" || !strings.Contains(r.LastError, "Device disabled") {
			t.Fatalf("integration %s (%q), want error", r.Status, r.LastError)
		}
	})

	t.Run("OnSendTooManyRequestsSnoozesForRetryAfterThenSendsOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectOnSend(t)
		b.prov.failures = []failure{{status: 429, body: `{"success":false,"message":"Too Many Attempts."}`, header: map[string]string{"Retry-After": "7"}}}
		m, err := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "whatsapp"), "Stok ada")
		if err != nil {
			t.Fatal(err)
		}
		w := &channel.DeliverWorker{Service: b.svc}
		job := func(attempt int) *river.Job[channel.DeliverArgs] {
			return &river.Job[channel.DeliverArgs]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: channel.MaxDeliverAttempts},
				Args: channel.DeliverArgs{CompanyID: b.company.ID, MessageID: m.ID}}
		}
		err = w.Work(b.ctx, job(1))
		var snooze *rivertype.JobSnoozeError
		if !errors.As(err, &snooze) || snooze.Duration != 7*time.Second {
			t.Fatalf("Work = %v; want River to snooze the job for the Retry-After of 7s", err)
		}
		if got := b.messages(t)[0]; got.Status != "queued" || got.Attempts != 1 || !strings.Contains(got.Error, "429") {
			t.Fatalf("after 429: %+v", got)
		}
		for attempt := 2; attempt <= 3; attempt++ { // the snoozed run, then a repeated job
			if err := w.Work(b.ctx, job(attempt)); err != nil {
				t.Fatalf("attempt %d: %v", attempt, err)
			}
		}
		got := b.messages(t)[0]
		if got.Status != "sent" || got.ProviderMessageID != "WA-1" || b.prov.sent != 1 || len(b.prov.named("onsend.send")) != 2 {
			t.Fatalf("message = %+v, delivered %d of %d calls", got, b.prov.sent, len(b.prov.named("onsend.send")))
		}
		if r := b.integration(t, "whatsapp"); r.Status != "connected" {
			t.Fatalf("integration %s after a 429", r.Status)
		}
	})

	t.Run("FinalTemporaryFailureFails", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		b.prov.failures = []failure{{status: 500, body: `{"ok":false,"error_code":500,"description":"Internal"}`}}
		m, _ := b.svc.Reply(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "telegram"), "Hello")
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := b.messages(t)[0]; got.Status != "failed" {
			t.Fatalf("message = %+v", got)
		}
		if strings.Contains(b.logs.String(), botToken) {
			t.Fatal("token in logs")
		}
	})

	t.Run("SendsToOneChatArePacedOneASecond", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		paced := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		paced.SetJobs(b.jobs)
		conv := b.conversation(t, "telegram")
		m1, _ := paced.Reply(b.ctx, b.company.ID, channel.Bot, conv, "satu")
		m2, _ := paced.Reply(b.ctx, b.company.ID, channel.Bot, conv, "dua")
		if _, err := paced.Deliver(b.ctx, b.company.ID, m1.ID, false); err != nil {
			t.Fatal(err)
		}
		wait, err := paced.Deliver(b.ctx, b.company.ID, m2.ID, false)
		if !errors.Is(err, channel.ErrPaced) || wait <= 0 || wait > time.Second {
			t.Fatalf("second send to the chat = %v, %v; want a wait of up to 1s", wait, err)
		}
		if n := len(b.prov.named("telegram.sendMessage")); n != 1 {
			t.Fatalf("%d sends, want 1 before the slot frees", n)
		}
		time.Sleep(wait)
		if _, err := paced.Deliver(b.ctx, b.company.ID, m2.ID, false); err != nil {
			t.Fatal(err)
		}
		if n := len(b.prov.named("telegram.sendMessage")); n != 2 {
			t.Fatalf("%d sends", n)
		}
	})

	t.Run("TwoInstancesShareTheSendSlots", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		one := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		two := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		one.SetJobs(b.jobs)
		two.SetJobs(b.jobs)
		conv := b.conversation(t, "telegram")
		m1, _ := one.Reply(b.ctx, b.company.ID, channel.Bot, conv, "satu")
		m2, _ := one.Reply(b.ctx, b.company.ID, channel.Bot, conv, "dua")
		if _, err := one.Deliver(b.ctx, b.company.ID, m1.ID, false); err != nil {
			t.Fatal(err)
		}
		wait, err := two.Deliver(b.ctx, b.company.ID, m2.ID, false)
		if !errors.Is(err, channel.ErrPaced) || wait <= 0 || wait > time.Second {
			t.Fatalf("second instance's send to the same chat = %v, %v; want a wait of up to 1s", wait, err)
		}
		if n := len(b.prov.named("telegram.sendMessage")); n != 1 {
			t.Fatalf("%d sends, want 1 before the slot frees", n)
		}
	})

	t.Run("PhotoReplyIsUploadedToTelegram", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		png := "\x89PNG\r\n\x1a\n fake png"
		m, err := b.svc.ReplyMedia(b.ctx, b.company.ID, channel.Bot, b.conversation(t, "telegram"), "Katalog baru", "katalog.png", []byte(png))
		if err != nil || m.Kind != "image" {
			t.Fatalf("ReplyMedia = %+v, %v", m, err)
		}
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		c := b.prov.named("telegram.sendPhoto")
		if len(c) != 1 || c[0].Body["photo"] != "file:"+png || c[0].Body["caption"] != "Katalog baru" || c[0].Body["chat_id"] != "4242" {
			t.Fatalf("sendPhoto = %+v", c)
		}
		if got := b.messages(t)[0]; got.Status != "sent" {
			t.Fatalf("message = %+v", got)
		}
	})

	t.Run("DocumentReplyGoesToOnSendAsASignedURL", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		signer := &storage.Signer{Secret: b.keys.Derive("media-url"), BaseURL: "https://sembang.test"}
		svc := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{Signer: signer, Pacing: &channel.Pacing{}}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		svc.SetJobs(b.jobs)
		if _, err := svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
			t.Fatal(err)
		}
		conv := b.conversation(t, "whatsapp")
		m, err := svc.ReplyMedia(b.ctx, b.company.ID, channel.Bot, conv, "Sebut harga", "quote.pdf", []byte("%PDF-1.4 fake"))
		if err != nil || m.Kind != "document" {
			t.Fatalf("ReplyMedia = %+v, %v", m, err)
		}
		if _, err := svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		c := b.prov.named("onsend.send")
		if len(c) != 1 || c[0].Body["type"] != "document" || c[0].Body["message"] != "Sebut harga" {
			t.Fatalf("send = %+v", c)
		}
		u, err := url.Parse(c[0].Body["url"].(string))
		if err != nil || !strings.HasPrefix(u.Path, storage.SignedPrefix+"media/") ||
			!signer.Valid(strings.TrimPrefix(u.Path, storage.SignedPrefix), u.Query().Get("exp"), u.Query().Get("sig"), time.Now()) {
			t.Fatalf("url %q is not a valid signed media URL", c[0].Body["url"])
		}
		if _, err := svc.ReplyMedia(b.ctx, b.company.ID, channel.Bot, conv, "", "empty", nil); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("empty file: %v", err)
		}
	})

	t.Run("AgentSendsOnlyWhileTheConversationIsTheirs", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		aisyah := dbtest.User(t, b.db, b.company.ID, "company_user", "aisyah@kedai.test")
		weiming := dbtest.User(t, b.db, b.company.ID, "company_user", "weiming@kedai.test")
		conv := b.conversation(t, "telegram")
		assign := func(agent uuid.UUID) {
			t.Helper()
			err := b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
				_, err := tx.ConversationSetAgent(b.ctx, dbgen.ConversationSetAgentParams{ID: conv, AgentID: uuid.NullUUID{UUID: agent, Valid: true}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		assign(aisyah.ID)
		m, err := b.svc.Reply(b.ctx, b.company.ID, channel.Agent(aisyah.ID), conv, "Saya Aisyah")
		if err != nil || m.SenderUserID.UUID != aisyah.ID {
			t.Fatalf("own conversation: %v %+v", err, m.SenderUserID)
		}
		// Transferred away: every kind of send is refused inside its own transaction.
		assign(weiming.ID)
		if _, err := b.svc.Reply(b.ctx, b.company.ID, channel.Agent(aisyah.ID), conv, "masih saya"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("text after transfer: %v", err)
		}
		if _, err := b.svc.ReplyMedia(b.ctx, b.company.ID, channel.Agent(aisyah.ID), conv, "", "a.pdf", []byte("%PDF-1.4 x")); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("media after transfer: %v", err)
		}
		card := dbgen.MessageInsertCardParams{CompanyID: b.company.ID, ConversationID: conv, Body: "Kad", MediaName: "card.png", MediaMime: "image/png",
			SenderUserID: uuid.NullUUID{UUID: aisyah.ID, Valid: true}}
		if _, err := b.svc.ReplyCard(b.ctx, card, []byte("\x89PNG\r\n\x1a\n"), true); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("card after transfer: %v", err)
		}
		// The admin (a person, not limited to assignments) still can.
		if _, err := b.svc.ReplyCard(b.ctx, card, []byte("\x89PNG\r\n\x1a\n"), false); err != nil {
			t.Fatalf("admin card: %v", err)
		}
		var n int
		err = b.db.WithTenant(b.ctx, b.company.ID, func(tx *db.Tx) error {
			return tx.QueryRow(b.ctx, "SELECT count(*) FROM messages WHERE conversation_id = $1 AND direction = 'outbound'", conv).Scan(&n)
		})
		if err != nil || n != 2 {
			t.Fatalf("outbound messages = %d, %v; want 2", n, err)
		}
	})

	t.Run("ReplyToAnotherCompanysConversationIsNotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := dbtest.Company(t, b.db, "lain")
		_, err := b.svc.Reply(b.ctx, other.ID, channel.Bot, b.conversation(t, "telegram"), "x")
		if !errors.As(err, new(*apperr.Error)) || apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, country, want string }{
		{"012-345 6789", "MY", "60123456789"},
		{"+60 12-345 6789", "MY", "60123456789"},
		{"60123456789", "MY", "60123456789"},
		{"0060123456789", "MY", "60123456789"},
		{"91234567", "SG", "91234567"},
		{"0812345678", "ID", "62812345678"},
	} {
		if got := channel.NormalizePhone(tc.in, tc.country); got != tc.want {
			t.Errorf("NormalizePhone(%q, %s) = %q, want %q", tc.in, tc.country, got, tc.want)
		}
	}
}

func TestInboundAssignment(t *testing.T) {
	t.Parallel()
	// The brief's acceptance: round robin with auto-assign on, 30 customers across 3 agents end 10/10/10,
	// and a customer's next message stays with their agent.
	b := setup(t)
	secret := b.connectTelegram(t)
	ib := inbox.NewService(b.db.DB)
	if _, err := ib.UpdateSettings(b.ctx, b.company.ID, inbox.Rules{Strategy: inbox.StrategyRoundRobin}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		dbtest.User(t, b.db, b.company.ID, "company_user", fmt.Sprintf("agent%d@kedai.test", i))
	}
	hdr := map[string]string{"X-Telegram-Bot-Api-Secret-Token": secret}
	from := func(id, chat int, text string) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"chat":{"id":%d,"type":"private","first_name":"C%d"},"date":1795000000,"text":%q}}`, id, id, chat, chat, text)
	}
	for i := range 30 {
		if code := b.post(t, "telegram", "", hdr, from(i+1, 1000+i, "hi")); code != 200 {
			t.Fatalf("code %d", code)
		}
	}
	b.post(t, "telegram", "", hdr, from(31, 1000, "again"))
	for _, id := range b.jobsOf(t, "channel_ingest") {
		if err := b.svc.Ingest(b.ctx, b.company.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	agents, err := ib.Agents(b.ctx, b.company.ID)
	if err != nil || len(agents) != 3 {
		t.Fatalf("Agents = %v, %v", agents, err)
	}
	for _, a := range agents {
		if a.OpenCount != 10 {
			t.Errorf("%s has %d open conversations, want 10", a.Email, a.OpenCount)
		}
	}
	if n := b.count(t, "conversation_assignments"); n != 30 {
		t.Errorf("%d assignment records, want 30 (the second message must not reassign)", n)
	}
}
