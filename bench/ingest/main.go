// Command ingest is a load generator for the webhook path: it posts signed
// OnSend-style webhooks (each a new customer message) at a chosen rate to a
// running Sembang and reports accepted webhooks per second and time-to-200.
//
//	go run ./bench/ingest -base http://localhost:8080 -rate 500 -duration 20s
//	go run ./bench/ingest -sign X-Signature            # HMAC-SHA256 with the webhook secret
//	go run ./bench/ingest -sign X-Signature:OTHERKEY   # with another key (the server then answers 401)
//
// It signs in as a company admin (the demo owner by default), stores a
// WhatsApp token if none is set, and reads the webhook URL and secret. With
// -sign it also makes the company require that signature header, so every
// call pays for the HMAC check over the raw body.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sembang/sembang/internal/channel"
)

func main() {
	base := flag.String("base", "http://localhost:8080", "Sembang's address")
	email := flag.String("email", "owner@kedai-demo.my", "company admin e-mail")
	password := flag.String("password", "sembang-demo-2026", "company admin password")
	rate := flag.Int("rate", 200, "webhooks per second to offer")
	duration := flag.Duration("duration", 10*time.Second, "how long to offer load")
	workers := flag.Int("workers", 64, "concurrent connections")
	sign := flag.String("sign", "", "HEADER[:SECRET]: sign each body with HMAC-SHA256 in this header, keyed by SECRET (default: the webhook secret)")
	flag.Parse()
	header, key, _ := strings.Cut(*sign, ":")
	if err := run(*base, *email, *password, *rate, *duration, *workers, strings.TrimSpace(header), key); err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}

func run(base, email, password string, rate int, duration time.Duration, workers int, sigHeader, sigKey string) error {
	hookURL, secret, err := setup(base, email, password, sigHeader)
	if err != nil {
		return err
	}
	if sigKey == "" {
		sigKey = secret
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	jobs := make(chan int, workers)
	var mu sync.Mutex
	var latencies []time.Duration
	var accepted, failed atomic.Int64
	var wg sync.WaitGroup
	run := time.Now().UnixNano()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("bench-%d-%d", run, i), "from": fmt.Sprintf("6011%08d", i%100000),
					"name": "Bench", "type": "text", "message": "Ada stok saiz M?", "timestamp": time.Now().Unix()})
				req, _ := http.NewRequest(http.MethodPost, hookURL, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Webhook-Secret", secret)
				if sigHeader != "" {
					req.Header.Set(sigHeader, channel.Sign(sigKey, body)) // over the exact bytes posted
				}
				start := time.Now()
				res, err := client.Do(req)
				d := time.Since(start)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				accepted.Add(1)
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	n := 0
	for time.Since(start) < duration {
		<-tick.C
		jobs <- n // blocks when every worker is busy: the offered rate is then not met
		n++
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(float64(len(latencies)-1)*p)]
	}
	fmt.Printf("offered %d/s for %s: sent %d, accepted %d (%.0f/s), failed %d, time-to-200 p50 %s p99 %s max %s\n",
		rate, duration, n, accepted.Load(), float64(accepted.Load())/elapsed.Seconds(), failed.Load(),
		pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	return nil
}

// setup signs in, makes sure WhatsApp has a token, sets the signature header
// the company requires (sigHeader; unchanged when empty) and returns the
// webhook URL and secret.
func setup(base, email, password, sigHeader string) (string, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := call(c, "", http.MethodPost, base+"/api/v1/auth/login", map[string]string{"email": email, "password": password}, &me); err != nil {
		return "", "", fmt.Errorf("sign in: %w", err)
	}
	var list struct {
		Items []struct {
			Channel       string `json:"channel"`
			TokenMasked   string `json:"token_masked"`
			WebhookURL    string `json:"webhook_url"`
			WebhookSecret string `json:"webhook_secret"`
		} `json:"items"`
	}
	if err := call(c, me.CSRFToken, http.MethodGet, base+"/api/v1/company/integrations", nil, &list); err != nil {
		return "", "", err
	}
	for _, i := range list.Items {
		if i.Channel != "whatsapp" {
			continue
		}
		if i.TokenMasked == "" {
			if err := call(c, me.CSRFToken, http.MethodPut, base+"/api/v1/company/integrations/whatsapp/token", map[string]string{"token": "bench-device-token"}, nil); err != nil {
				return "", "", fmt.Errorf("store token: %w", err)
			}
		}
		if sigHeader != "" {
			if err := call(c, me.CSRFToken, http.MethodPut, base+"/api/v1/company/integrations/whatsapp/signature", map[string]string{"header": sigHeader}, nil); err != nil {
				return "", "", fmt.Errorf("require signature header: %w", err)
			}
			fmt.Printf("WhatsApp webhooks of this company now require %s (PUT .../integrations/whatsapp/signature {\"header\":\"\"} turns it off)\n", sigHeader)
		}
		// The URL is built from PUBLIC_URL; post to the address we were given.
		return base + i.WebhookURL[len(i.WebhookURL)-len("/webhook/00000000-0000-0000-0000-000000000000/whatsapp"):], i.WebhookSecret, nil
	}
	return "", "", fmt.Errorf("no whatsapp integration listed")
}

func call(c *http.Client, csrf, method, url string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}
