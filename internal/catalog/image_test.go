package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func readThumb(t *testing.T, ctx context.Context, bb *bundle, key string) image.Image {
	t.Helper()
	if !strings.HasSuffix(key, "-thumb.jpg") {
		t.Fatalf("thumbnail key %q", key)
	}
	f, err := bb.blobs.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("thumbnail is not a JPEG: %v", err)
	}
	return img
}

// WebP uploads, lossy and lossless with alpha, get a JPEG thumbnail and their real size, like PNG and JPEG.
func TestWebPImagesGetThumbnails(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	p, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek", "K-1", 100))
	if err != nil {
		t.Fatal(err)
	}
	photo, err := os.ReadFile("testdata/photo-600x400.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = bb.svc.AddImage(ctx, bb.a, p.ID, photo); err != nil {
		t.Fatal(err)
	}
	im := p.Images[0]
	if im.ContentType != "image/webp" || im.Width != 600 || im.Height != 400 || im.SizeBytes != int32(len(photo)) ||
		!strings.HasSuffix(im.BlobKey, ".webp") || im.ThumbKey == im.BlobKey {
		t.Fatalf("webp image %+v", im)
	}
	if b := readThumb(t, ctx, bb, im.ThumbKey).Bounds(); b.Dx() != catalog.ThumbSize || b.Dy() != 400*catalog.ThumbSize/600 {
		t.Fatalf("thumbnail size %v", b)
	}
	if f, err := bb.blobs.Open(ctx, im.BlobKey); err != nil {
		t.Fatal(err)
	} else {
		var got bytes.Buffer
		_, _ = got.ReadFrom(f)
		f.Close()
		if !bytes.Equal(got.Bytes(), photo) {
			t.Fatal("the original WebP was not kept as uploaded")
		}
	}

	alpha, err := os.ReadFile("testdata/gopher-alpha.lossless.webp")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = bb.svc.AddImage(ctx, bb.a, p.ID, alpha); err != nil {
		t.Fatal(err)
	}
	im = p.Images[1]
	if im.Width != 75 || im.Height != 100 || im.IsCover {
		t.Fatalf("lossless webp %+v", im)
	}
	th := readThumb(t, ctx, bb, im.ThumbKey)
	if b := th.Bounds(); b.Dx() != 75 || b.Dy() != 100 {
		t.Fatalf("small image thumbnail resized: %v", b)
	}
	// The transparent corner is white in the thumbnail, not black.
	if r, g, b, _ := th.At(0, 0).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
		t.Fatalf("transparent pixel became %d,%d,%d", r>>8, g>>8, b>>8)
	}

	thumbKey := im.ThumbKey
	if _, err := bb.svc.DeleteImage(ctx, bb.a, p.ID, im.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := bb.blobs.Open(ctx, thumbKey); err == nil {
		t.Fatal("deleting the image kept its thumbnail")
	}
}

func TestCorruptWebPRefused(t *testing.T) {
	t.Parallel()
	ctx, bb := setup(t)
	p, err := bb.svc.Create(ctx, bb.a, bb.adminA, input("Kek", "K-1", 100))
	if err != nil {
		t.Fatal(err)
	}
	photo, err := os.ReadFile("testdata/photo-600x400.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	scrambled := bytes.Clone(photo)
	for i := 40; i < len(scrambled); i++ {
		scrambled[i] = byte(i * 7)
	}
	for name, data := range map[string][]byte{
		"truncated":   photo[:200],
		"headerOnly":  []byte("RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00"),
		"scrambled":   scrambled,
		"notVP8":      append([]byte("RIFF\x20\x00\x00\x00WEBPVP8Z"), make([]byte, 24)...),
		"badLossless": append([]byte("RIFF\x20\x00\x00\x00WEBPVP8L\x14\x00\x00\x00\x2f"), bytes.Repeat([]byte{0xff}, 19)...),
	} {
		_, err := bb.svc.AddImage(ctx, bb.a, p.ID, data)
		var e *apperr.Error
		if field(err) != "body.file" || !errors.As(err, &e) || !strings.Contains(e.Message, "could not be read") {
			t.Errorf("%s: %v", name, err)
		}
	}
	got, err := bb.svc.Get(ctx, bb.a, p.ID)
	if err != nil || len(got.Images) != 0 {
		t.Fatalf("a corrupt image was saved: %v %+v", err, got)
	}
	if _, err := bb.svc.AddImage(ctx, bb.a, uuid.New(), photo); apperr.Code(err) != apperr.ENOTFOUND {
		t.Fatalf("unknown product: %v", err)
	}
}
