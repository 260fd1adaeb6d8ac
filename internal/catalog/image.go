package catalog

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // decodes PNG uploads for thumbnails
	"net/http"

	_ "golang.org/x/image/webp" // decodes WebP uploads (lossy, lossless, with alpha) for thumbnails

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// Image limits.
const (
	MaxImageBytes    = 5 << 20
	MaxImagesPerItem = 12
	ThumbSize        = 320
	maxImagePixels   = 40_000_000
)

var imageTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}

// imageFormats maps the decoder's format name to the sniffed content type it must agree with.
var imageFormats = map[string]string{"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}

// AddImage stores an image (PNG, JPEG or WebP by content, at most 5 MB) and its thumbnail
// in the product's gallery; the first image becomes the cover.
// Errors: ENOTFOUND, EINVALID (body.file).
func (s *Service) AddImage(ctx context.Context, companyID, productID uuid.UUID, data []byte) (*Product, error) {
	if len(data) == 0 {
		return nil, apperr.Invalid("body.file", "Choose an image file.")
	}
	if len(data) > MaxImageBytes {
		return nil, apperr.Invalid("body.file", "An image must be at most 5 MB.")
	}
	ct := http.DetectContentType(data)
	ext, ok := imageTypes[ct]
	if !ok {
		return nil, apperr.Invalid("body.file", "The image must be a PNG, JPEG or WebP file.")
	}
	thumb, w, h, err := thumbnail(data, ct)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	base := fmt.Sprintf("products/%s/%s-%s", companyID, productID, hex.EncodeToString(nonce))
	key, thumbKey := base+"."+ext, base+"-thumb.jpg"
	if err := s.blobs.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("catalog.AddImage: %w", err)
	}
	if err := s.blobs.Put(ctx, thumbKey, bytes.NewReader(thumb)); err != nil {
		_ = s.blobs.Delete(ctx, key)
		return nil, fmt.Errorf("catalog.AddImage: %w", err)
	}
	var out *Product
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.ProductGetForUpdate(ctx, productID); errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("product")
		} else if err != nil {
			return err
		}
		n, err := tx.ProductImageCount(ctx, productID)
		if err != nil {
			return err
		}
		if n >= MaxImagesPerItem {
			return apperr.Invalid("body.file", fmt.Sprintf("A product has at most %d images.", MaxImagesPerItem))
		}
		if _, err := tx.ProductImageAdd(ctx, dbgen.ProductImageAddParams{CompanyID: companyID, ProductID: productID, BlobKey: key,
			ThumbKey: thumbKey, ContentType: ct, SizeBytes: int32(len(data)), Width: int32(w), Height: int32(h)}); err != nil {
			return err
		}
		out, err = load(ctx, tx, productID)
		return err
	})
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		_ = s.blobs.Delete(ctx, thumbKey)
		return nil, fmt.Errorf("catalog.AddImage: %w", err)
	}
	return out, nil
}

