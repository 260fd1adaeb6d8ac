// Package storage keeps blobs (logos, media, documents). The default store is
// the local disk; an S3-compatible store implements the same interface.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Store keeps blobs by key ("logos/{company}/{name}.png").
type Store interface {
	Put(ctx context.Context, key string, r io.Reader) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
	DeletePrefix(ctx context.Context, prefix string) error
}

// ErrNotFound is returned by Open for a missing key.
var ErrNotFound = errors.New("storage: not found")

var keyPattern = regexp.MustCompile(`^[a-z0-9_-]+(/[A-Za-z0-9_.-]+)+$`)

// ValidKey reports whether key is a well-formed blob key (no "..", no absolute paths).
func ValidKey(key string) bool {
	return keyPattern.MatchString(key) && !regexp.MustCompile(`(^|/)\.\.?(/|$)`).MatchString(key)
}

// Disk stores blobs under a directory.
type Disk struct{ Root string }

func (d Disk) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("storage: invalid key %q", key)
	}
	return filepath.Join(d.Root, filepath.FromSlash(key)), nil
}

// Put writes the blob atomically (temporary file, then rename).
func (d Disk) Put(_ context.Context, key string, r io.Reader) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("storage.Put: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return fmt.Errorf("storage.Put: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("storage.Put: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("storage.Put: %w", err)
	}
	return os.Rename(f.Name(), p)
}

// Open returns the blob's content.
func (d Disk) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, ErrNotFound
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete removes a blob; a missing one is not an error.
func (d Disk) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// DeletePrefix removes every blob under prefix ("logos/{company}").
func (d Disk) DeletePrefix(_ context.Context, prefix string) error {
	p, err := d.path(prefix)
	if err != nil {
		return err
	}
	return os.RemoveAll(p)
}

// URL is the path the web server serves a public blob key at, or "" for none.
func URL(key *string) string {
	if key == nil || *key == "" {
		return ""
	}
	return "/media/" + *key
}
