package provider_test

import (
	"context"
	"testing"
	"time"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/provider"
	"github.com/sembang/sembang/internal/ai/provider/fake"
	"github.com/sembang/sembang/internal/config"
)

func TestNewChoosesByKey(t *testing.T) {
	if p := provider.New(config.Config{}); p.Name() != ai.ProviderOffline {
		t.Errorf("no key: %s, want offline", p.Name())
	}
	f := fake.NewAnthropic()
	defer f.Close()
	cfg := config.Config{AnthropicAPIKey: "sk-ant", AnthropicBaseURL: f.URL(), AIModel: "claude-haiku-5-5", AITimeout: 5 * time.Second}
	p := provider.New(cfg)
	if p.Name() != ai.ProviderAnthropic {
		t.Fatalf("with key: %s, want anthropic", p.Name())
	}
	if _, err := p.Generate(context.Background(), ai.Request{Messages: []ai.Message{{Role: "user", Text: "hi"}}}); err != nil {
		t.Fatal(err)
	}
	if got := f.Requests()[0].Body["model"]; got != "claude-haiku-5-5" {
		t.Errorf("model = %v, want AI_MODEL", got)
	}
}

func TestForVersionChoice(t *testing.T) {
	f := fake.NewAnthropic()
	defer f.Close()
	platform := provider.New(config.Config{AnthropicAPIKey: "sk-ant", AnthropicBaseURL: f.URL()})
	offline := provider.NewOffline()

	cases := []struct {
		kind, model, baseURL, key string
		fallback                  ai.Provider
		want                      string
	}{
		{"", "", "", "", platform, ai.ProviderAnthropic},
		{"", "", "", "", offline, ai.ProviderOffline},
		{ai.ProviderOffline, "", "", "", platform, ai.ProviderOffline},
		{ai.ProviderAnthropic, "claude-sonnet-5-5", "", "", platform, ai.ProviderAnthropic},
		{ai.ProviderAnthropic, "", "", "", offline, ai.ProviderOffline},
		{ai.ProviderAnthropic, "", f.URL(), "sk-company", offline, ai.ProviderAnthropic},
		{ai.ProviderOpenAICompatible, "llama", "http://127.0.0.1:11434/v1", "", platform, ai.ProviderOpenAICompatible},
		{ai.ProviderOpenAICompatible, "llama", "", "", platform, ai.ProviderAnthropic},
	}
	for _, tc := range cases {
		if got := provider.For(tc.kind, tc.model, tc.baseURL, tc.key, tc.fallback).Name(); got != tc.want {
			t.Errorf("For(%q, %q, %q, key %v) = %s, want %s", tc.kind, tc.model, tc.baseURL, tc.key != "", got, tc.want)
		}
	}

	// A version's model reaches the API when the request names none.
	p := provider.For(ai.ProviderAnthropic, "claude-sonnet-5-5", "", "", platform)
	if _, err := p.Generate(context.Background(), ai.Request{Messages: []ai.Message{{Role: "user", Text: "hi"}}}); err != nil {
		t.Fatal(err)
	}
	if got := f.Requests()[0].Body["model"]; got != "claude-sonnet-5-5" {
		t.Errorf("model = %v, want the version's", got)
	}
}
