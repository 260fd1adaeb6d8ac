package channel

import (
	"sync"
	"time"
)

// Pacing spaces sends the way providers ask: Telegram about one message a
// second per chat and 30 a second per bot, OnSend 60 calls a minute per
// device. It is kept per instance: with N instances the bound is N times
// looser, and the providers' 429 answers (honoured with retry_after) cover the rest.
type Pacing struct {
	TelegramPerChat time.Duration
	TelegramPerBot  time.Duration
	OnSendPerDevice time.Duration
}

// DefaultPacing is the providers' published limits.
var DefaultPacing = Pacing{TelegramPerChat: time.Second, TelegramPerBot: time.Second / 30, OnSendPerDevice: time.Second}

// pacer hands out send slots per key.
type pacer struct {
	mu   sync.Mutex
	next map[string]time.Time
	now  func() time.Time
}

func newPacer() *pacer { return &pacer{next: map[string]time.Time{}, now: time.Now} }

// reserve takes a slot on every key at once, or none: it returns how long to
// wait when any key's slot is still taken.
func (p *pacer) reserve(keys map[string]time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	var wait time.Duration
	for k := range keys {
		if w := p.next[k].Sub(now); w > wait {
			wait = w
		}
	}
	if wait > 0 {
		return wait
	}
	for k, every := range keys {
		if every > 0 {
			p.next[k] = now.Add(every)
		}
	}
	if len(p.next) > 10000 { // forget slots long past
		for k, t := range p.next {
			if t.Before(now) {
				delete(p.next, k)
			}
		}
	}
	return 0
}
