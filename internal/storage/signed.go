package storage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Signer makes and checks expiring URLs for private blobs, so a provider
// (OnSend fetches media by URL) or a browser can fetch one without a session.
type Signer struct {
	Secret  []byte // shared by every instance
	BaseURL string // PUBLIC_URL
}

// SignedPrefix is the path signed blobs are served under.
const SignedPrefix = "/media/s/"

func (s Signer) mac(key string, exp int64) string {
	m := hmac.New(sha256.New, s.Secret)
	m.Write([]byte(key + "\n" + strconv.FormatInt(exp, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// URL returns a URL for key valid for ttl.
func (s Signer) URL(key string, ttl time.Duration) string {
	exp := time.Now().Add(ttl).Unix()
	return strings.TrimRight(s.BaseURL, "/") + SignedPrefix + key + "?exp=" + strconv.FormatInt(exp, 10) + "&sig=" + s.mac(key, exp)
}

// Valid reports whether sig signs key until exp and exp has not passed.
func (s Signer) Valid(key, exp, sig string, now time.Time) bool {
	e, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || now.Unix() > e || len(s.Secret) == 0 {
		return false
	}
	return hmac.Equal([]byte(sig), []byte(s.mac(key, e)))
}

// Handler serves GET /media/s/{key...} for valid signatures, sandboxed; non-images download.
func (s Signer) Handler(blobs Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.PathValue("key")
		q := r.URL.Query()
		if !ValidKey(key) || !s.Valid(key, q.Get("exp"), q.Get("sig"), time.Now()) {
			http.Error(w, "link expired or invalid", http.StatusForbidden)
			return
		}
		Serve(w, r, blobs, key, ServeOptions{CacheControl: "private, max-age=300"})
	}
}

// ServeOptions say how Serve answers.
type ServeOptions struct {
	ImagesOnly   bool // anything but an image is "not found"
	CacheControl string
}

// Serve writes the blob at key with its sniffed content type, sandboxed and
// never sniffed again by the browser; a non-image is sent as a download.
func Serve(w http.ResponseWriter, r *http.Request, blobs Store, key string, o ServeOptions) {
	f, err := blobs.Open(r.Context(), key)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	} else if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ct := http.DetectContentType(head[:n])
	image := strings.HasPrefix(ct, "image/")
	if o.ImagesOnly && !image {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if o.CacheControl != "" {
		w.Header().Set("Cache-Control", o.CacheControl)
	}
	if !image {
		w.Header().Set("Content-Disposition", "attachment")
	}
	_, _ = w.Write(head[:n])
	_, _ = io.Copy(w, f)
}
