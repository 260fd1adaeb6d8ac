// Package secretbox encrypts integration credentials at rest with AES-256-GCM
// under a keyring: every ciphertext carries the id of the key that sealed it, the
// newest key seals, every key opens, so keys rotate without downtime.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Keyring holds the encryption keys, newest first.
type Keyring struct {
	ids    []string
	aead   map[string]cipher.AEAD
	newest []byte
}

// ErrUnknownKey is returned by Open for a ciphertext sealed with a key the ring no longer holds.
var ErrUnknownKey = errors.New("secretbox: ciphertext sealed with an unknown key")

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Parse reads a keyring in the CREDENTIAL_ENCRYPTION_KEYS format:
// "k2:BASE64KEY,k1:BASE64KEY", newest first, each key 32 bytes in standard or URL base64.
func Parse(s string) (*Keyring, error) {
	k := &Keyring{aead: map[string]cipher.AEAD{}}
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, enc, ok := strings.Cut(part, ":")
		if !ok || !idPattern.MatchString(id) {
			return nil, fmt.Errorf("secretbox: key %d: want id:base64key with an id of [A-Za-z0-9_-]", i+1)
		}
		if _, dup := k.aead[id]; dup {
			return nil, fmt.Errorf("secretbox: key id %q appears twice", id)
		}
		raw, err := decodeKey(enc)
		if err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("secretbox: key %q: want 32 bytes in base64", id)
		}
		a, err := newAEAD(raw)
		if err != nil {
			return nil, err
		}
		k.ids = append(k.ids, id)
		k.aead[id] = a
		if k.newest == nil {
			k.newest = raw
		}
	}
	if len(k.ids) == 0 {
		return nil, errors.New("secretbox: no keys")
	}
	return k, nil
}

func decodeKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secretbox: %w", err)
	}
	return cipher.NewGCM(block)
}

// NewKey returns a fresh keyring entry "id:base64key", for `sembang dev` and operators.
func NewKey(id string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return id + ":" + base64.StdEncoding.EncodeToString(b)
}

// Current is the id of the key that seals.
func (k *Keyring) Current() string { return k.ids[0] }

// Seal encrypts plaintext with the newest key and a random 96-bit nonce.
// aad binds the ciphertext to its owner (e.g. company id and channel): it
// opens only with the same aad. The result is nonce||ciphertext.
func (k *Keyring) Seal(plaintext, aad []byte) (keyID string, sealed []byte, err error) {
	id := k.ids[0]
	a := k.aead[id]
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", nil, fmt.Errorf("secretbox: nonce: %w", err)
	}
	return id, a.Seal(nonce, nonce, plaintext, aad), nil
}

// Open decrypts what Seal returned. It returns ErrUnknownKey for a retired
// key and an error for a ciphertext that was tampered with or has another aad.
func (k *Keyring) Open(keyID string, sealed, aad []byte) ([]byte, error) {
	a, ok := k.aead[keyID]
	if !ok {
		return nil, ErrUnknownKey
	}
	if len(sealed) < a.NonceSize()+a.Overhead() {
		return nil, errors.New("secretbox: ciphertext too short")
	}
	n := a.NonceSize()
	out, err := a.Open(nil, sealed[:n], sealed[n:], aad)
	if err != nil {
		return nil, errors.New("secretbox: ciphertext does not authenticate")
	}
	return out, nil
}

// Derive returns a 32-byte key for another purpose (e.g. "media-url"), from
// the newest key: HMAC-SHA256(key, purpose). It changes when the newest key does.
func (k *Keyring) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, k.newest)
	m.Write([]byte("sembang/" + purpose))
	return m.Sum(nil)
}

// Mask shows only the last four characters of a secret: "****1234".
// Secrets of eight characters or fewer show nothing of themselves.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	r := []rune(secret)
	if len(r) <= 8 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}
