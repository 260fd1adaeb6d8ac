package onsend_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
)

const token = "onsend-device-token-abcd1234"

type fakeOnSend struct {
	*httptest.Server
	mu     sync.Mutex
	sends  []map[string]any
	status string
}

func newFake(t *testing.T) *fakeOnSend {
	f := &fakeOnSend{status: "connected"}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"success":false,"message":"Unauthenticated."}`))
			return
		}
		switch r.Method + " " + r.URL.Path {
		case "GET /api/v1/status":
			_, _ = w.Write([]byte(`{"success":true,"status":"` + f.status + `","phone_number":"60123456789"}`))
		case "POST /api/v1/send":
			var b map[string]any
			if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
				t.Errorf("send body: %v", err)
			}
			f.mu.Lock()
			f.sends = append(f.sends, b)
			f.mu.Unlock()
			_, _ = w.Write([]byte(`{"success":true,"message":"Message sent","message_id":"ABCD1234"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func TestOnSendAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("StatusShowsDeviceState", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		creds := channel.Credentials{Token: token, BaseURL: f.URL + "/api/v1"}
		h, err := onsend.New(onsend.AllowPrivateNetworks(true)).Test(ctx, creds)
		if err != nil || !h.OK || h.State != "connected" || h.Phone != "60123456789" {
			t.Fatalf("Test = %+v, %v", h, err)
		}
		f.status = "logged_out"
		h, err = onsend.New(onsend.AllowPrivateNetworks(true)).Test(ctx, creds)
		if err != nil || h.OK || !strings.Contains(h.LastError, "re-scan") {
			t.Fatalf("logged out: %+v, %v", h, err)
		}
		_, err = onsend.New(onsend.AllowPrivateNetworks(true)).Test(ctx, channel.Credentials{Token: "wrong-token-000", BaseURL: creds.BaseURL})
		var se *channel.SendError
		if !errors.As(err, &se) || se.Status != 401 || strings.Contains(err.Error(), "wrong-token") {
			t.Fatalf("bad token: %v", err)
		}
	})

	t.Run("ABaseURLOnOurNetworkIsRefused", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		var calls atomic.Int32
		inner := f.Config.Handler
		f.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1); inner.ServeHTTP(w, r) })
		// A company admin sets the base URL; by default it may not point inside our network.
		_, err := onsend.New().Test(ctx, channel.Credentials{Token: token, BaseURL: f.URL + "/api/v1"})
		var se *channel.SendError
		if !errors.As(err, &se) || se.Status != http.StatusBadRequest || !strings.Contains(err.Error(), "base URL refused") || !strings.Contains(err.Error(), "loopback") {
			t.Fatalf("Test on 127.0.0.1 = %v", err)
		}
		if _, err := onsend.New().Send(ctx, channel.Credentials{Token: token, BaseURL: f.URL + "/api/v1"}, channel.Outbound{To: "60123456789", Kind: "text", Text: "x"}); err == nil {
			t.Fatal("send to 127.0.0.1 went through")
		}
		if n := calls.Load(); n != 0 {
			t.Fatalf("the fake got %d calls, want none", n)
		}
	})

	t.Run("SendPostsTheDocumentedFields", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		creds := channel.Credentials{Token: token, BaseURL: f.URL + "/api/v1"}
		id, err := onsend.New(onsend.AllowPrivateNetworks(true)).Send(ctx, creds, channel.Outbound{To: "60123456789", Kind: "text", Text: "Terima kasih"})
		if err != nil || id != "ABCD1234" {
			t.Fatalf("Send = %q, %v", id, err)
		}
		if _, err := onsend.New(onsend.AllowPrivateNetworks(true)).Send(ctx, creds, channel.Outbound{To: "60123456789", Kind: "image", Text: "Katalog", MediaURL: "https://x.test/k.jpg"}); err != nil {
			t.Fatal(err)
		}
		want := []map[string]any{
			{"phone_number": "60123456789", "type": "text", "message": "Terima kasih"},
			{"phone_number": "60123456789", "type": "image", "message": "Katalog", "url": "https://x.test/k.jpg"},
		}
		for i, w := range want {
			for k, v := range w {
				if f.sends[i][k] != v {
					t.Errorf("send %d: %s = %v, want %v", i, k, f.sends[i][k], v)
				}
			}
		}
		if _, err := onsend.New(onsend.AllowPrivateNetworks(true)).Send(ctx, creds, channel.Outbound{To: "6012", Kind: "document"}); err == nil {
			t.Error("media without URL accepted")
		}
	})
}

