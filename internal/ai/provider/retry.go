package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/ai"
)

// RetryPolicy is how a provider retries one call. The SDK's own retries are
// off so that this policy alone decides, and so that tests can replace Sleep
// and Rand instead of waiting real seconds.
type RetryPolicy struct {
	// MaxAttempts counts the first try (default 4).
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; it doubles per attempt (default 500ms).
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 8s).
	MaxDelay time.Duration
	// MaxRetryAfter caps a server's retry-after (default 20s); a longer wait is cut to it.
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx ends (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for jitter (default math/rand/v2).
	Rand func() float64
	// Now is the clock used for HTTP-date retry-after values and the deadline (default time.Now).
	Now func() time.Time
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 8 * time.Second
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 20 * time.Second
	}
	if p.Sleep == nil {
		p.Sleep = sleepCtx
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return p
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// verdict is what one failed attempt means for the next.
type verdict struct {
	retry bool
	// after is the server's retry-after, when it sent one.
	after    time.Duration
	hasAfter bool
	// err is returned as is when the call is not retried.
	err error
}

// do runs call until it succeeds, classify says stop, the attempts are used
// up or the context's deadline would pass during the next wait. Exhausted
// retries wrap ai.ErrUnavailable.
func (p RetryPolicy) do(ctx context.Context, call func(ctx context.Context) error, classify func(error) verdict) error {
	p = p.withDefaults()
	var last error
	for attempt := 0; attempt < p.MaxAttempts; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %v", ai.ErrUnavailable, ctx.Err())
		}
		v := classify(err)
		if !v.retry {
			return v.err
		}
		last = err
		if attempt == p.MaxAttempts-1 {
			break
		}
		wait := p.backoff(attempt)
		if v.hasAfter {
			wait = min(v.after, p.MaxRetryAfter)
		}
		if dl, ok := ctx.Deadline(); ok && p.Now().Add(wait).After(dl) {
			return fmt.Errorf("%w: %v (the next retry would pass the deadline)", ai.ErrUnavailable, err)
		}
		if err := p.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w: %v", ai.ErrUnavailable, err)
		}
	}
	return fmt.Errorf("%w after %d attempts: %v", ai.ErrUnavailable, p.MaxAttempts, last)
}

// backoff is exponential with "equal jitter": half the step fixed, half random,
// so that many replicas failing together do not retry together.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseDelay << attempt
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d/2 + time.Duration(p.Rand()*float64(d/2))
}

// parseRetryAfter reads retry-after as delta seconds or an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// classifyStatus applies the policy shared by every HTTP provider: 429 and
// 408 wait for retry-after (or back off), 5xx (529 overloaded included) back
// off, anything else fails at once. spendLimit is decided by the caller from
// the body, because both vendors send it with 429 or 402.
func classifyStatus(status int, h http.Header, spendLimit bool, now time.Time, err error) verdict {
	if spendLimit || status == http.StatusPaymentRequired {
		return verdict{err: fmt.Errorf("%w: %v", ai.ErrSpendLimit, err)}
	}
	after, has := parseRetryAfter(h, now)
	switch {
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout, status >= 500:
		return verdict{retry: true, after: after, hasAfter: has, err: err}
	}
	return verdict{err: err}
}

// classifyTransport retries connection failures (the request may not have
// arrived) but not a context that ended.
func classifyTransport(err error) verdict {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return verdict{err: fmt.Errorf("%w: %v", ai.ErrUnavailable, err)}
	}
	return verdict{retry: true, err: err}
}
