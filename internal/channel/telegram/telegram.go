// Package telegram speaks the Telegram Bot API (https://core.telegram.org/bots/api)
// over HTTP: a thin client of our own, with a configurable server URL for tests
// and the simulator.
package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/channel"
)

// DefaultServer is Telegram's Bot API server.
const DefaultServer = "https://api.telegram.org"

// Limits of the Bot API.
const (
	MaxText    = 4096
	MaxCaption = 1024
)

// AllowedUpdates are the update types we ask Telegram for.
var AllowedUpdates = []string{"message"}

// Provider is the Telegram channel.
type Provider struct {
	Server string // DefaultServer when empty
	HTTP   *http.Client
}

// New returns a Provider talking to server (DefaultServer when empty).
func New(server string) *Provider {
	return &Provider{Server: strings.TrimRight(server, "/"), HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// Channel is "telegram".
func (p *Provider) Channel() string { return "telegram" }

func (p *Provider) server() string {
	if p.Server == "" {
		return DefaultServer
	}
	return p.Server
}

type response struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// call posts a method with a JSON body (or a multipart body when ct is set)
// and decodes result into out. Errors never contain the token.
func (p *Provider) call(ctx context.Context, token, method string, body io.Reader, ct string, out any) error {
	if token == "" {
		return &channel.SendError{Status: http.StatusUnauthorized, Description: "no bot token"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.server()+"/bot"+token+"/"+method, body)
	if err != nil {
		return &channel.SendError{Description: "telegram " + method + ": bad request"}
	}
	req.Header.Set("Content-Type", ct)
	res, err := p.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL holds the token
		}
		return &channel.SendError{Description: fmt.Sprintf("telegram %s: %v", method, err)}
	}
	defer res.Body.Close()
	var r response
	if err := json.NewDecoder(io.LimitReader(res.Body, 4<<20)).Decode(&r); err != nil {
		return &channel.SendError{Status: res.StatusCode, Description: fmt.Sprintf("telegram %s: unreadable answer", method)}
	}
	if !r.OK {
		status := r.ErrorCode
		if status == 0 {
			status = res.StatusCode
		}
		// 400 ("chat not found") and 403 ("bot was blocked by the user") are
		// about the chat; 401 and 404 mean the token is no longer good.
		return &channel.SendError{Status: status, Description: scrub(r.Description, token), RetryAfter: time.Duration(r.Parameters.RetryAfter) * time.Second,
			PerChat: status == http.StatusBadRequest || status == http.StatusForbidden}
	}
	if out != nil {
		if err := json.Unmarshal(r.Result, out); err != nil {
			return &channel.SendError{Status: res.StatusCode, Description: fmt.Sprintf("telegram %s: unexpected result", method)}
		}
	}
	return nil
}

func scrub(s, token string) string { return strings.ReplaceAll(s, token, "****") }

func (p *Provider) callJSON(ctx context.Context, token, method string, params any, out any) error {
	b, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return p.call(ctx, token, method, bytes.NewReader(b), "application/json", out)
}

// User is a Telegram user or bot.
type User struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

// WebhookInfo is getWebhookInfo's result.
type WebhookInfo struct {
	URL                  string `json:"url"`
	PendingUpdateCount   int    `json:"pending_update_count"`
	LastErrorDate        int64  `json:"last_error_date"`
	LastErrorMessage     string `json:"last_error_message"`
	HasCustomCertificate bool   `json:"has_custom_certificate"`
}

// GetMe returns the bot.
func (p *Provider) GetMe(ctx context.Context, token string) (User, error) {
	var u User
	return u, p.callJSON(ctx, token, "getMe", struct{}{}, &u)
}

// GetWebhookInfo returns where updates go.
func (p *Provider) GetWebhookInfo(ctx context.Context, token string) (WebhookInfo, error) {
	var w WebhookInfo
	return w, p.callJSON(ctx, token, "getWebhookInfo", struct{}{}, &w)
}

// Test calls getMe and getWebhookInfo.
func (p *Provider) Test(ctx context.Context, c channel.Credentials) (channel.Health, error) {
	me, err := p.GetMe(ctx, c.Token)
	if err != nil {
		return channel.Health{}, err
	}
	info, err := p.GetWebhookInfo(ctx, c.Token)
	if err != nil {
		return channel.Health{}, err
	}
	return channel.Health{OK: true, Username: me.Username, WebhookURL: info.URL, PendingUpdateCount: info.PendingUpdateCount, LastError: info.LastErrorMessage}, nil
}

// Connect calls setWebhook with our URL, the secret token and the update types we handle.
func (p *Provider) Connect(ctx context.Context, c channel.Credentials, hookURL, secret string) error {
	return p.callJSON(ctx, c.Token, "setWebhook", map[string]any{
		"url": hookURL, "secret_token": secret, "allowed_updates": AllowedUpdates, "drop_pending_updates": false,
	}, nil)
}

// Disconnect calls deleteWebhook.
func (p *Provider) Disconnect(ctx context.Context, c channel.Credentials) error {
	return p.callJSON(ctx, c.Token, "deleteWebhook", map[string]any{"drop_pending_updates": false}, nil)
}

// Verify compares the X-Telegram-Bot-Api-Secret-Token header in constant time. Telegram does not sign bodies.
func (p *Provider) Verify(r *http.Request, _ []byte, secrets []string, _ string) bool {
	got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	ok := 0
	for _, s := range secrets {
		if s != "" {
			ok |= subtle.ConstantTimeCompare(got, []byte(s))
		}
	}
	return ok == 1
}

// sent is the Message a send method returns.
type sent struct {
	MessageID int64 `json:"message_id"`
}

// Send sends text (split at 4096 characters) or a photo/document/video
// (caption up to 1024 characters, the rest as text after it). It returns the
// id of the last message Telegram created.
func (p *Provider) Send(ctx context.Context, c channel.Credentials, m channel.Outbound) (string, error) {
	chatID := m.To
	var last sent
	text := m.Text
	if m.Kind != "" && m.Kind != "text" {
		caption, rest := SplitText(text, MaxCaption)
		var err error
		if last, err = p.sendMedia(ctx, c.Token, chatID, m, caption); err != nil {
			return "", err
		}
		if rest == "" {
			return strconv.FormatInt(last.MessageID, 10), nil
		}
		text = rest
	}
	for text != "" {
		var part string
		part, text = SplitText(text, MaxText)
		if err := p.callJSON(ctx, c.Token, "sendMessage", map[string]any{"chat_id": chatID, "text": part}, &last); err != nil {
			return "", err
		}
	}
	return strconv.FormatInt(last.MessageID, 10), nil
}

func (p *Provider) sendMedia(ctx context.Context, token, chatID string, m channel.Outbound, caption string) (sent, error) {
	method, field := "sendDocument", "document"
	switch m.Kind {
	case "image":
		method, field = "sendPhoto", "photo"
	case "video":
		method, field = "sendVideo", "video"
	}
	var out sent
	markup := linkButton(m)
	if m.Media == nil {
		params := map[string]any{"chat_id": chatID, field: m.MediaURL}
		if caption != "" {
			params["caption"] = caption
		}
		if markup != "" {
			params["reply_markup"] = json.RawMessage(markup)
		}
		return out, p.callJSON(ctx, token, method, params, &out)
	}
	f, err := m.Media()
	if err != nil {
		return out, fmt.Errorf("telegram %s: open media: %w", method, err)
	}
	defer f.Close()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("chat_id", chatID)
	if caption != "" {
		_ = w.WriteField("caption", caption)
	}
	if markup != "" {
		_ = w.WriteField("reply_markup", markup)
	}
	name := m.Name
	if name == "" {
		name = field
	}
	fw, err := w.CreateFormFile(field, name)
	if err != nil {
		return out, err
	}
	if _, err := io.Copy(fw, f); err != nil {
		return out, fmt.Errorf("telegram %s: read media: %w", method, err)
	}
	_ = w.Close()
	return out, p.call(ctx, token, method, &buf, w.FormDataContentType(), &out)
}

// linkButton is the inline keyboard of a card with a link: one URL button, "" without a link.
func linkButton(m channel.Outbound) string {
	if m.LinkURL == "" {
		return ""
	}
	text := m.LinkText
	if text == "" {
		text = "Open link"
	}
	b, _ := json.Marshal(map[string]any{"inline_keyboard": [][]map[string]string{{{"text": text, "url": m.LinkURL}}}})
	return string(b)
}

// SplitText returns the first at most n characters of s, preferring to cut
// after a newline or space, and the rest.
func SplitText(s string, n int) (string, string) {
	r := []rune(s)
	if len(r) <= n {
		return s, ""
	}
	cut := n
	for i := n; i > n/2; i-- {
		if r[i-1] == '\n' || r[i-1] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]), string(r[cut:])
}

// File is getFile's result.
type File struct {
	FileID   string `json:"file_id"`
	FileSize int64  `json:"file_size"`
	FilePath string `json:"file_path"`
}

// GetFile resolves a file id to a download path.
func (p *Provider) GetFile(ctx context.Context, token, fileID string) (File, error) {
	var f File
	return f, p.callJSON(ctx, token, "getFile", map[string]string{"file_id": fileID}, &f)
}

// FetchMedia downloads a file with getFile and the file endpoint.
func (p *Provider) FetchMedia(ctx context.Context, c channel.Credentials, ref channel.Media) (io.ReadCloser, error) {
	f, err := p.GetFile(ctx, c.Token, ref.FileID)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.server()+"/file/bot"+c.Token+"/"+f.FilePath, nil)
	if err != nil {
		return nil, &channel.SendError{Description: "telegram file: bad path"}
	}
	res, err := p.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &channel.SendError{Description: fmt.Sprintf("telegram file: %v", err)}
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, &channel.SendError{Status: res.StatusCode, Description: "telegram file download failed"}
	}
	return res.Body, nil
}
