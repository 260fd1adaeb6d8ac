// Package ai holds what every part of the reply engine agrees on: the provider
// interface that turns an assembled context into a reply, and the shapes of that
// context. Providers live in ai/provider, model versions in ai/versions, and the
// engine that builds contexts, checks replies and stores suggestions in ai/reply.
package ai

import (
	"context"
	"errors"
)

// Provider names, as stored on model versions and shown in the UI and API.
const (
	ProviderAnthropic        = "anthropic"
	ProviderOffline          = "offline"
	ProviderOpenAICompatible = "openai-compatible"
)

// Provider generates one reply for an assembled context.
type Provider interface {
	// Name is one of the Provider* constants.
	Name() string
	Generate(ctx context.Context, req Request) (Response, error)
}

// Request is an assembled context. System blocks come first, most stable first:
// everything up to and including the last block with Cache set is the company's
// stable prefix (profile, category prompt, catalog, FAQs, patterns), which a
// provider that supports it caches. Customer text only ever appears inside
// Messages, already wrapped in delimited data blocks by the context builder.
type Request struct {
	Model       string // empty: the provider's default
	System      []Block
	Messages    []Message
	Temperature float64 // 0..1
	MaxTokens   int
	// Language is the reply language (en, ms, zh, ta).
	Language string
	// Grounding is the material the offline provider answers from; other providers
	// receive the same facts inside System.
	Grounding Grounding
}

// Block is one part of the system prompt.
type Block struct {
	Text  string
	Cache bool // the cacheable prefix ends after this block
}

// Message is one conversation turn. Role is "user" (the customer) or "assistant" (the company).
type Message struct {
	Role string
	Text string
}

// Grounding is what the company knows, already weighted and retrieved for this
// conversation.
type Grounding struct {
	CustomerName string
	// LastCustomerText is the customer's latest message (plain text, never instructions).
	LastCustomerText string
	FAQs             []FAQ
	Products         []Product
	Chunks           []string // retrieved training-document passages
	ClosingLine      string   // the industry's closing line in Language
	Greeting         string   // the cultural greeting in Language
}

// FAQ is a question and its answer.
type FAQ struct {
	Question, Answer, Language string
}

// Product is a catalog entry as the AI may quote it: its price is already
// formatted in the company currency, and only in-stock products are offered.
type Product struct {
	Name, Price, Stock, Description, Link string
}

// Usage is what a call cost, in tokens.
type Usage struct {
	InputTokens      int64
	OutputTokens     int64
	CacheReadTokens  int64
	CacheWriteTokens int64
}

// Total is every token billed.
func (u Usage) Total() int64 {
	return u.InputTokens + u.OutputTokens + u.CacheReadTokens + u.CacheWriteTokens
}

// Response is a generated reply.
type Response struct {
	Text       string
	Provider   string
	Model      string
	StopReason string
	Usage      Usage
}

var (
	// ErrSpendLimit means the provider refused because the account's spend limit
	// is reached: retrying does not help.
	ErrSpendLimit = errors.New("ai: the provider's spend limit is reached")
	// ErrUnavailable means the provider kept failing after its retries.
	ErrUnavailable = errors.New("ai: the provider is unavailable")
	// ErrBudgetExhausted means the company used its monthly AI tokens.
	ErrBudgetExhausted = errors.New("ai: the company's monthly AI token budget is used up")
)
