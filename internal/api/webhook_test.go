package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
)

func TestWebhookAnswersBySuspension(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := dbtest.Company(t, s.DB, "alpha")
	dbtest.User(t, s.DB, uuid.Nil, "super_admin", "root@platform.test")
	post := func(path string) int {
		res, err := http.Post(s.URL+path, "application/json", strings.NewReader(`{"update_id":1}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post("/webhook/" + uuid.NewString() + "/telegram"); got != http.StatusNotFound {
		t.Errorf("unknown company: %d, want 404", got)
	}
	if got := post("/webhook/" + a.ID.String() + "/telegram"); got != http.StatusNotFound {
		t.Errorf("active company without a connected channel: %d, want 404", got)
	}
	root := s.login(t, "root@platform.test")
	if res, body := root.do(http.MethodPost, "/api/v1/platform/companies/"+a.ID.String()+"/suspend", map[string]string{"reason": "test"}); res.StatusCode != 200 {
		t.Fatalf("suspend: %d %s", res.StatusCode, body)
	}
	for _, ch := range []string{"telegram", "whatsapp"} {
		if got := post("/webhook/" + a.ID.String() + "/" + ch); got != http.StatusForbidden {
			t.Errorf("suspended company, %s: %d, want 403", ch, got)
		}
	}
}

func TestWebhookThroughTheWholeServer(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	a := dbtest.Company(t, s.DB, "alpha")
	dbtest.User(t, s.DB, a.ID, "company_admin", "admin@alpha.test")
	admin := s.login(t, "admin@alpha.test")
	const token = "123456789:AAwholeServerToken-secretpart"
	if res, body := admin.do(http.MethodPut, "/api/v1/company/integrations/telegram/token", map[string]string{"token": token}); res.StatusCode != 200 {
		t.Fatalf("set token: %d %s", res.StatusCode, body)
	}
	for _, path := range []string{"/api/v1/company/integrations", "/api/v1/company/integrations/audit-log", "/api/v1/company/integrations/delivery-log"} {
		res, body := admin.do(http.MethodGet, path, nil)
		if res.StatusCode != 200 || strings.Contains(string(body), "AAwholeServer") || strings.Contains(string(body), "secretpart") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		if path == "/api/v1/company/integrations" && !strings.Contains(string(body), `"token_masked":"****part"`) {
			t.Fatalf("no masked token: %s", body)
		}
	}
	var secret string
	err := s.DB.WithTenant(context.Background(), a.ID, func(tx *db.Tx) error {
		r, err := tx.IntegrationGet(context.Background(), "telegram")
		secret = r.WebhookSecret
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	post := func(secret string) int {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/webhook/"+a.ID.String()+"/telegram",
			strings.NewReader(`{"update_id":1,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"date":1,"text":"hi"}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post("wrong"); got != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d", got)
	}
	if got := post(secret); got != http.StatusOK {
		t.Fatalf("right secret: %d", got)
	}
	if got := post(secret); got != http.StatusOK {
		t.Fatalf("duplicate: %d", got)
	}
	res, body := admin.do(http.MethodGet, "/api/v1/company/integrations/delivery-log", nil)
	if res.StatusCode != 200 || strings.Count(string(body), `"status":"ok"`) != 1 {
		t.Fatalf("delivery log: %s", body)
	}
}
