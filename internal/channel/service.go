package channel

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/storage"
)

// JobInserter enqueues a job in the caller's transaction (River's client).
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Settings configure the Service.
type Settings struct {
	PublicURL   string        // where providers reach our webhooks
	SecretGrace time.Duration // how long a replaced webhook secret stays valid (24 h when zero)
	Logger      *slog.Logger
	// Pacing spaces sends per chat, bot and device; nil means DefaultPacing.
	Pacing *Pacing
	// Signer makes the expiring URLs providers fetch outbound media from (OnSend); nil: no media over OnSend.
	Signer *storage.Signer
}

// Service manages a company's channel integrations and moves messages in and out.
type Service struct {
	db        *db.DB
	keys      *secretbox.Keyring
	blobs     storage.Store
	providers map[string]Provider
	jobs      JobInserter
	set       Settings
}

// NewService returns a Service. SetJobs must be called before webhooks or replies are handled.
func NewService(d *db.DB, keys *secretbox.Keyring, blobs storage.Store, set Settings, providers ...Provider) *Service {
	if set.SecretGrace == 0 {
		set.SecretGrace = 24 * time.Hour
	}
	if set.Logger == nil {
		set.Logger = slog.New(slog.DiscardHandler)
	}
	if set.Pacing == nil {
		set.Pacing = &DefaultPacing
	}
	s := &Service{db: d, keys: keys, blobs: blobs, providers: map[string]Provider{}, set: set}
	for _, p := range providers {
		s.providers[p.Channel()] = p
	}
	return s
}

// SetJobs gives the service its job queue (created after the workers that need the service).
func (s *Service) SetJobs(j JobInserter) { s.jobs = j }

func (s *Service) provider(ch string) (Provider, error) {
	p, ok := s.providers[ch]
	if !ok {
		return nil, apperr.Invalid("path.channel", "unknown channel "+ch)
	}
	return p, nil
}

// aad binds a ciphertext to its company and channel.
func aad(companyID uuid.UUID, ch string) []byte { return []byte(companyID.String() + "/" + ch) }

