// Package simulator serves fake Telegram Bot API and OnSend APIs for `sembang
// dev`, so the real adapters run end to end without an account, and a small
// customer page (/sim/) to write to the company as a customer and read its replies.
package simulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sent is a message the company sent to a simulated customer.
type Sent struct {
	Channel string    `json:"channel"`
	Token   string    `json:"-"`
	To      string    `json:"to"`
	Kind    string    `json:"kind"`
	Text    string    `json:"text"`
	Link    string    `json:"link,omitempty"` // a card's link button (Telegram inline keyboard)
	At      time.Time `json:"at"`
}

// Simulator is the fake providers' state, in memory.
type Simulator struct {
	mu       sync.Mutex
	webhooks map[string][2]string // bot token → url, secret
	sent     []Sent
	updateID int64
	msgID    int64
	client   *http.Client
}

// New returns an empty Simulator.
func New() *Simulator {
	return &Simulator{webhooks: map[string][2]string{}, updateID: time.Now().Unix(), client: &http.Client{Timeout: 10 * time.Second}}
}

//go:embed customer.html
var customerPage []byte

// ServeHTTP routes /bot<token>/<method>, /file/bot<token>/<path>, /onsend/api/v1/* and /sim/*.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/bot"):
		token, method, _ := strings.Cut(strings.TrimPrefix(p, "/bot"), "/")
		s.telegram(w, r, token, method)
	case strings.HasPrefix(p, "/file/bot"):
		_, _ = w.Write([]byte("simulated file"))
	case strings.HasPrefix(p, "/onsend/api/v1/"):
		s.onsend(w, r, strings.TrimPrefix(p, "/onsend/api/v1"))
	case p == "/sim/" || p == "/sim" || p == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(customerPage)
	case p == "/sim/say" && r.Method == http.MethodPost:
		s.say(w, r)
	case p == "/sim/sent":
		s.mu.Lock()
		out := []Sent{}
		for _, m := range s.sent {
			if m.Token == r.URL.Query().Get("token") {
				out = append(out, m)
			}
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func tgError(w http.ResponseWriter, code int, desc string) {
	writeJSON(w, code, map[string]any{"ok": false, "error_code": code, "description": desc})
}

func (s *Simulator) telegram(w http.ResponseWriter, r *http.Request, token, method string) {
	if !strings.Contains(token, ":") {
		tgError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	params := map[string]any{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseMultipartForm(20 << 20)
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
		for k := range r.MultipartForm.File {
			params[k] = "(uploaded file)"
		}
	} else {
		_ = json.NewDecoder(r.Body).Decode(&params)
	}
	id, _, _ := strings.Cut(token, ":")
	ok := func(result any) { writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result}) }
	switch method {
	case "getMe":
		ok(map[string]any{"id": atoi(id), "is_bot": true, "first_name": "Simulated bot", "username": "sim_" + id + "_bot"})
	case "getWebhookInfo":
		s.mu.Lock()
		hook := s.webhooks[token]
		s.mu.Unlock()
		ok(map[string]any{"url": hook[0], "has_custom_certificate": false, "pending_update_count": 0})
	case "setWebhook":
		url, _ := params["url"].(string)
		secret, _ := params["secret_token"].(string)
		s.mu.Lock()
		s.webhooks[token] = [2]string{url, secret}
		s.mu.Unlock()
		ok(true)
	case "deleteWebhook":
		s.mu.Lock()
		delete(s.webhooks, token)
		s.mu.Unlock()
		ok(true)
	case "getFile":
		ok(map[string]any{"file_id": params["file_id"], "file_unique_id": "u", "file_path": "files/sim.bin"})
	case "sendMessage", "sendPhoto", "sendDocument", "sendVideo":
		text, _ := params["text"].(string)
		if text == "" {
			text, _ = params["caption"].(string)
		}
		kind := map[string]string{"sendMessage": "text", "sendPhoto": "image", "sendDocument": "document", "sendVideo": "video"}[method]
		s.mu.Lock()
		s.msgID++
		mid := s.msgID
		s.sent = append(s.sent, Sent{Channel: "telegram", Token: token, To: fmt.Sprint(params["chat_id"]), Kind: kind, Text: text, Link: buttonURL(params["reply_markup"]), At: time.Now().UTC()})
		s.mu.Unlock()
		ok(map[string]any{"message_id": mid, "date": time.Now().Unix(), "chat": map[string]any{"id": atoi(fmt.Sprint(params["chat_id"])), "type": "private"}})
	default:
		tgError(w, http.StatusNotFound, "Not Found: method not found")
	}
}

