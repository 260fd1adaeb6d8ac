// Package fake is an in-process stand-in for the Anthropic Messages API, for
// tests and benchmarks. It speaks the API's JSON, refuses what the real API
// refuses (a missing key or version header, sampling parameters, no
// max_tokens), plays scripted failures in order, and bills tokens the way the
// API does: the prompt up to the last cache_control breakpoint is written to
// the cache on first sight and read from it afterwards.
package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Reply is one scripted answer.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
}

// Recorded is one request as received.
type Recorded struct {
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

// Anthropic is the fake server.
type Anthropic struct {
	Server *httptest.Server
	// MinCacheTokens is the shortest prefix the API caches (models need 1024 to 4096 tokens; default 1024).
	MinCacheTokens int64
	// Text, when set, makes the reply text from the request body.
	Text func(body map[string]any) string

	mu       sync.Mutex
	requests []Recorded
	script   []Reply
	cache    map[string]bool
}

// NewAnthropic starts a fake; Close it when done.
func NewAnthropic() *Anthropic {
	f := &Anthropic{MinCacheTokens: 1024, cache: map[string]bool{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// URL is the base URL to give the SDK.
func (f *Anthropic) URL() string { return f.Server.URL }

// Close stops the server.
func (f *Anthropic) Close() { f.Server.Close() }

// Push queues replies; each request takes the next one, and once the queue is
// empty requests succeed.
func (f *Anthropic) Push(r ...Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, r...)
}

// Requests returns what was received so far.
func (f *Anthropic) Requests() []Recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Recorded(nil), f.requests...)
}

// Error builds an API error body.
func Error(typ, message, code string) string {
	e := map[string]any{"type": typ, "message": message}
	if code != "" {
		e["details"] = map[string]any{"error_code": code}
	}
	b, _ := json.Marshal(map[string]any{"type": "error", "error": e, "request_id": "req_fake"})
	return string(b)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_fake")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (f *Anthropic) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	f.requests = append(f.requests, Recorded{Header: r.Header.Clone(), Body: body, Raw: raw})
	var next *Reply
	if len(f.script) > 0 {
		next = &f.script[0]
		f.script = f.script[1:]
	}
	f.mu.Unlock()

	if r.Method != http.MethodPost || r.URL.Path != "/v1/messages" {
		writeJSON(w, http.StatusNotFound, Error("not_found_error", "no such endpoint: "+r.URL.Path, ""))
		return
	}
	if r.Header.Get("X-Api-Key") == "" && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeJSON(w, http.StatusUnauthorized, Error("authentication_error", "missing API key", ""))
		return
	}
	if r.Header.Get("Anthropic-Version") == "" {
		writeJSON(w, http.StatusBadRequest, Error("invalid_request_error", "anthropic-version: header is required", ""))
		return
	}
	if next != nil {
		for k, v := range next.Header {
			w.Header().Set(k, v)
		}
		writeJSON(w, next.Status, next.Body)
		return
	}
	if body == nil {
		writeJSON(w, http.StatusBadRequest, Error("invalid_request_error", "body is not JSON", ""))
		return
	}
	for _, k := range []string{"temperature", "top_p", "top_k"} {
		if _, ok := body[k]; ok && r.Header.Get("Anthropic-Version") >= "2026-10-21" {
			writeJSON(w, http.StatusBadRequest, Error("invalid_request_error", k+": Extra inputs are not permitted", ""))
			return
		}
	}
	if mt, _ := body["max_tokens"].(float64); mt < 1 {
		writeJSON(w, http.StatusBadRequest, Error("invalid_request_error", "max_tokens: Field required", ""))
		return
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) == 0 {
		writeJSON(w, http.StatusBadRequest, Error("invalid_request_error", "messages: at least one message is required", ""))
		return
	}

	u := f.bill(body)
	text := "Terima kasih! Kami akan bantu anda."
	if f.Text != nil {
		text = f.Text(body)
	}
	out := map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "model": body["model"],
		"content":     []any{map[string]any{"type": "text", "text": text}},
		"stop_reason": "end_turn", "stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens": u.Input, "output_tokens": Tokens(text),
			"cache_read_input_tokens": u.CacheRead, "cache_creation_input_tokens": u.CacheWrite,
		},
	}
	b, _ := json.Marshal(out)
	writeJSON(w, http.StatusOK, string(b))
}

// Usage is the input side of one request's bill.
type Usage struct {
	Input, CacheRead, CacheWrite int64
}

// bill splits the prompt's tokens into uncached input, cache reads and cache
// writes. The prompt is tools, then system, then messages, in order; the
// cached prefix runs through the last block that carries cache_control.
func (f *Anthropic) bill(body map[string]any) Usage {
	type piece struct {
		tokens int64
		key    string
		mark   bool
	}
	var pieces []piece
	add := func(block any) {
		b, _ := json.Marshal(block)
		m, _ := block.(map[string]any)
		text, _ := m["text"].(string)
		_, mark := m["cache_control"]
		pieces = append(pieces, piece{tokens: Tokens(text) + 3, key: string(b), mark: mark})
	}
	switch s := body["system"].(type) {
	case string:
		add(map[string]any{"type": "text", "text": s})
	case []any:
		for _, b := range s {
			add(b)
		}
	}
	msgs, _ := body["messages"].([]any)
	for _, m := range msgs {
		mm, _ := m.(map[string]any)
		switch c := mm["content"].(type) {
		case string:
			add(map[string]any{"type": "text", "text": c})
		case []any:
			for _, b := range c {
				add(b)
			}
		}
		pieces = append(pieces, piece{tokens: 4, key: fmt.Sprint(mm["role"])})
	}
	last := -1
	for i, p := range pieces {
		if p.mark {
			last = i
		}
	}
	var u Usage
	var prefix int64
	h := sha256.New()
	fmt.Fprint(h, body["model"])
	for i, p := range pieces {
		if i <= last {
			prefix += p.tokens
			io.WriteString(h, p.key)
		} else {
			u.Input += p.tokens
		}
	}
	if last < 0 || prefix < f.MinCacheTokens {
		u.Input += prefix
		return u
	}
	key := hex.EncodeToString(h.Sum(nil))
	f.mu.Lock()
	hit := f.cache[key]
	f.cache[key] = true
	f.mu.Unlock()
	if hit {
		u.CacheRead = prefix
	} else {
		u.CacheWrite = prefix
	}
	return u
}

// Tokens approximates a tokenizer: about four characters per token for
// Latin text, one per character for Han and other non-Latin scripts.
func Tokens(s string) int64 {
	var ascii, other int64
	for _, r := range s {
		if r < 0x80 {
			ascii++
		} else {
			other++
		}
	}
	return (ascii+3)/4 + other
}
