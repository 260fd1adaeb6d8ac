package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/ai"
)

// OpenAIConfig configures a chat-completions endpoint.
type OpenAIConfig struct {
	// BaseURL is the API root, e.g. http://127.0.0.1:11434/v1 for Ollama;
	// requests go to BaseURL + "/chat/completions".
	BaseURL string
	APIKey  string // optional bearer key
	Model   string
	// Timeout bounds one Generate call, retries included (default 60s: self-hosted models are slower).
	Timeout    time.Duration
	HTTPClient *http.Client
	Retry      RetryPolicy
}

// OpenAICompatible speaks the OpenAI chat-completions protocol, which Ollama,
// vLLM and many vendors serve. It has no prompt caching control: servers that
// cache prefixes do so on their own and report it in cached_tokens.
type OpenAICompatible struct {
	cfg OpenAIConfig
}

// NewOpenAICompatible returns a provider for cfg.
func NewOpenAICompatible(cfg OpenAIConfig) *OpenAICompatible {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &OpenAICompatible{cfg: cfg}
}

// Name is ai.ProviderOpenAICompatible.
func (o *OpenAICompatible) Name() string { return ai.ProviderOpenAICompatible }

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	MaxTokens   int           `json:"max_tokens"`
	Stream      bool          `json:"stream"`
}

type chatResponse struct {
	Model   string `json:"model"`
	Choices []struct {
		Message      chatMessage `json:"message"`
		FinishReason string      `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens        int64 `json:"prompt_tokens"`
		CompletionTokens    int64 `json:"completion_tokens"`
		PromptTokensDetails struct {
			CachedTokens int64 `json:"cached_tokens"`
		} `json:"prompt_tokens_details"`
	} `json:"usage"`
}

type chatError struct {
	Error struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    any    `json:"code"`
	} `json:"error"`
}

// httpStatusError is a non-2xx answer.
type httpStatusError struct {
	Status int
	Header http.Header
	Body   chatError
}

func (e *httpStatusError) Error() string {
	msg := e.Body.Error.Message
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return fmt.Sprintf("HTTP %d %s", e.Status, msg)
}

// Body builds the chat-completions request for req: the system blocks joined
// into one system message, then the turns.
func (o *OpenAICompatible) Body(req ai.Request) ([]byte, error) {
	model := req.Model
	if model == "" {
		model = o.cfg.Model
	}
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	body := chatRequest{Model: model, Temperature: req.Temperature, MaxTokens: maxTokens}
	var sys []string
	for _, b := range req.System {
		if t := strings.TrimSpace(b.Text); t != "" {
			sys = append(sys, t)
		}
	}
	if len(sys) > 0 {
		body.Messages = append(body.Messages, chatMessage{Role: "system", Content: strings.Join(sys, "\n\n")})
	}
	for _, m := range req.Messages {
		role := "user"
		if m.Role == "assistant" {
			role = "assistant"
		}
		body.Messages = append(body.Messages, chatMessage{Role: role, Content: m.Text})
	}
	return json.Marshal(body)
}

// Generate sends req with the same retry policy as Anthropic. An OpenAI
// "insufficient_quota" answer maps to ai.ErrSpendLimit.
func (o *OpenAICompatible) Generate(ctx context.Context, req ai.Request) (ai.Response, error) {
	if o.cfg.BaseURL == "" {
		return ai.Response{}, errors.New("openai-compatible: no base URL is configured")
	}
	if len(req.Messages) == 0 {
		return ai.Response{}, errors.New("openai-compatible: the request has no messages")
	}
	payload, err := o.Body(req)
	if err != nil {
		return ai.Response{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.cfg.Timeout)
	defer cancel()
	policy := o.cfg.Retry.withDefaults()
	var out chatResponse
	err = policy.do(ctx, func(ctx context.Context) error {
		return o.post(ctx, payload, &out)
	}, func(err error) verdict {
		var se *httpStatusError
		if !errors.As(err, &se) {
			return classifyTransport(err)
		}
		code := fmt.Sprint(se.Body.Error.Code)
		spend := code == "insufficient_quota" || se.Body.Error.Type == "insufficient_quota"
		return classifyStatus(se.Status, se.Header, spend, policy.Now(), err)
	})
	if err != nil {
		return ai.Response{}, fmt.Errorf("openai-compatible: %w", err)
	}
	if len(out.Choices) == 0 {
		return ai.Response{}, errors.New("openai-compatible: the answer has no choices")
	}
	model := out.Model
	if model == "" {
		model = o.cfg.Model
	}
	cached := out.Usage.PromptTokensDetails.CachedTokens
	return ai.Response{
		Text:       strings.TrimSpace(out.Choices[0].Message.Content),
		Provider:   ai.ProviderOpenAICompatible,
		Model:      model,
		StopReason: out.Choices[0].FinishReason,
		Usage: ai.Usage{
			InputTokens:     out.Usage.PromptTokens - cached,
			OutputTokens:    out.Usage.CompletionTokens,
			CacheReadTokens: cached,
		},
	}, nil
}

func (o *OpenAICompatible) post(ctx context.Context, payload []byte, out *chatResponse) error {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, o.cfg.BaseURL+"/chat/completions", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	hreq.Header.Set("Content-Type", "application/json")
	if o.cfg.APIKey != "" {
		hreq.Header.Set("Authorization", "Bearer "+o.cfg.APIKey)
	}
	resp, err := o.cfg.HTTPClient.Do(hreq)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		se := &httpStatusError{Status: resp.StatusCode, Header: resp.Header}
		_ = json.Unmarshal(data, &se.Body)
		return se
	}
	*out = chatResponse{}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decoding the answer: %w", err)
	}
	return nil
}
