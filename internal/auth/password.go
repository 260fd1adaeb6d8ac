// Package auth signs people in and out, keeps their sessions and throttles guessing.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/sembang/sembang/internal/platform/apperr"
)

// Argon2id parameters: OWASP's recommendation of m=19 MiB, t=2, p=1.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	saltLen        = 16

	maxArgonMemoryKiB = 1 << 20 // 1 GiB: the most a stored hash may ask VerifyPassword to allocate
)

// Password length limits.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
)

// argonSlots bounds concurrent argon2 runs (19 MiB each) so a burst of logins
// cannot exhaust memory.
var argonSlots = make(chan struct{}, 2*runtime.NumCPU())

func argonKey(password, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	return argon2.IDKey(password, salt, t, m, p, n)
}

// HashPassword returns a PHC-format argon2id hash of password with a random salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth.HashPassword: %w", err)
	}
	key := argonKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether password matches a hash made by HashPassword,
// comparing in constant time with the parameters stored in the hash.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m uint32
	var t uint32
	var p uint8
	// argon2.IDKey panics on t or p of 0 and allocates m KiB, so out-of-range parameters are malformed.
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || t < 1 || p < 1 || m > maxArgonMemoryKiB {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) == 0 {
		return false, errBadHash
	}
	// A short key is easy to match by chance; an empty one makes argon2 panic.
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) < 16 {
		return false, errBadHash
	}
	got := argonKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// ValidatePassword returns an EINVALID error naming field when password is too short or too long.
func ValidatePassword(field, password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return apperr.Invalid(field, fmt.Sprintf("Password must be at least %d characters.", MinPasswordLen))
	}
	if n > MaxPasswordLen {
		return apperr.Invalid(field, fmt.Sprintf("Password must be at most %d characters.", MaxPasswordLen))
	}
	return nil
}

// GeneratePassword returns a random 16-character password that is easy to read aloud.
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:12]) + "-" + string(b[12:])
}

// dummyHash is verified against when an account does not exist, so a login
// for an unknown e-mail takes as long as one for a known e-mail.
var dummyHash, _ = HashPassword("sembang-timing-equaliser")
