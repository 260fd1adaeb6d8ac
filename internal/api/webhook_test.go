package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

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
