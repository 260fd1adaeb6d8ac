package onsend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/sembang/sembang/internal/channel"
)

// Option configures a Provider.
type Option func(*Provider)

// AllowPrivateNetworks lets the OnSend API calls and FetchMedia reach
// loopback, private and other internal addresses when allow is true. Only the
// dev simulator and tests serving on 127.0.0.1 need it; by default they are
// refused.
func AllowPrivateNetworks(allow bool) Option {
	return func(p *Provider) { p.allowPrivate = allow }
}

// blocked are the ranges a media URL named in a webhook body must not reach:
// our own host, our private network, the cloud metadata service.
var blocked = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// embedsIPv4 are IPv6 prefixes that carry an IPv4 address a gateway forwards
// to: NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and 6to4.
var embedsIPv4 = []struct {
	prefix netip.Prefix
	at     int // byte offset of the IPv4 address
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12},
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12},
	{netip.MustParsePrefix("2002::/16"), 2},
}

// refusedAddress is why an address may not be dialled, "" when it may.
func refusedAddress(a netip.Addr) string {
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if !a.IsValid() {
		return "invalid"
	}
	for _, e := range embedsIPv4 {
		if e.prefix.Contains(a) {
			b := a.As16()
			return refusedAddress(netip.AddrFrom4([4]byte(b[e.at : e.at+4])))
		}
	}
	for _, b := range blocked {
		if b.prefix.Contains(a) {
			return b.what
		}
	}
	return ""
}

// addressError is a dial refused by refuseInternal.
type addressError struct {
	addr netip.Addr
	what string
}

func (e *addressError) Error() string {
	if !e.addr.IsValid() {
		return "the address is " + e.what
	}
	return fmt.Sprintf("%s is a %s address", e.addr, e.what)
}

// Is makes a refused dial match channel.ErrRefusedAddress.
func (e *addressError) Is(target error) bool { return target == channel.ErrRefusedAddress }

// refuseInternal runs after DNS resolution, just before connect, so a name
// that resolves (or re-resolves) to an internal address is refused too.
func refuseInternal(_ string, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &addressError{what: "unparseable"}
	}
	if what := refusedAddress(ap.Addr()); what != "" {
		return &addressError{addr: ap.Addr().Unmap(), what: what}
	}
	return nil
}

// newClient calls OnSend and downloads media. Unless allowPrivate, every
// connection, redirects included, is checked at dial time; no proxy is used,
// since a proxy would be the only address checked.
func newClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = refuseInternal
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{DialContext: d.DialContext, ForceAttemptHTTP2: true, MaxIdleConns: 10,
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 30 * time.Second},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "https" && req.URL.Scheme != "http" {
				return errors.New("redirect to a URL that is not http(s)")
			}
			return nil
		},
	}
}

// FetchMedia downloads an inbound message's media URL (with the device token
// for OnSend's own host only). The URL comes from the webhook body, so unless
// AllowPrivateNetworks is set an address on our side (loopback, private,
// link-local, CGNAT, multicast, unspecified) is refused with an error that
// matches channel.ErrRefusedAddress.
func (p *Provider) FetchMedia(ctx context.Context, c channel.Credentials, ref channel.Media) (io.ReadCloser, error) {
	u, err := url.Parse(ref.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, &channel.SendError{Status: http.StatusBadRequest, Description: "onsend: media URL is not http(s)"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ref.URL, nil)
	if err != nil {
		return nil, &channel.SendError{Status: http.StatusBadRequest, Description: "onsend: media URL is not valid"}
	}
	if b, err := url.Parse(base(c)); err == nil && b.Host == u.Host {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	res, err := p.mediaClient().Do(req)
	if err != nil {
		if ae := (*addressError)(nil); errors.As(err, &ae) {
			return nil, fmt.Errorf("onsend: media URL refused: host %q: %w", u.Hostname(), ae)
		}
		return nil, &channel.SendError{Description: "onsend: media download failed"}
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, &channel.SendError{Status: res.StatusCode, Description: "onsend: media download failed"}
	}
	return res.Body, nil
}

func (p *Provider) mediaClient() *http.Client {
	p.mediaOnce.Do(func() { p.media = newClient(p.allowPrivate, 60*time.Second) })
	return p.media
}
