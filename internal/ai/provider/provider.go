// Package provider holds the implementations of ai.Provider: Anthropic (the
// Messages API through the official SDK, with prompt caching of the company's
// stable prefix), OpenAICompatible (chat completions, for self-hosted models
// and other vendors) and Offline (deterministic answers from the company's own
// FAQs and catalog, used when no API key is configured). All HTTP providers
// share one retry policy (retry.go).
package provider

import (
	"context"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/config"
)

// New returns the platform's default provider: Anthropic when
// ANTHROPIC_API_KEY is set, otherwise Offline.
func New(cfg config.Config) ai.Provider {
	if cfg.AnthropicAPIKey == "" {
		return NewOffline()
	}
	return NewAnthropic(AnthropicConfig{
		APIKey:  cfg.AnthropicAPIKey,
		BaseURL: cfg.AnthropicBaseURL,
		Model:   cfg.AIModel,
		Timeout: cfg.AITimeout,
	})
}

// For returns the provider a model version chose. kind is one of the
// ai.Provider* names or "" for the platform default (fallback); model, when
// set, replaces the request's empty model. A choice that cannot work as
// configured falls back rather than failing every suggestion: anthropic
// without a key of its own uses fallback when fallback is Anthropic, else
// fallback as it is; openai-compatible without a base URL uses fallback.
func For(kind, model, baseURL, apiKey string, fallback ai.Provider) ai.Provider {
	if fallback == nil {
		fallback = NewOffline()
	}
	var p ai.Provider
	switch kind {
	case ai.ProviderOffline:
		return NewOffline()
	case ai.ProviderAnthropic:
		switch {
		case apiKey != "":
			p = NewAnthropic(AnthropicConfig{APIKey: apiKey, BaseURL: baseURL, Model: model})
		case fallback.Name() == ai.ProviderAnthropic:
			p = fallback
		default:
			return fallback
		}
	case ai.ProviderOpenAICompatible:
		if baseURL == "" {
			return fallback
		}
		p = NewOpenAICompatible(OpenAIConfig{BaseURL: baseURL, APIKey: apiKey, Model: model})
	default:
		p = fallback
	}
	if model == "" || p.Name() == ai.ProviderOffline {
		return p
	}
	return withModel{p, model}
}

// ForConfig is For with the platform's settings for the chosen kind: the
// Anthropic key and address, or the OpenAI-compatible endpoint.
func ForConfig(cfg config.Config, kind, model string, fallback ai.Provider) ai.Provider {
	switch kind {
	case ai.ProviderAnthropic:
		return For(kind, model, cfg.AnthropicBaseURL, cfg.AnthropicAPIKey, fallback)
	case ai.ProviderOpenAICompatible:
		if model == "" {
			model = cfg.OpenAICompatibleModel
		}
		return For(kind, model, cfg.OpenAICompatibleBaseURL, cfg.OpenAICompatibleAPIKey, fallback)
	}
	return For(kind, model, "", "", fallback)
}

// withModel sets a version's model on requests that name none.
type withModel struct {
	ai.Provider
	model string
}

func (w withModel) Generate(ctx context.Context, req ai.Request) (ai.Response, error) {
	if req.Model == "" {
		req.Model = w.model
	}
	return w.Provider.Generate(ctx, req)
}