// NewWebhookSecret returns 48 characters of [A-Za-z0-9_-], valid as Telegram's secret_token.
func NewWebhookSecret() string {
	b := make([]byte, 36)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// WebhookURL is where a provider posts a company's channel events.
func (s *Service) WebhookURL(companyID uuid.UUID, ch string) string {
	return strings.TrimRight(s.set.PublicURL, "/") + "/webhook/" + companyID.String() + "/" + ch
}

// Integration is a channel's configuration as a company admin sees it; the token is masked.
type Integration struct {
	Channel                 string
	Row                     dbgen.CompanyIntegration
	TokenMasked             string
	WebhookURL              string
	WebhookSecret           string
	PreviousSecretExpiresAt *time.Time
}

func (s *Service) view(companyID uuid.UUID, r dbgen.CompanyIntegration) Integration {
	v := Integration{Channel: r.Channel, Row: r, WebhookURL: s.WebhookURL(companyID, r.Channel), WebhookSecret: r.WebhookSecret}
	if r.TokenHint != "" {
		v.TokenMasked = "****" + r.TokenHint
	}
	if r.PreviousSecretExpiresAt != nil && r.PreviousSecretExpiresAt.After(time.Now()) {
		v.PreviousSecretExpiresAt = r.PreviousSecretExpiresAt
	}
	return v
}

// List returns the company's integrations, one per channel (unconfigured ones included).
func (s *Service) List(ctx context.Context, companyID uuid.UUID) ([]Integration, error) {
	var out []Integration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		for _, ch := range []string{"telegram", "whatsapp"} {
			r, err := s.ensure(ctx, tx, companyID, ch)
			if err != nil {
				return err
			}
			out = append(out, s.view(companyID, r))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("channel.List: %w", err)
	}
	return out, nil
}

func (s *Service) ensure(ctx context.Context, tx *db.Tx, companyID uuid.UUID, ch string) (dbgen.CompanyIntegration, error) {
	r, err := tx.IntegrationGet(ctx, ch)
	if db.IsNotFound(err) {
		return tx.IntegrationEnsure(ctx, dbgen.IntegrationEnsureParams{CompanyID: companyID, Channel: ch, WebhookSecret: NewWebhookSecret()})
	}
	return r, err
}

// SetToken stores a new token (encrypted) and, for OnSend, its base URL.
// A token of another provider account (another Telegram bot) also removes the
// old account's webhook and ends the old webhook secret at once, so the old
// bot's late updates are refused instead of landing as the new bot's.
// Returns EINVALID.
func (s *Service) SetToken(ctx context.Context, companyID uuid.UUID, ch, token, baseURL string) (Integration, error) {
	p, err := s.provider(ch)
	if err != nil {
		return Integration{}, err
	}
	token = strings.TrimSpace(token)
	if len(token) < 8 || len(token) > 512 || strings.ContainsAny(token, " \t\r\n") {
		return Integration{}, apperr.Invalid("body.token", "paste the whole token: 8 to 512 characters without spaces")
	}
	if ch == "telegram" && !strings.Contains(token, ":") {
		return Integration{}, apperr.Invalid("body.token", "a Telegram bot token looks like 123456789:ABC... (from @BotFather)")
	}
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if ch != "whatsapp" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Integration{}, apperr.Invalid("body.base_url", "base URL must be an http(s) URL, for OnSend only")
		}
	}
	if s.keys == nil {
		return Integration{}, apperr.New(apperr.EINTERNAL, "credential encryption is not configured")
	}
	keyID, sealed, err := s.keys.Seal([]byte(token), aad(companyID, ch))
	if err != nil {
		return Integration{}, err
	}
	var previous *Credentials
	if _, old, err := s.load(ctx, companyID, ch); err == nil && old.Token != "" {
		if scope := p.EventScope(old); scope != p.EventScope(Credentials{Token: token}) {
			previous = &old
		}
	}
	var out dbgen.CompanyIntegration
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := s.ensure(ctx, tx, companyID, ch); err != nil {
			return err
		}
		if out, err = tx.IntegrationSetToken(ctx, dbgen.IntegrationSetTokenParams{Channel: ch, TokenCiphertext: sealed, TokenKeyID: keyID,
			TokenHint: last4(token), BaseUrl: baseURL}); err != nil {
			return err
		}
		meta := map[string]any{"token": secretbox.Mask(token)}
		if previous != nil {
			now := time.Now().UTC()
			if out, err = tx.IntegrationRotateSecret(ctx, dbgen.IntegrationRotateSecretParams{Channel: ch, WebhookSecret: NewWebhookSecret(), PreviousExpiresAt: &now}); err != nil {
				return err
			}
			meta["account_changed"] = true
		}
		return s.audit(ctx, tx, companyID, ch, "credentials.updated", meta)
	})
	if err != nil {
		return Integration{}, fmt.Errorf("channel.SetToken: %w", err)
	}
	if previous != nil {
		if err := p.Disconnect(ctx, *previous); err != nil {
			s.set.Logger.WarnContext(ctx, "remove the previous account's webhook", "company_id", companyID, "channel", ch, "error", truncate(err.Error(), 200))
		}
	}
	return s.view(companyID, out), nil
}

func last4(s string) string {
	r := []rune(s)
	if len(r) <= 8 {
		return ""
	}
	return string(r[len(r)-4:])
}

func (s *Service) audit(ctx context.Context, tx *db.Tx, companyID uuid.UUID, ch, action string, meta map[string]any) error {
	p := identity.PrincipalFrom(ctx)
	c := identity.ClientFrom(ctx)
	b, _ := json.Marshal(meta)
	if meta == nil {
		b = []byte("{}")
	}
	ua := c.UserAgent
	if len(ua) > 500 {
		ua = ua[:500]
	}
	params := dbgen.IntegrationAuditInsertParams{CompanyID: companyID, Channel: ch, Action: action, Ip: c.IP, UserAgent: ua, Metadata: b}
	if p != nil {
		params.ActorUserID = uuid.NullUUID{UUID: p.UserID, Valid: true}
		params.ActorEmail = p.Email
	}
	return tx.IntegrationAuditInsert(ctx, params)
}

// credentials decrypts a row's token. Returns ENOTFOUND-like EINVALID when none is stored.
func (s *Service) credentials(companyID uuid.UUID, r dbgen.CompanyIntegration) (Credentials, error) {
	if len(r.TokenCiphertext) == 0 || r.Status == "revoked" {
		return Credentials{}, apperr.New(apperr.ECONFLICT, r.Channel+" has no credentials: paste the token first")
	}
	if s.keys == nil {
		return Credentials{}, errors.New("channel: no credential keyring")
	}
	tok, err := s.keys.Open(r.TokenKeyID, r.TokenCiphertext, aad(companyID, r.Channel))
	if err != nil {
		return Credentials{}, fmt.Errorf("channel: decrypt %s token: %w", r.Channel, err)
	}
	return Credentials{Token: string(tok), BaseURL: r.BaseUrl}, nil
}

