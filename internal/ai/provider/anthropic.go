package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/sembang/sembang/internal/ai"
)

// DefaultMaxTokens is used when a request names no limit.
const DefaultMaxTokens = 1024

// AnthropicConfig configures the Anthropic provider.
type AnthropicConfig struct {
	APIKey string
	// BaseURL overrides the SDK's API address (tests use an httptest fake).
	BaseURL string
	// Model is used when a request names none.
	Model string
	// Timeout bounds one Generate call, retries included (default 30s).
	Timeout    time.Duration
	HTTPClient *http.Client
	Retry      RetryPolicy
}

// Anthropic calls the Claude Messages API through the official SDK.
type Anthropic struct {
	client  anthropic.Client
	model   string
	timeout time.Duration
	retry   RetryPolicy
}

// NewAnthropic returns a provider for the Messages API. The SDK reads no
// environment variable and retries nothing itself: cfg and RetryPolicy decide.
func NewAnthropic(cfg AnthropicConfig) *Anthropic {
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithAPIKey(cfg.APIKey),
		option.WithMaxRetries(0),
	}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Model == "" {
		cfg.Model = anthropic.ModelClaudeHaiku5_5
	}
	return &Anthropic{client: anthropic.NewClient(opts...), model: cfg.Model, timeout: cfg.Timeout, retry: cfg.Retry}
}

// Name is ai.ProviderAnthropic.
func (a *Anthropic) Name() string { return ai.ProviderAnthropic }

// Params builds the Messages API request for req: the system prompt as the
// top-level system parameter, one cache breakpoint after the company's stable
// prefix, and the conversation as alternating user/assistant turns.
//
// Temperature is not sent: API version 2026-10-21, which this SDK speaks,
// rejects temperature, top_p and top_k with 400 even at their defaults.
// Other providers honour Request.Temperature.
func (a *Anthropic) Params(req ai.Request) anthropic.MessageNewParams {
	model := req.Model
	if model == "" {
		model = a.model
	}
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	p := anthropic.MessageNewParams{Model: model, MaxTokens: int64(maxTokens)}

	lastCached := -1
	for i, b := range req.System {
		if b.Cache {
			lastCached = i
		}
	}
	// The breakpoint goes on the last kept block at or before the last block
	// marked Cache, so an empty block dropped here does not lose the cache.
	mark := -1
	for i, b := range req.System {
		if strings.TrimSpace(b.Text) == "" {
			continue
		}
		p.System = append(p.System, anthropic.TextBlockParam{Text: b.Text})
		if i <= lastCached {
			mark = len(p.System) - 1
		}
	}
	if mark >= 0 {
		p.System[mark].CacheControl = anthropic.NewCacheControlEphemeralParam()
	}

	// Consecutive turns of one role become one message with several blocks:
	// the API expects roles to alternate.
	var role string
	var blocks []anthropic.ContentBlockParamUnion
	flush := func() {
		if len(blocks) == 0 {
			return
		}
		if role == "assistant" {
			p.Messages = append(p.Messages, anthropic.NewAssistantMessage(blocks...))
		} else {
			p.Messages = append(p.Messages, anthropic.NewUserMessage(blocks...))
		}
		blocks = nil
	}
	for _, m := range req.Messages {
		r := "user"
		if m.Role == "assistant" {
			r = "assistant"
		}
		if strings.TrimSpace(m.Text) == "" {
			continue
		}
		if r != role {
			flush()
			role = r
		}
		blocks = append(blocks, anthropic.NewTextBlock(m.Text))
	}
	flush()
	return p
}

// Generate sends req, retrying per the policy. It returns errors wrapping
// ai.ErrSpendLimit (no retry helps) or ai.ErrUnavailable (retries used up,
// deadline passed), or the API's error for a request it refused.
func (a *Anthropic) Generate(ctx context.Context, req ai.Request) (ai.Response, error) {
	if len(req.Messages) == 0 {
		return ai.Response{}, errors.New("anthropic: the request has no messages")
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	params := a.Params(req)
	policy := a.retry.withDefaults()
	var msg *anthropic.Message
	err := policy.do(ctx, func(ctx context.Context) error {
		var err error
		msg, err = a.client.Messages.New(ctx, params)
		return err
	}, func(err error) verdict { return classifyAnthropic(err, policy.Now()) })
	if err != nil {
		return ai.Response{}, fmt.Errorf("anthropic: %w", err)
	}
	var text strings.Builder
	for _, c := range msg.Content {
		if c.Type == "text" {
			text.WriteString(c.Text)
		}
	}
	return ai.Response{
		Text:       strings.TrimSpace(text.String()),
		Provider:   ai.ProviderAnthropic,
		Model:      msg.Model,
		StopReason: string(msg.StopReason),
		Usage: ai.Usage{
			InputTokens:      msg.Usage.InputTokens,
			OutputTokens:     msg.Usage.OutputTokens,
			CacheReadTokens:  msg.Usage.CacheReadInputTokens,
			CacheWriteTokens: msg.Usage.CacheCreationInputTokens,
		},
	}, nil
}

// spendLimitCodes are the error codes that mean the account may not spend
// more: retrying does not help until someone raises the limit.
var spendLimitCodes = map[string]bool{
	"contract_spend_limit_reached":            true,
	"enforced_spend_limit_reached":            true,
	"linked_organization_spend_limit_reached": true,
	"linked_organization_billing_unavailable": true,
}

func classifyAnthropic(err error, now time.Time) verdict {
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		return classifyTransport(err)
	}
	spend := spendLimitCodes[string(apiErr.ErrorCode())] || string(apiErr.Type()) == "billing_error" ||
		(apiErr.StatusCode == http.StatusBadRequest && strings.Contains(strings.ToLower(apiErr.Message), "credit balance"))
	var h http.Header
	if apiErr.Response != nil {
		h = apiErr.Response.Header
	}
	return classifyStatus(apiErr.StatusCode, h, spend, now, err)
}
