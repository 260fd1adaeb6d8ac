package provider_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/provider"
)

// chatFake is a chat-completions server: it records requests and plays the
// scripted statuses first, then answers.
type chatFake struct {
	*httptest.Server
	mu      sync.Mutex
	bodies  []map[string]any
	headers []http.Header
	script  []func(w http.ResponseWriter)
}

func newChatFake(t *testing.T) *chatFake {
	f := &chatFake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var b map[string]any
		_ = json.Unmarshal(raw, &b)
		f.mu.Lock()
		f.bodies = append(f.bodies, b)
		f.headers = append(f.headers, r.Header.Clone())
		var next func(http.ResponseWriter)
		if len(f.script) > 0 {
			next, f.script = f.script[0], f.script[1:]
		}
		f.mu.Unlock()
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if next != nil {
			next(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"qwen3:8b",
			"choices":[{"index":0,"message":{"role":"assistant","content":" Boleh, kami hantar esok. "},"finish_reason":"stop"}],
			"usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129,"prompt_tokens_details":{"cached_tokens":100}}}`)
	}))
	t.Cleanup(f.Close)
	return f
}

func status(code int, header, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if header != "" {
			w.Header().Set("Retry-After", header)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func TestOpenAICompatibleRequestShape(t *testing.T) {
	f := newChatFake(t)
	p := provider.NewOpenAICompatible(provider.OpenAIConfig{BaseURL: f.URL + "/v1/", APIKey: "sk-local", Model: "qwen3:8b"})
	req := companyRequest()
	req.Model = ""
	resp, err := p.Generate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	b := f.bodies[0]
	if b["model"] != "qwen3:8b" || b["temperature"] != 0.3 || b["max_tokens"] != float64(420) || b["stream"] != false {
		t.Errorf("body = model %v temperature %v max_tokens %v stream %v", b["model"], b["temperature"], b["max_tokens"], b["stream"])
	}
	if got := f.headers[0].Get("Authorization"); got != "Bearer sk-local" {
		t.Errorf("Authorization = %q", got)
	}
	msgs := b["messages"].([]any)
	if len(msgs) != 4 || msgs[0].(map[string]any)["role"] != "system" || msgs[3].(map[string]any)["role"] != "user" {
		t.Fatalf("messages = %v, want system then the three turns", msgs)
	}
	if resp.Text != "Boleh, kami hantar esok." || resp.Provider != ai.ProviderOpenAICompatible || resp.Model != "qwen3:8b" || resp.StopReason != "stop" {
		t.Errorf("response = %+v", resp)
	}
	if resp.Usage != (ai.Usage{InputTokens: 20, OutputTokens: 9, CacheReadTokens: 100}) {
		t.Errorf("usage = %+v", resp.Usage)
	}
}

func TestOpenAICompatibleRetries(t *testing.T) {
	s := &sleeper{}
	retry := provider.RetryPolicy{Sleep: s.Sleep, Rand: func() float64 { return 0 }}

	f := newChatFake(t)
	f.script = append(f.script, status(429, "2", `{"error":{"message":"busy","type":"rate_limit"}}`), status(503, "", `{"error":{"message":"loading model"}}`))
	p := provider.NewOpenAICompatible(provider.OpenAIConfig{BaseURL: f.URL + "/v1", Model: "m", Retry: retry})
	if _, err := p.Generate(context.Background(), companyRequest()); err != nil {
		t.Fatal(err)
	}
	if len(f.bodies) != 3 || len(s.waits) != 2 || s.waits[0] != 2*time.Second || s.waits[1] != 500*time.Millisecond {
		t.Errorf("requests %d waits %v, want 3 requests and waits [2s 500ms]", len(f.bodies), s.waits)
	}
	if f.headers[0].Get("Authorization") != "" {
		t.Error("Authorization sent without a key")
	}

	s.waits = nil
	f2 := newChatFake(t)
	f2.script = append(f2.script, status(429, "", `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}`))
	p2 := provider.NewOpenAICompatible(provider.OpenAIConfig{BaseURL: f2.URL + "/v1", Model: "m", Retry: retry})
	if _, err := p2.Generate(context.Background(), companyRequest()); !errors.Is(err, ai.ErrSpendLimit) || len(f2.bodies) != 1 {
		t.Errorf("err = %v after %d requests, want ErrSpendLimit at once", err, len(f2.bodies))
	}
}