// thumbnail decodes a PNG, JPEG or WebP and returns a JPEG at most ThumbSize on its longer side,
// with the original's size. Every thumbnail is a JPEG whatever the source: one format for the
// gallery and the cards, small for the photos sellers upload, readable by every chat client
// (WebP is not, everywhere); transparency is composited over white.
func thumbnail(data []byte, ct string) ([]byte, int, int, error) {
	damaged := apperr.Invalid("body.file", "The image could not be read; it may be damaged.")
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || imageFormats[format] != ct {
		return nil, 0, 0, damaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, 0, 0, apperr.Invalid("body.file", "The image is too large (at most 40 megapixels).")
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, damaged
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	tw, th := w, h
	if w > ThumbSize || h > ThumbSize {
		if w >= h {
			tw, th = ThumbSize, max(1, h*ThumbSize/w)
		} else {
			tw, th = max(1, w*ThumbSize/h), ThumbSize
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	// Box filter: each thumbnail pixel averages the source pixels it covers.
	for y := 0; y < th; y++ {
		y0, y1 := b.Min.Y+y*h/th, b.Min.Y+max((y+1)*h/th, y*h/th+1)
		for x := 0; x < tw; x++ {
			x0, x1 := b.Min.X+x*w/tw, b.Min.X+max((x+1)*w/tw, x*w/tw+1)
			var r, g, bl, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA()
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			i := dst.PixOffset(x, y)
			// Composite over white so transparent PNGs do not turn black in JPEG.
			ai := a / n
			dst.Pix[i+0] = uint8((r/n + (0xffff - ai)) >> 8)
			dst.Pix[i+1] = uint8((g/n + (0xffff - ai)) >> 8)
			dst.Pix[i+2] = uint8((bl/n + (0xffff - ai)) >> 8)
			dst.Pix[i+3] = 0xff
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), w, h, nil
}

// ReorderImages puts the product's images in the given order (every image id once).
// Errors: ENOTFOUND, EINVALID (body.image_ids).
func (s *Service) ReorderImages(ctx context.Context, companyID, productID uuid.UUID, ids []uuid.UUID) (*Product, error) {
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.ProductGetForUpdate(ctx, productID); errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("product")
		} else if err != nil {
			return err
		}
		imgs, err := tx.ProductImageList(ctx, productID)
		if err != nil {
			return err
		}
		have := map[uuid.UUID]bool{}
		for _, im := range imgs {
			have[im.ID] = true
		}
		if len(ids) != len(imgs) {
			return apperr.Invalid("body.image_ids", "List every image of the product exactly once.")
		}
		for i, id := range ids {
			if !have[id] {
				return apperr.Invalid("body.image_ids", "List every image of the product exactly once.")
			}
			delete(have, id)
			if err := tx.ProductImageSetPosition(ctx, dbgen.ProductImageSetPositionParams{ProductID: productID, ID: id, Position: int32(i)}); err != nil {
				return err
			}
		}
		out, err = load(ctx, tx, productID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.ReorderImages: %w", err)
	}
	return out, nil
}

// SetCover makes one image the product's cover.
// Errors: ENOTFOUND.
func (s *Service) SetCover(ctx context.Context, companyID, productID, imageID uuid.UUID) (*Product, error) {
	var out *Product
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := tx.ProductImageGet(ctx, dbgen.ProductImageGetParams{ProductID: productID, ID: imageID}); errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("image")
		} else if err != nil {
			return err
		}
		if err := tx.ProductImageClearCover(ctx, productID); err != nil {
			return err
		}
		if err := tx.ProductImageSetCover(ctx, dbgen.ProductImageSetCoverParams{ProductID: productID, ID: imageID}); err != nil {
			return err
		}
		var err error
		out, err = load(ctx, tx, productID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.SetCover: %w", err)
	}
	return out, nil
}

// DeleteImage removes an image; if it was the cover, the first remaining image becomes the cover.
// Errors: ENOTFOUND.
func (s *Service) DeleteImage(ctx context.Context, companyID, productID, imageID uuid.UUID) (*Product, error) {
	var out *Product
	var gone dbgen.ProductImage
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		gone, err = tx.ProductImageDelete(ctx, dbgen.ProductImageDeleteParams{ProductID: productID, ID: imageID})
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.NotFound("image")
		} else if err != nil {
			return err
		}
		if gone.IsCover {
			rest, err := tx.ProductImageList(ctx, productID)
			if err != nil {
				return err
			}
			if len(rest) > 0 {
				if err := tx.ProductImageSetCover(ctx, dbgen.ProductImageSetCoverParams{ProductID: productID, ID: rest[0].ID}); err != nil {
					return err
				}
			}
		}
		out, err = load(ctx, tx, productID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.DeleteImage: %w", err)
	}
	_ = s.blobs.Delete(ctx, gone.BlobKey)
	if gone.ThumbKey != gone.BlobKey {
		_ = s.blobs.Delete(ctx, gone.ThumbKey)
	}
	return out, nil
}
