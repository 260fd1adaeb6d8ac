package catalog

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"github.com/google/uuid"
	xdraw "golang.org/x/image/draw"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Card images are portrait, sized for a phone chat.
const (
	CardWidth  = 800
	CardHeight = 1000
	cardMargin = 48
)

// CardLine is one item of a card: its text and, right-aligned, its amount.
type CardLine struct {
	Text   string
	Amount string
}

// CardData is everything drawn on a card; amounts are already formatted in the company's currency.
type CardData struct {
	CompanyName string
	Logo        image.Image // nil draws the company's initial
	Accent      color.RGBA  // the zero value uses DefaultAccent
	Title       string
	Subtitle    string
	Lines       []CardLine
	Price       string
	Was         string // the items' sum when a saving is shown
	Saving      string
}

// DefaultAccent is the card colour of a company without a logo to take one from.
var DefaultAccent = color.RGBA{0x0f, 0x76, 0x6e, 0xff}

// maxCardLines is how many items a card lists before "+ N more".
const maxCardLines = 8

// RenderCard draws a card as a CardWidth × CardHeight PNG.
func RenderCard(d CardData) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	accent := d.Accent
	if accent.A == 0 {
		accent = DefaultAccent
	}
	fill(img, img.Bounds(), color.RGBA{0xff, 0xff, 0xff, 0xff})
	const header = 150
	fill(img, image.Rect(0, 0, CardWidth, header), accent)
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink := color.RGBA{0x1f, 0x29, 0x37, 0xff}
	muted := color.RGBA{0x6b, 0x72, 0x80, 0xff}

	// Header: the logo in a white tile, the company's name beside it.
	tile := image.Rect(cardMargin, 27, cardMargin+96, 123)
	fill(img, tile, white)
	if d.Logo != nil {
		drawFit(img, tile.Inset(6), d.Logo)
	} else if initial := []rune(d.CompanyName); len(initial) > 0 {
		f := newTextFace(true, 56)
		s := string(initial[0])
		f.draw(img, tile.Min.X+(96-f.Width(s))/2, tile.Min.Y+68, accent, s)
	}
	nameFace := newTextFace(true, 34)
	x := tile.Max.X + 24
	if l := nameFace.Wrap(d.CompanyName, CardWidth-x-cardMargin, 1); len(l) > 0 {
		nameFace.draw(img, x, 88, white, l[0])
	}

	y := header + 70
	titleFace := newTextFace(true, 46)
	for _, l := range titleFace.Wrap(d.Title, CardWidth-2*cardMargin, 3) {
		titleFace.draw(img, cardMargin, y, ink, l)
		y += 58
	}
	if d.Subtitle != "" {
		sub := newTextFace(false, 28)
		if l := sub.Wrap(d.Subtitle, CardWidth-2*cardMargin, 1); len(l) > 0 {
			sub.draw(img, cardMargin, y, accent, l[0])
		}
		y += 44
	}

	// Items, each with its amount on the right.
	if len(d.Lines) > 0 {
		y += 8
		fill(img, image.Rect(cardMargin, y, CardWidth-cardMargin, y+2), color.RGBA{0xe5, 0xe7, 0xeb, 0xff})
		y += 48
		item := newTextFace(false, 28)
		lines := d.Lines
		more := 0
		if len(lines) > maxCardLines {
			more = len(lines) - (maxCardLines - 1)
			lines = lines[:maxCardLines-1]
		}
		for _, l := range lines {
			aw := item.Width(l.Amount)
			if t := item.Wrap(l.Text, CardWidth-2*cardMargin-aw-24, 1); len(t) > 0 {
				item.draw(img, cardMargin, y, ink, t[0])
			}
			item.draw(img, CardWidth-cardMargin-aw, y, muted, l.Amount)
			y += 44
		}
		if more > 0 {
			item.draw(img, cardMargin, y, muted, fmt.Sprintf("+ %d more", more))
		}
	}

	// The price at the bottom, with what it saves.
	base := CardHeight - cardMargin
	if d.Saving != "" {
		small := newTextFace(false, 28)
		small.draw(img, cardMargin, base, accent, "Save "+d.Saving)
		if d.Was != "" {
			was := "Was " + d.Was
			w := small.Width(was)
			small.draw(img, CardWidth-cardMargin-w, base, muted, was)
			// A line through the old price.
			fill(img, image.Rect(CardWidth-cardMargin-w+small.Width("Was "), base-10, CardWidth-cardMargin, base-8), muted)
		}
		base -= 52
	}
	if d.Price != "" {
		pf := newTextFace(true, 64)
		pf.draw(img, cardMargin, base, accent, d.Price)
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	xdraw.Draw(img, r, image.NewUniform(c), image.Point{}, xdraw.Src)
}