// buttonURL is the first URL button of an inline keyboard, sent as JSON text (multipart) or an object.
func buttonURL(markup any) string {
	raw, ok := markup.(string)
	if !ok {
		b, _ := json.Marshal(markup)
		raw = string(b)
	}
	var m struct {
		InlineKeyboard [][]struct {
			URL string `json:"url"`
		} `json:"inline_keyboard"`
	}
	if json.Unmarshal([]byte(raw), &m) != nil || len(m.InlineKeyboard) == 0 || len(m.InlineKeyboard[0]) == 0 {
		return ""
	}
	return m.InlineKeyboard[0][0].URL
}

func (s *Simulator) onsend(w http.ResponseWriter, r *http.Request, path string) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" || token == r.Header.Get("Authorization") {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"success": false, "message": "Unauthenticated."})
		return
	}
	switch {
	case path == "/status" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "status": "connected", "phone_number": "60100000000"})
	case path == "/send" && r.Method == http.MethodPost:
		var b struct {
			PhoneNumber string `json:"phone_number"`
			Type        string `json:"type"`
			Message     string `json:"message"`
			URL         string `json:"url"`
		}
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b.PhoneNumber == "" {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"success": false, "message": "phone_number is required"})
			return
		}
		s.mu.Lock()
		s.msgID++
		mid := s.msgID
		s.sent = append(s.sent, Sent{Channel: "whatsapp", Token: token, To: b.PhoneNumber, Kind: b.Type, Text: b.Message, At: time.Now().UTC()})
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "Message sent", "message_id": "SIM" + strconv.FormatInt(mid, 10)})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"success": false, "message": "Not found"})
	}
}

// say posts a customer's message to the company's webhook, as the provider would.
func (s *Simulator) say(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Channel    string `json:"channel"`
		Token      string `json:"token"`
		WebhookURL string `json:"webhook_url"`
		Secret     string `json:"secret"`
		From       string `json:"from"`
		Name       string `json:"name"`
		Text       string `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Text == "" || in.From == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "from and text are required"})
		return
	}
	s.mu.Lock()
	s.updateID++
	s.msgID++
	uid, mid := s.updateID, s.msgID
	hook := s.webhooks[in.Token]
	s.mu.Unlock()
	var body []byte
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, "http://invalid", nil)
	if in.Channel == "telegram" {
		if hook[0] == "" {
			writeJSON(w, http.StatusConflict, map[string]string{"error": "this bot has no webhook: connect it on the integrations page first"})
			return
		}
		body, _ = json.Marshal(map[string]any{"update_id": uid, "message": map[string]any{"message_id": mid, "date": time.Now().Unix(), "text": in.Text,
			"from": map[string]any{"id": atoi(in.From), "is_bot": false, "first_name": in.Name},
			"chat": map[string]any{"id": atoi(in.From), "type": "private", "first_name": in.Name}}})
		req, _ = http.NewRequestWithContext(r.Context(), http.MethodPost, hook[0], bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook[1])
	} else {
		body, _ = json.Marshal(map[string]any{"id": "SIMIN" + strconv.FormatInt(mid, 10), "from": in.From, "name": in.Name, "type": "text",
			"message": in.Text, "timestamp": time.Now().Unix()})
		req, _ = http.NewRequestWithContext(r.Context(), http.MethodPost, in.WebhookURL, bytes.NewReader(body))
		req.Header.Set("X-Webhook-Secret", in.Secret)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
		return
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	writeJSON(w, http.StatusOK, map[string]any{"webhook_status": res.StatusCode, "webhook_answer": string(answer)})
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