func (s *Service) load(ctx context.Context, companyID uuid.UUID, ch string) (dbgen.CompanyIntegration, Credentials, error) {
	var r dbgen.CompanyIntegration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		r, err = s.ensure(ctx, tx, companyID, ch)
		return err
	})
	if err != nil {
		return r, Credentials{}, err
	}
	c, err := s.credentials(companyID, r)
	return r, c, err
}

// TestResult is a connection test's outcome.
type TestResult struct {
	Integration Integration
	Health      Health
	Error       string
}

// Test checks the stored credentials against the provider and records the outcome.
func (s *Service) Test(ctx context.Context, companyID uuid.UUID, ch string) (TestResult, error) {
	p, err := s.provider(ch)
	if err != nil {
		return TestResult{}, err
	}
	_, creds, err := s.load(ctx, companyID, ch)
	if err != nil {
		return TestResult{}, err
	}
	h, perr := p.Test(ctx, creds)
	res := TestResult{Health: h}
	if perr != nil {
		res.Error = perr.Error()
	} else if !h.OK && h.LastError != "" {
		res.Error = h.LastError
	}
	ok := perr == nil && h.OK
	// OnSend has no webhook to register: a connected device is a connected channel.
	row, err := s.record(ctx, companyID, ch, "credentials.tested", h, ok, ok && ch == "whatsapp", res.Error)
	if err != nil {
		return TestResult{}, err
	}
	res.Integration = s.view(companyID, row)
	return res, nil
}

// record writes a provider outcome, an audit entry and returns the row.
func (s *Service) record(ctx context.Context, companyID uuid.UUID, ch, action string, h Health, ok, connected bool, errText string) (dbgen.CompanyIntegration, error) {
	var row dbgen.CompanyIntegration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if ok {
			_, err = tx.IntegrationRecordOK(ctx, dbgen.IntegrationRecordOKParams{Channel: ch, Connected: connected, BotUsername: h.Username,
				DevicePhone: h.Phone, DeviceState: h.State, WebhookRegistered: connected && ch == "telegram", PendingUpdateCount: int32(h.PendingUpdateCount)})
		} else {
			if h.State != "" {
				err = tx.IntegrationSetDevice(ctx, dbgen.IntegrationSetDeviceParams{Channel: ch, DeviceState: h.State, DevicePhone: h.Phone})
			}
			if err == nil {
				err = tx.IntegrationRecordError(ctx, dbgen.IntegrationRecordErrorParams{Channel: ch, LastError: truncate(errText, 500)})
			}
		}
		if err != nil && !db.IsNotFound(err) {
			return err
		}
		meta := map[string]any{"ok": ok}
		if errText != "" {
			meta["error"] = truncate(errText, 200)
		}
		if err := s.audit(ctx, tx, companyID, ch, action, meta); err != nil {
			return err
		}
		row, err = tx.IntegrationGet(ctx, ch)
		return err
	})
	return row, err
}

// Connect registers our webhook at the provider (Telegram setWebhook with a secret_token) and tests the connection.
func (s *Service) Connect(ctx context.Context, companyID uuid.UUID, ch string) (TestResult, error) {
	p, err := s.provider(ch)
	if err != nil {
		return TestResult{}, err
	}
	row, creds, err := s.load(ctx, companyID, ch)
	if err != nil {
		return TestResult{}, err
	}
	var h Health
	perr := p.Connect(ctx, creds, s.WebhookURL(companyID, ch), row.WebhookSecret)
	if perr == nil {
		h, perr = p.Test(ctx, creds)
	}
	res := TestResult{Health: h}
	ok := perr == nil && h.OK
	if perr != nil {
		res.Error = perr.Error()
	} else if !h.OK {
		res.Error = h.LastError
	}
	row, err = s.record(ctx, companyID, ch, "webhook.connected", h, ok, ok, res.Error)
	if err != nil {
		return TestResult{}, err
	}
	res.Integration = s.view(companyID, row)
	return res, nil
}

// Revoke removes the provider's webhook (best effort) and the stored credentials.
func (s *Service) Revoke(ctx context.Context, companyID uuid.UUID, ch string) (Integration, error) {
	p, err := s.provider(ch)
	if err != nil {
		return Integration{}, err
	}
	meta := map[string]any{}
	if _, creds, err := s.load(ctx, companyID, ch); err == nil {
		if err := p.Disconnect(ctx, creds); err != nil {
			meta["disconnect_error"] = truncate(err.Error(), 200)
		}
	}
	var row dbgen.CompanyIntegration
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := s.ensure(ctx, tx, companyID, ch); err != nil {
			return err
		}
		var err error
		if row, err = tx.IntegrationRevoke(ctx, ch); err != nil {
			return err
		}
		return s.audit(ctx, tx, companyID, ch, "credentials.revoked", meta)
	})
	if err != nil {
		return Integration{}, fmt.Errorf("channel.Revoke: %w", err)
	}
	return s.view(companyID, row), nil
}

