package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/sembang/sembang/internal/auth"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// phcArgon2id is the stored form: OWASP parameters, a 16-byte salt and a 32-byte key, unpadded base64.
var phcArgon2id = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestPasswordHashing(t *testing.T) {
	t.Parallel()

	t.Run("HashIsAnArgon2idPHCStringWithOWASPParameters", func(t *testing.T) {
		t.Parallel()
		hash, err := auth.HashPassword("correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if !phcArgon2id.MatchString(hash) {
			t.Fatalf("hash %q is not an argon2id PHC string with m=19456,t=2,p=1", hash)
		}
	})

	t.Run("RightPasswordVerifiesWrongOneDoesNot", func(t *testing.T) {
		t.Parallel()
		hash, err := auth.HashPassword("correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := auth.VerifyPassword(hash, "correct horse battery"); err != nil || !ok {
			t.Errorf("VerifyPassword(right) = %v, %v; want true", ok, err)
		}
		for _, wrong := range []string{"correct horse batterY", "correct horse battery ", ""} {
			if ok, err := auth.VerifyPassword(hash, wrong); err != nil || ok {
				t.Errorf("VerifyPassword(%q) = %v, %v; want false", wrong, ok, err)
			}
		}
	})

	t.Run("SamePasswordHashesDifferently", func(t *testing.T) {
		t.Parallel()
		a, _ := auth.HashPassword("same password here")
		b, _ := auth.HashPassword("same password here")
		if a == b {
			t.Fatal("two hashes of one password are equal: the salt is not random")
		}
	})

	t.Run("MalformedHashIsAnErrorNotAMatchOrAPanic", func(t *testing.T) {
		t.Parallel()
		const salt, key = "c2FsdHNhbHRzYWx0c2FsdA", "ZGVyaXZlZGtleWRlcml2ZWRrZXlkZXJpdmVka2V5MDE"
		for name, hash := range map[string]string{
			"empty":           "",
			"plain text":      "hunter2",
			"bcrypt":          "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
			"argon2i":         "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
			"wrong version":   "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
			"bad parameters":  "$argon2id$v=19$m=lots$" + salt + "$" + key,
			"salt not base64": "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + key,
			"key not base64":  "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$!!!",
			"too few parts":   "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
			"empty key":       "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
			"empty salt":      "$argon2id$v=19$m=19456,t=2,p=1$$" + key,
			"zero time":       "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
			"zero threads":    "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key,
			"absurd memory":   "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key,
		} {
			t.Run(name, func(t *testing.T) {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("VerifyPassword panicked: %v", r)
					}
				}()
				ok, err := auth.VerifyPassword(hash, "any password at all")
				if err == nil || ok {
					t.Fatalf("VerifyPassword(%q) = %v, %v; want false and an error", hash, ok, err)
				}
			})
		}
	})
}

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		password string
		wantMsg  string // "" when valid
	}{
		{"tooShortRejected", strings.Repeat("a", auth.MinPasswordLen-1), "at least 10"},
		{"minimumAccepted", strings.Repeat("a", auth.MinPasswordLen), ""},
		{"maximumAccepted", strings.Repeat("a", auth.MaxPasswordLen), ""},
		{"tooLongRejected", strings.Repeat("a", auth.MaxPasswordLen+1), "at most 128"},
		{"lengthCountsCharactersNotBytes", strings.Repeat("é", auth.MinPasswordLen), ""},
		{"shortMultibyteRejected", strings.Repeat("密", auth.MinPasswordLen-1), "at least 10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := auth.ValidatePassword("body.new_password", tc.password)
			if tc.wantMsg == "" {
				if err != nil {
					t.Fatalf("ValidatePassword = %v, want nil", err)
				}
				return
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.EINVALID || e.Field != "body.new_password" || !strings.Contains(e.Message, tc.wantMsg) {
				t.Fatalf("ValidatePassword = %v; want EINVALID naming body.new_password saying %q", err, tc.wantMsg)
			}
		})
	}
}

func TestGeneratePassword(t *testing.T) {
	t.Parallel()
	// Four groups of four, without look-alikes (0/O, 1/l/I, i, o), so it can be read aloud.
	shape := regexp.MustCompile(`^[a-hjkmnp-zA-HJ-NP-Z2-9]{4}(-[a-hjkmnp-zA-HJ-NP-Z2-9]{4}){3}$`)
	seen := map[string]bool{}
	for range 50 {
		p := auth.GeneratePassword()
		if !shape.MatchString(p) {
			t.Fatalf("GeneratePassword() = %q, want xxxx-xxxx-xxxx-xxxx without look-alike characters", p)
		}
		if err := auth.ValidatePassword("body.password", p); err != nil {
			t.Fatalf("a generated password fails validation: %v", err)
		}
		if seen[p] {
			t.Fatalf("GeneratePassword repeated %q", p)
		}
		seen[p] = true
	}
}
