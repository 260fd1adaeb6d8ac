package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Provider is one messaging channel's wire protocol. The inbox and the
// webhook path know only this interface, so another channel (WhatsApp Cloud
// API) is one more implementation.
type Provider interface {
	// Channel is the name in URLs and rows: "telegram" or "whatsapp".
	Channel() string
	// Verify reports whether an inbound call carries one of the company's
	// webhook secrets (compared in constant time); sigHeader, when set, names a
	// header that must carry HMAC-SHA256(secret, body) in hex.
	Verify(r *http.Request, body []byte, secrets []string, sigHeader string) bool
	// Parse reads an inbound call's body. It returns ErrMalformed for a body
	// that cannot be a webhook call; Inbound.Ignore marks a valid call that
	// holds no customer message (an edited message, a status update).
	Parse(body []byte) (Inbound, error)
	// EventScope names the provider account the credentials belong to when
	// the provider's event ids are unique only within it (Telegram's
	// update_id, per bot); "" when they are unique on their own. The stored
	// event id is scope + ":" + Inbound.EventID, so a company that switches
	// bots does not lose the new bot's updates as duplicates.
	EventScope(c Credentials) string
	// Test checks the credentials against the provider.
	Test(ctx context.Context, c Credentials) (Health, error)
	// Connect points the provider's webhook at url with secret (a no-op where
	// the company configures it by hand, as in OnSend).
	Connect(ctx context.Context, c Credentials, url, secret string) error
	// Disconnect removes the webhook at the provider, where there is one.
	Disconnect(ctx context.Context, c Credentials) error
	// Send delivers one message and returns the provider's message id.
	Send(ctx context.Context, c Credentials, m Outbound) (string, error)
	// FetchMedia downloads an inbound message's media.
	FetchMedia(ctx context.Context, c Credentials, ref Media) (io.ReadCloser, error)
}

// Credentials are a company's decrypted credentials for one channel.
type Credentials struct {
	Token   string
	BaseURL string // OnSend only; empty means the provider's default
}

// Health is what a connection test learned.
type Health struct {
	OK                 bool
	Username           string // Telegram bot username
	Phone              string // OnSend device phone number
	State              string // OnSend device state
	WebhookURL         string // Telegram: where updates go now
	PendingUpdateCount int
	LastError          string // the provider's last webhook error, if any
}

// Inbound is a customer's message as a provider delivered it.
type Inbound struct {
	EventID           string // unique per company and channel
	Ignore            bool
	ExternalID        string // Telegram chat id, WhatsApp phone number
	Name              string
	Phone             string
	Username          string
	Kind              string // text, image, video, document, audio, voice, sticker, location, other
	Text              string // text or caption
	ProviderMessageID string
	Media             *Media
}

// Media is a reference to a provider's file.
type Media struct {
	FileID string // Telegram file_id
	URL    string // OnSend: a URL to fetch
	Name   string
	Mime   string
}

// Outbound is one message to send.
type Outbound struct {
	To       string // chat id or normalised phone number
	Kind     string // text, image, video, document
	Text     string // text or caption
	MediaURL string // a URL the provider can fetch (OnSend)
	Media    func() (io.ReadCloser, error)
	Name     string
	Mime     string
	LinkURL  string // a card's link: a button under it (Telegram), a line after its caption (WhatsApp)
	LinkText string
}

// ErrMalformed marks an inbound body that cannot be parsed.
var ErrMalformed = errors.New("malformed webhook body")

// ErrRefusedAddress marks a media URL from a webhook body that leads to an
// address on our side (loopback, private network, metadata service); it is
// never fetched.
var ErrRefusedAddress = errors.New("address refused")

// SendError is a provider's refusal, with what retrying needs.
type SendError struct {
	Status      int           // HTTP status, 0 for a transport error
	Description string        // the provider's words; never holds the token
	RetryAfter  time.Duration // the provider's retry_after, if given
	// PerChat marks a refusal that concerns one recipient, not the account,
	// whatever its status (Telegram's 403 "bot was blocked by the user").
	PerChat bool
}

func (e *SendError) Error() string {
	if e.Status == 0 {
		return e.Description
	}
	return fmt.Sprintf("%d: %s", e.Status, e.Description)
}

// Temporary reports whether trying again later may succeed (429, 5xx, network).
func (e *SendError) Temporary() bool {
	return e.Status == 0 || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// AccountError reports whether the refusal concerns the channel's credentials
// or account (401, 403, 404 unless PerChat), so the whole integration is in
// error, rather than the one message.
func (e *SendError) AccountError() bool {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return !e.PerChat
	}
	return false
}