// drawFit scales src into r keeping its proportions, centred.
func drawFit(dst *image.RGBA, r image.Rectangle, src image.Image) {
	sb := src.Bounds()
	if sb.Dx() == 0 || sb.Dy() == 0 {
		return
	}
	w, h := r.Dx(), r.Dy()
	if sb.Dx()*h > sb.Dy()*w {
		h = sb.Dy() * w / sb.Dx()
	} else {
		w = sb.Dx() * h / sb.Dy()
	}
	x, y := r.Min.X+(r.Dx()-w)/2, r.Min.Y+(r.Dy()-h)/2
	xdraw.CatmullRom.Scale(dst, image.Rect(x, y, x+w, y+h), src, sb, xdraw.Over, nil)
}

// AccentFrom takes a card colour from a logo: the average of its coloured
// pixels (neither transparent nor near white), darkened until white text reads on it.
func AccentFrom(logo image.Image) color.RGBA {
	if logo == nil {
		return DefaultAccent
	}
	b := logo.Bounds()
	step := max(1, max(b.Dx(), b.Dy())/64)
	var r, g, bl, n uint64
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			c := color.NRGBAModel.Convert(logo.At(x, y)).(color.NRGBA)
			if c.A < 128 || (c.R > 225 && c.G > 225 && c.B > 225) {
				continue
			}
			r, g, bl, n = r+uint64(c.R), g+uint64(c.G), bl+uint64(c.B), n+1
		}
	}
	if n == 0 {
		return DefaultAccent
	}
	c := color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 0xff}
	// Relative luminance in integers (×1000); white text needs a dark enough background.
	for i := 0; i < 10 && (299*int(c.R)+587*int(c.G)+114*int(c.B))/1000 > 140; i++ {
		c = color.RGBA{uint8(int(c.R) * 8 / 10), uint8(int(c.G) * 8 / 10), uint8(int(c.B) * 8 / 10), 0xff}
	}
	return c
}

// brand is what a card shows of the company.
type brand struct {
	Name     string
	Currency string
	Logo     image.Image
	Accent   color.RGBA
}

func (s *Service) loadBrand(ctx context.Context, tx *db.Tx, companyID uuid.UUID) (brand, error) {
	c, err := tx.CompanySummary(ctx, companyID)
	if err != nil {
		return brand{}, err
	}
	b := brand{Name: c.Name, Currency: c.Currency, Accent: DefaultAccent}
	if c.LogoKey != nil && *c.LogoKey != "" {
		if rc, err := s.blobs.Open(ctx, *c.LogoKey); err == nil {
			data, _ := io.ReadAll(io.LimitReader(rc, MaxImageBytes))
			rc.Close()
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width*cfg.Height <= maxImagePixels {
				if logo, _, err := image.Decode(bytes.NewReader(data)); err == nil {
					b.Logo, b.Accent = logo, AccentFrom(logo)
				}
			}
		}
	}
	return b, nil
}

var tierLabels = map[string]string{TierBasic: "Basic package", TierStandard: "Standard package", TierPremium: "Premium package", TierCustom: "Custom package"}

// packageCardData lays out a package: its items with quantities and amounts, the price and the saving.
func packageCardData(b brand, p *Package) CardData {
	d := CardData{CompanyName: b.Name, Logo: b.Logo, Accent: b.Accent, Title: p.Name, Subtitle: tierLabels[p.Tier],
		Price: FormatMoney(p.Pricing.PriceMinor, p.Currency)}
	for _, it := range p.Items {
		d.Lines = append(d.Lines, CardLine{Text: fmt.Sprintf("%d × %s", it.Quantity, it.Name), Amount: FormatMoney(it.PriceMinor*int64(it.Quantity), p.Currency)})
	}
	if p.Pricing.SavingMinor > 0 {
		d.Was, d.Saving = FormatMoney(p.Pricing.ItemsTotalMinor, p.Currency), FormatMoney(p.Pricing.SavingMinor, p.Currency)
	}
	return d
}

// refreshPackageCard renders a package's card, stores it and drops the previous one.
func (s *Service) refreshPackageCard(ctx context.Context, companyID, id uuid.UUID) (*Package, error) {
	var p *Package
	var b brand
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if p, err = loadPackage(ctx, tx, companyID, id); err != nil {
			return err
		}
		b, err = s.loadBrand(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.refreshPackageCard: %w", err)
	}
	png, err := RenderCard(packageCardData(b, p))
	if err != nil {
		return nil, fmt.Errorf("catalog.refreshPackageCard: %w", err)
	}
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	// Under products/ so the catalog's public media route serves it; the nonce makes it unguessable.
	key := fmt.Sprintf("products/%s/package-%s-%s.png", companyID, id, hex.EncodeToString(nonce))
	if err := s.blobs.Put(ctx, key, bytes.NewReader(png)); err != nil {
		return nil, fmt.Errorf("catalog.refreshPackageCard: %w", err)
	}
	old := p.CardKey
	err = s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error { return tx.PackageSetCard(ctx, dbgen.PackageSetCardParams{ID: id, CardKey: key}) })
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return nil, fmt.Errorf("catalog.refreshPackageCard: %w", err)
	}
	if old != "" {
		_ = s.blobs.Delete(ctx, old)
	}
	p.CardKey = key
	return p, nil
}
