package catalog_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"reflect"
	"testing"

	"github.com/sembang/sembang/internal/catalog"
)

func TestRenderCardIsAPNGOfTheCardSize(t *testing.T) {
	t.Parallel()
	logo := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		for y := range 20 {
			logo.Set(x, y, color.RGBA{0xd9, 0x23, 0x23, 0xff})
		}
	}
	b, err := catalog.RenderCard(catalog.CardData{CompanyName: "Kedai Kek Siti", Logo: logo, Accent: catalog.AccentFrom(logo), Title: "Set Raya",
		Subtitle: "Premium package", Lines: []catalog.CardLine{{Text: "2 × Kek Lapis", Amount: "RM 259.80"}}, Price: "RM 233.82",
		Was: "RM 259.80", Saving: "RM 25.98"})
	if err != nil {
		t.Fatal(err)
	}
	decodePNG(t, b)
	img, _ := png.Decode(bytes.NewReader(b))
	// The header takes the logo's colour.
	if c := color.RGBAModel.Convert(img.At(catalog.CardWidth-10, 10)).(color.RGBA); c.R < 0x80 || c.G > 0x40 {
		t.Fatalf("header colour %v is not the logo's red", c)
	}
}

func TestAccentFromALightLogoIsDarkenedForWhiteText(t *testing.T) {
	t.Parallel()
	logo := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		for y := range 8 {
			logo.Set(x, y, color.RGBA{0xff, 0xe0, 0x40, 0xff}) // yellow
		}
	}
	c := catalog.AccentFrom(logo)
	if (299*int(c.R)+587*int(c.G)+114*int(c.B))/1000 > 140 {
		t.Fatalf("accent %v too light for white text", c)
	}
	if catalog.AccentFrom(nil) != catalog.DefaultAccent {
		t.Fatal("no logo must give the default colour")
	}
}

// The Go fonts are embedded, so Latin line breaks are the same on every machine.
func TestWrapTextBreaksAtSpacesAndInsideLongWords(t *testing.T) {
	t.Parallel()
	got := catalog.WrapText("Premium Durian Musang King Gift Box with Extra Large Ribbon", true, 46, 704, 3)
	want := []string{"Premium Durian Musang King", "Gift Box with Extra Large", "Ribbon"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("lines = %q, want %q", got, want)
	}
	for _, l := range got {
		if w := catalog.WrapText(l, true, 46, 100000, 0); len(w) != 1 {
			t.Fatalf("a wrapped line breaks again: %q", l)
		}
	}
	cut := catalog.WrapText("one two three four five six seven eight nine ten eleven twelve", false, 28, 200, 2)
	if len(cut) != 2 || []rune(cut[1])[len([]rune(cut[1]))-1] != '…' {
		t.Fatalf("cut = %q, want two lines ending in …", cut)
	}
	long := catalog.WrapText("Supercalifragilisticexpialidocious", false, 28, 120, 0)
	if len(long) < 2 {
		t.Fatalf("a word wider than the line must break: %q", long)
	}
}

func TestChineseAndTamilHaveGlyphs(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/noto/NotoSansTamil-Regular.ttf"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("%s is missing: install fonts-noto-core and fonts-noto-cjk (scripts/ensure-tools.sh) to test Chinese and Tamil cards", f)
		}
	}
	for _, name := range []string{"榴莲礼盒 (Musang King)", "தேன் பரிசுப் பெட்டி", "கொய்யா பழம்", "Kek Lapis 千层蛋糕"} {
		if m := catalog.MissingGlyphs(name); len(m) > 0 {
			t.Errorf("%q: no glyph for %q", name, string(m))
		}
		blank, _ := catalog.RenderCard(catalog.CardData{CompanyName: "K", Price: "RM 1.00"})
		b, err := catalog.RenderCard(catalog.CardData{CompanyName: "K", Title: name, Price: "RM 1.00"})
		if err != nil {
			t.Fatal(err)
		}
		if inked(t, b) <= inked(t, blank)+50 {
			t.Errorf("%q drew nothing", name)
		}
	}
	// Chinese wraps between characters: it has no spaces.
	lines := catalog.WrapText("新鲜榴莲猫山王礼盒装特级精选大果两公斤", true, 46, 300, 0)
	if len(lines) < 2 {
		t.Fatalf("Chinese title did not wrap: %q", lines)
	}
}

// inked counts dark pixels in the title area.
func inked(t *testing.T, b []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for y := 160; y < 400; y++ {
		for x := 0; x < catalog.CardWidth; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				n++
			}
		}
	}
	return n
}
