package secretbox_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sembang/sembang/internal/platform/secretbox"
)

func TestKeyring(t *testing.T) {
	t.Parallel()
	k1, k2 := secretbox.NewKey("k1"), secretbox.NewKey("k2")
	old, err := secretbox.Parse(k1)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := secretbox.Parse(k2 + "," + k1)
	if err != nil {
		t.Fatal(err)
	}
	aad := []byte("company/telegram")

	t.Run("OldKeysOpenNewestSeals", func(t *testing.T) {
		t.Parallel()
		id, ct, err := old.Seal([]byte("123:secret-token"), aad)
		if err != nil || id != "k1" {
			t.Fatalf("Seal = %q, %v", id, err)
		}
		got, err := rotated.Open(id, ct, aad)
		if err != nil || string(got) != "123:secret-token" {
			t.Fatalf("Open = %q, %v", got, err)
		}
		id2, ct2, _ := rotated.Seal(got, aad)
		if id2 != "k2" || bytes.Equal(ct, ct2) {
			t.Fatalf("rotated Seal used %q", id2)
		}
		if _, err := old.Open(id2, ct2, aad); !errors.Is(err, secretbox.ErrUnknownKey) {
			t.Fatalf("old ring opened a k2 ciphertext: %v", err)
		}
	})

	t.Run("TamperingOrAnotherOwnerFails", func(t *testing.T) {
		t.Parallel()
		id, ct, _ := rotated.Seal([]byte("token"), aad)
		ct[len(ct)-1] ^= 1
		if _, err := rotated.Open(id, ct, aad); err == nil {
			t.Fatal("tampered ciphertext opened")
		}
		ct[len(ct)-1] ^= 1
		if _, err := rotated.Open(id, ct, []byte("other/telegram")); err == nil {
			t.Fatal("ciphertext opened with another aad")
		}
		if _, err := rotated.Open(id, ct[:5], aad); err == nil {
			t.Fatal("short ciphertext opened")
		}
	})

	t.Run("NoncesDiffer", func(t *testing.T) {
		t.Parallel()
		_, a, _ := rotated.Seal([]byte("same"), aad)
		_, b, _ := rotated.Seal([]byte("same"), aad)
		if bytes.Equal(a[:12], b[:12]) {
			t.Fatal("nonce reused")
		}
	})
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]string{
		"empty":     "",
		"noID":      "c2VjcmV0",
		"shortKey":  "k1:c2VjcmV0",
		"badID":     "k 1:" + strings.TrimPrefix(secretbox.NewKey("x"), "x:"),
		"duplicate": secretbox.NewKey("k1") + "," + secretbox.NewKey("k1"),
	} {
		if _, err := secretbox.Parse(s); err == nil {
			t.Errorf("%s: Parse(%q) accepted", name, s)
		}
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "short": "****", "123456:ABCdefGHI1234": "****1234"} {
		if got := secretbox.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
