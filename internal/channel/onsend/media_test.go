package onsend

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sembang/sembang/internal/channel"
)

func TestRefusedAddress(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1":         "loopback",
		"127.9.9.9":         "loopback",
		"::1":               "loopback",
		"::ffff:127.0.0.1":  "loopback",
		"10.1.2.3":          "private",
		"172.16.0.1":        "private",
		"172.31.255.255":    "private",
		"192.168.1.1":       "private",
		"fd12:3456::1":      "private",
		"169.254.169.254":   "link-local", // cloud metadata
		"fe80::1":           "link-local",
		"0.0.0.0":           "unspecified",
		"::":                "unspecified",
		"224.0.0.1":         "multicast",
		"ff02::1":           "multicast",
		"100.64.0.1":        "carrier-grade NAT",
		"100.127.255.255":   "carrier-grade NAT",
		"255.255.255.255":   "reserved",
		"8.8.8.8":           "",
		"172.32.0.1":        "",
		"100.128.0.1":       "",
		"2606:4700::1111":   "",
		"::ffff:1.1.1.1":    "",
		"64:ff9b::a00:5":    "private",    // NAT64 of 10.0.0.5
		"64:ff9b:1::7f00:1": "loopback",   // local-use NAT64 of 127.0.0.1
		"2002:a9fe:a9fe::1": "link-local", // 6to4 of 169.254.169.254
		"64:ff9b::808:808":  "",           // NAT64 of 8.8.8.8
		"198.18.0.1":        "benchmarking",
		"192.0.2.10":        "documentation",
		"192.0.0.8":         "reserved",
	} {
		if got := refusedAddress(netip.MustParseAddr(addr)); got != want {
			t.Errorf("refusedAddress(%s) = %q, want %q", addr, got, want)
		}
	}
}

func TestFetchMediaRefusesInternalAddresses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/hop" {
			http.Redirect(w, r, "/voice.ogg", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte("OGG"))
	}))
	t.Cleanup(srv.Close)
	port := strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	creds := channel.Credentials{Token: "onsend-device-token-abcd1234", BaseURL: "https://onsend.io/api/v1"}

	t.Run("ByDefault", func(t *testing.T) {
		for _, u := range []string{srv.URL + "/voice.ogg", "http://localhost:" + port + "/voice.ogg", "http://[::ffff:127.0.0.1]:" + port + "/voice.ogg"} {
			rc, err := New().FetchMedia(ctx, creds, channel.Media{URL: u})
			if err == nil {
				rc.Close()
				t.Fatalf("%s: fetched", u)
			}
			if !errors.Is(err, channel.ErrRefusedAddress) || !strings.Contains(err.Error(), "is a loopback address") || strings.Contains(err.Error(), creds.Token) {
				t.Fatalf("%s: err = %v", u, err)
			}
		}
		if n := hits.Load(); n != 0 {
			t.Fatalf("the server was reached %d times", n)
		}
	})

	t.Run("AllowedForTheSimulator", func(t *testing.T) {
		p := New(AllowPrivateNetworks(true))
		rc, err := p.FetchMedia(ctx, creds, channel.Media{URL: srv.URL + "/hop"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != "OGG" || hits.Load() != 2 {
			t.Fatalf("got %q after %d requests", b, hits.Load())
		}
	})

	t.Run("NotHTTP", func(t *testing.T) {
		for _, u := range []string{"file:///etc/passwd", "gopher://x/", "http:///nohost"} {
			if _, err := New(AllowPrivateNetworks(true)).FetchMedia(ctx, creds, channel.Media{URL: u}); err == nil {
				t.Errorf("%s accepted", u)
			}
		}
	})
}