// RegenerateSecret replaces the webhook secret; the old one stays valid for the grace period.
// For a connected Telegram bot the webhook is re-registered with the new secret.
func (s *Service) RegenerateSecret(ctx context.Context, companyID uuid.UUID, ch string) (Integration, error) {
	p, err := s.provider(ch)
	if err != nil {
		return Integration{}, err
	}
	var row dbgen.CompanyIntegration
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := s.ensure(ctx, tx, companyID, ch); err != nil {
			return err
		}
		exp := time.Now().Add(s.set.SecretGrace).UTC()
		var err error
		if row, err = tx.IntegrationRotateSecret(ctx, dbgen.IntegrationRotateSecretParams{Channel: ch, WebhookSecret: NewWebhookSecret(), PreviousExpiresAt: &exp}); err != nil {
			return err
		}
		return s.audit(ctx, tx, companyID, ch, "webhook_secret.regenerated", map[string]any{"previous_valid_until": exp})
	})
	if err != nil {
		return Integration{}, fmt.Errorf("channel.RegenerateSecret: %w", err)
	}
	if row.WebhookRegistered {
		if creds, err := s.credentials(companyID, row); err == nil {
			if err := p.Connect(ctx, creds, s.WebhookURL(companyID, ch), row.WebhookSecret); err != nil {
				if row, err = s.record(ctx, companyID, ch, "webhook.reconnected", Health{}, false, false, err.Error()); err != nil {
					return Integration{}, err
				}
			}
		}
	}
	return s.view(companyID, row), nil
}

// SetSignatureHeader sets (or clears) the header that must carry an HMAC-SHA256 of each OnSend webhook body.
func (s *Service) SetSignatureHeader(ctx context.Context, companyID uuid.UUID, ch, header string) (Integration, error) {
	if header != "" && !headerPattern(header) {
		return Integration{}, apperr.Invalid("body.header", "a header name of letters, digits and dashes")
	}
	var row dbgen.CompanyIntegration
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := s.ensure(ctx, tx, companyID, ch); err != nil {
			return err
		}
		var err error
		if row, err = tx.IntegrationSetSignatureHeader(ctx, dbgen.IntegrationSetSignatureHeaderParams{Channel: ch, SignatureHeader: header}); err != nil {
			return err
		}
		return s.audit(ctx, tx, companyID, ch, "webhook_signature.updated", map[string]any{"header": header})
	})
	if err != nil {
		return Integration{}, fmt.Errorf("channel.SetSignatureHeader: %w", err)
	}
	return s.view(companyID, row), nil
}

func headerPattern(h string) bool {
	if len(h) > 64 {
		return false
	}
	for _, r := range h {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// DeliveryLog returns recent webhook calls and sends, newest first.
func (s *Service) DeliveryLog(ctx context.Context, companyID uuid.UUID, ch string, limit int32) ([]dbgen.DeliveryLog, error) {
	var out []dbgen.DeliveryLog
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		p := dbgen.DeliveryLogListParams{Lim: limit}
		if ch != "" {
			p.Channel = &ch
		}
		var err error
		out, err = tx.DeliveryLogList(ctx, p)
		return err
	})
	return out, err
}

// AuditLog returns recent changes to the integrations, newest first.
func (s *Service) AuditLog(ctx context.Context, companyID uuid.UUID, limit int32) ([]dbgen.IntegrationAudit, error) {
	var out []dbgen.IntegrationAudit
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		out, err = tx.IntegrationAuditList(ctx, limit)
		return err
	})
	return out, err
}

func logDelivery(ctx context.Context, tx *db.Tx, companyID uuid.UUID, ch, direction, status string, httpStatus int, msgID uuid.UUID, detail string) error {
	return tx.DeliveryLogInsert(ctx, dbgen.DeliveryLogInsertParams{CompanyID: companyID, Channel: ch, Direction: direction, Status: status,
		HttpStatus: int32(httpStatus), MessageID: uuid.NullUUID{UUID: msgID, Valid: msgID != uuid.Nil}, Detail: truncate(detail, 500)})
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
