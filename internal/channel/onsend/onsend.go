// Package onsend speaks the OnSend WhatsApp API (https://onsend.io/api/v1):
// one Bearer device token, POST /send and GET /status. Its inbound webhook
// format is not publicly documented, so Parse reads it tolerantly.
package onsend

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sembang/sembang/internal/channel"
)

// DefaultBaseURL is OnSend's API.
const DefaultBaseURL = "https://onsend.io/api/v1"

// SecretHeader carries the webhook secret when it is not in the URL's ?secret=.
const SecretHeader = "X-Webhook-Secret"

// Provider is the WhatsApp channel through OnSend.
type Provider struct {
	HTTP *http.Client // OnSend's API

	allowPrivate bool
	mediaOnce    sync.Once
	media        *http.Client // media URLs named in webhook bodies
}

// New returns a Provider. Its calls to the OnSend API (whose base URL a
// company admin may set) and its media downloads refuse internal addresses
// unless AllowPrivateNetworks(true) is given.
func New(opts ...Option) *Provider {
	p := &Provider{}
	for _, o := range opts {
		o(p)
	}
	p.HTTP = newClient(p.allowPrivate, 30*time.Second)
	return p
}

// Channel is "whatsapp".
func (p *Provider) Channel() string { return "whatsapp" }

func base(c channel.Credentials) string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return strings.TrimRight(c.BaseURL, "/")
}

func (p *Provider) do(ctx context.Context, c channel.Credentials, method, path string, body any) (map[string]any, error) {
	if c.Token == "" {
		return nil, &channel.SendError{Status: http.StatusUnauthorized, Description: "no device token"}
	}
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base(c)+path, r)
	if err != nil {
		return nil, &channel.SendError{Description: "onsend: bad base URL"}
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := p.HTTP.Do(req)
	if ae := (*addressError)(nil); errors.As(err, &ae) {
		// A base URL on our own network: refused for good, not retried.
		return nil, &channel.SendError{Status: http.StatusBadRequest, Description: fmt.Sprintf("onsend: base URL refused: %v", ae)}
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &channel.SendError{Description: fmt.Sprintf("onsend %s: %v", path, err)}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	if res.StatusCode >= 300 || isFalse(out["success"]) {
		desc := str(out, "message", "error", "detail")
		if desc == "" {
			desc = http.StatusText(res.StatusCode)
		}
		status := res.StatusCode
		if status < 300 {
			status = http.StatusBadRequest
		}
		e := &channel.SendError{Status: status, Description: "onsend: " + strings.ReplaceAll(desc, c.Token, "****")}
		if ra, err := time.ParseDuration(res.Header.Get("Retry-After") + "s"); err == nil {
			e.RetryAfter = ra
		}
		return nil, e
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}

// Test calls GET /status.
func (p *Provider) Test(ctx context.Context, c channel.Credentials) (channel.Health, error) {
	out, err := p.do(ctx, c, http.MethodGet, "/status", nil)
	if err != nil {
		return channel.Health{}, err
	}
	h := channel.Health{State: str(out, "status", "state", "device_status"), Phone: str(out, "phone_number", "phone", "number")}
	h.OK = h.State == "connected"
	if !h.OK {
		h.LastError = "device is " + first(h.State, "unknown")
		if h.State == "logged_out" || h.State == "disconnected" {
			h.LastError = "device is " + h.State + ": re-scan the device in OnSend"
		}
	}
	return h, nil
}

// Connect does nothing: the company pastes our webhook URL and secret into OnSend.
func (p *Provider) Connect(context.Context, channel.Credentials, string, string) error { return nil }

// Disconnect does nothing for the same reason.
func (p *Provider) Disconnect(context.Context, channel.Credentials) error { return nil }

// Send calls POST /send {phone_number, type, message, url}.
func (p *Provider) Send(ctx context.Context, c channel.Credentials, m channel.Outbound) (string, error) {
	kind := m.Kind
	if kind == "" {
		kind = "text"
	}
	text := m.Text
	if m.LinkURL != "" { // WhatsApp has no buttons over OnSend: the link follows the caption
		link := m.LinkURL
		if m.LinkText != "" {
			link = m.LinkText + ": " + link
		}
		text = strings.TrimSpace(text + "\n" + link)
	}
	body := map[string]any{"phone_number": m.To, "type": kind, "message": text}
	if kind != "text" {
		if m.MediaURL == "" {
			return "", &channel.SendError{Status: http.StatusBadRequest, Description: "onsend: media needs a public URL"}
		}
		body["url"] = m.MediaURL
	}
	out, err := p.do(ctx, c, http.MethodPost, "/send", body)
	if err != nil {
		return "", err
	}
	return str(out, "message_id", "id", "messageId"), nil
}

// Verify accepts the secret in ?secret= or the X-Webhook-Secret header, in
// constant time; with sigHeader set, that header must also carry
// hex(HMAC-SHA256(secret, body)), optionally prefixed "sha256=".
func (p *Provider) Verify(r *http.Request, body []byte, secrets []string, sigHeader string) bool {
	given := r.URL.Query().Get("secret")
	if given == "" {
		given = r.Header.Get(SecretHeader)
	}
	sig := strings.TrimPrefix(strings.TrimSpace(r.Header.Get(sigHeader)), "sha256=")
	ok := 0
	for _, s := range secrets {
		if s == "" {
			continue
		}
		match := subtle.ConstantTimeCompare([]byte(given), []byte(s))
		if sigHeader != "" {
			mac := hmac.New(sha256.New, []byte(s))
			mac.Write(body)
			want := hex.EncodeToString(mac.Sum(nil))
			match &= subtle.ConstantTimeCompare([]byte(strings.ToLower(sig)), []byte(want))
		}
		ok |= match
	}
	return ok == 1
}

// Sign returns the signature Verify expects for body under secret.
func Sign(secret string, body []byte) string { return channel.Sign(secret, body) }

func isFalse(v any) bool { b, ok := v.(bool); return ok && !b }

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
