package storage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/sembang/sembang/internal/storage"
)

// Both stores behave the same behind the interface.
func TestStores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(fake.Close)
	s3, err := storage.NewS3(ctx, storage.S3Config{Endpoint: strings.TrimPrefix(fake.URL, "http://"), Bucket: "sembang", AccessKey: "k", SecretKey: "s", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	for name, store := range map[string]storage.Store{"Disk": storage.Disk{Root: t.TempDir()}, "S3": s3} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := store.Put(ctx, "media/c1/in-telegram-1", strings.NewReader("photo")); err != nil {
				t.Fatal(err)
			}
			if err := store.Put(ctx, "media/c1/in-telegram-2", strings.NewReader("voice")); err != nil {
				t.Fatal(err)
			}
			if err := store.Put(ctx, "media/c2/in-telegram-1", strings.NewReader("other")); err != nil {
				t.Fatal(err)
			}
			rc, err := store.Open(ctx, "media/c1/in-telegram-1")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b) != "photo" {
				t.Fatalf("read %q", b)
			}
			if _, err := store.Open(ctx, "media/c1/missing"); !errors.Is(err, storage.ErrNotFound) {
				t.Fatalf("missing: %v", err)
			}
			if err := store.Put(ctx, "../etc/passwd", strings.NewReader("x")); err == nil {
				t.Fatal("bad key accepted")
			}
			if err := store.DeletePrefix(ctx, "media/c1"); err != nil {
				t.Fatal(err)
			}
			if _, err := store.Open(ctx, "media/c1/in-telegram-2"); !errors.Is(err, storage.ErrNotFound) {
				t.Fatalf("after DeletePrefix: %v", err)
			}
			if _, err := store.Open(ctx, "media/c2/in-telegram-1"); err != nil {
				t.Fatalf("other prefix gone: %v", err)
			}
			if err := store.Delete(ctx, "media/c2/in-telegram-1"); err != nil {
				t.Fatal(err)
			}
			if err := store.Delete(ctx, "media/c2/in-telegram-1"); err != nil {
				t.Fatalf("deleting a missing blob: %v", err)
			}
		})
	}
}

func TestSignedURLs(t *testing.T) {
	t.Parallel()
	blobs := storage.Disk{Root: t.TempDir()}
	if err := blobs.Put(context.Background(), "media/c1/out-1", strings.NewReader("\x89PNG\r\n\x1a\nimage")); err != nil {
		t.Fatal(err)
	}
	s := storage.Signer{Secret: []byte("0123456789abcdef0123456789abcdef")}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /media/s/{key...}", s.Handler(blobs))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.BaseURL = srv.URL
	get := func(u string) int {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	good := s.URL("media/c1/out-1", time.Minute)
	if got := get(good); got != 200 {
		t.Fatalf("valid URL: %d", got)
	}
	if got := get(strings.Replace(good, "out-1", "out-2", 1)); got != 403 {
		t.Fatalf("other key with the same signature: %d", got)
	}
	if got := get(s.URL("media/c1/out-1", -time.Minute)); got != 403 {
		t.Fatalf("expired URL: %d", got)
	}
	other := storage.Signer{Secret: []byte("another-secret-another-secret-00"), BaseURL: srv.URL}
	if got := get(other.URL("media/c1/out-1", time.Minute)); got != 403 {
		t.Fatalf("URL signed with another secret: %d", got)
	}
}