func TestVerify(t *testing.T) {
	t.Parallel()
	p := onsend.New(onsend.AllowPrivateNetworks(true))
	body := []byte(`{"from":"60123456789","message":"hi"}`)
	r := httptest.NewRequest(http.MethodPost, "/webhook/x/whatsapp?secret=s3cret", nil)
	if !p.Verify(r, body, []string{"s3cret"}, "") {
		t.Fatal("secret in URL refused")
	}
	r = httptest.NewRequest(http.MethodPost, "/webhook/x/whatsapp", nil)
	r.Header.Set(onsend.SecretHeader, "s3cret")
	if !p.Verify(r, body, []string{"old", "s3cret"}, "") {
		t.Fatal("secret in header refused")
	}
	if p.Verify(r, body, []string{"other"}, "") {
		t.Fatal("wrong secret accepted")
	}
	r.Header.Set("X-Signature", onsend.Sign("s3cret", body))
	if !p.Verify(r, body, []string{"s3cret"}, "X-Signature") {
		t.Fatal("good signature refused")
	}
	if p.Verify(r, append(body, ' '), []string{"s3cret"}, "X-Signature") {
		t.Fatal("signature over other bytes accepted")
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	p := onsend.New(onsend.AllowPrivateNetworks(true))
	for name, tc := range map[string]struct {
		body               string
		from, text, kind   string
		ignore, malformed  bool
		idPrefix, mediaURL string
	}{
		"flat":      {body: `{"id":"M1","from":"60123456789","name":"Ali","message":"Berapa harga?","timestamp":1700000000}`, from: "60123456789", text: "Berapa harga?", kind: "text", idPrefix: "m:M1"},
		"nested":    {body: `{"event":"message","data":{"message_id":"M2","phone_number":"+60 12-345 6789","text":"Hi","type":"text"}}`, from: "60123456789", text: "Hi", kind: "text", idPrefix: "m:M2"},
		"jid":       {body: `{"remoteJid":"60123456789@s.whatsapp.net","body":"ok","timestamp":"1"}`, from: "60123456789", text: "ok", kind: "text", idPrefix: "h:"},
		"image":     {body: `{"from":"60123456789","type":"image","url":"https://cdn.test/a.jpg","caption":"ini"}`, from: "60123456789", text: "ini", kind: "image", idPrefix: "h:", mediaURL: "https://cdn.test/a.jpg"},
		"fromMe":    {body: `{"from":"60123456789","message":"ours","fromMe":true}`, ignore: true},
		"status":    {body: `{"from":"60123456789","status":"delivered"}`, ignore: true},
		"noSender":  {body: `{"message":"hi"}`, malformed: true},
		"notObject": {body: `["x"]`, malformed: true},
	} {
		in, err := p.Parse([]byte(tc.body))
		if tc.malformed {
			if !errors.Is(err, channel.ErrMalformed) {
				t.Errorf("%s: err = %v", name, err)
			}
			continue
		}
		if err != nil || in.Ignore != tc.ignore {
			t.Errorf("%s: %+v, %v", name, in, err)
			continue
		}
		if tc.ignore {
			continue
		}
		if in.ExternalID != tc.from || in.Text != tc.text || in.Kind != tc.kind || !strings.HasPrefix(in.EventID, tc.idPrefix) {
			t.Errorf("%s: got %+v", name, in)
		}
		if tc.mediaURL != "" && (in.Media == nil || in.Media.URL != tc.mediaURL) {
			t.Errorf("%s: media %+v", name, in.Media)
		}
	}
	a, _ := p.Parse([]byte(`{"from":"601","message":"x","timestamp":1}`))
	b, _ := p.Parse([]byte(`{"from":"601","message":"x","timestamp":1}`))
	c, _ := p.Parse([]byte(`{"from":"601","message":"x","timestamp":2}`))
	if a.EventID != b.EventID || a.EventID == c.EventID {
		t.Errorf("hash ids: %s %s %s", a.EventID, b.EventID, c.EventID)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"id":"M1","from":"60123456789","name":"Ali","message":"Berapa harga?","timestamp":1700000000}`,
		`{"event":"message","data":{"message_id":"M2","phone_number":"+60 12-345 6789","text":"Hi"}}`,
		`{"remoteJid":"60123456789@s.whatsapp.net","body":"ok"}`,
		`{"from":{"phone":"6012","name":"A"},"text":{"body":"x"}}`,
		`{"from":"6012","type":"document","url":"https://x/y.pdf","file_name":"y.pdf"}`,
		`{}`, `null`, `1`, `{"from":123456789012345678901234567890}`,
	} {
		f.Add([]byte(s))
	}
	p := onsend.New(onsend.AllowPrivateNetworks(true))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := p.Parse(body)
		if err != nil {
			return
		}
		if in.EventID == "" || len(in.EventID) > 200 || in.ExternalID == "" || len(in.ExternalID) > 100 {
			t.Fatalf("bad inbound %+v", in)
		}
	})
}
