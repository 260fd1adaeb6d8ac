package catalog

import (
	"image"
	"image/color"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontDirs are where card fonts beyond the embedded Go fonts are looked for:
// Debian's fonts-noto-core (Tamil, wider Latin) and fonts-noto-cjk (Chinese).
var FontDirs = []string{"/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/dejavu"}

// fallbackFiles are tried in order after the Go fonts, per weight; a file that
// is missing is skipped, so a machine without them still renders Latin text.
var fallbackFiles = map[bool][]string{
	false: {"NotoSans-Regular.ttf", "NotoSansTamil-Regular.ttf", "NotoSansCJK-Regular.ttc", "DejaVuSans.ttf"},
	true:  {"NotoSans-Bold.ttf", "NotoSansTamil-Bold.ttf", "NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "DejaVuSans-Bold.ttf"},
}

var (
	fontOnce  sync.Once
	fontChain map[bool][]*sfnt.Font
)

// cardFonts returns the regular and bold font chains, loaded once.
func cardFonts() map[bool][]*sfnt.Font {
	fontOnce.Do(func() {
		cache := map[string][]*sfnt.Font{}
		fontChain = map[bool][]*sfnt.Font{}
		for _, bold := range []bool{false, true} {
			src := goregular.TTF
			if bold {
				src = gobold.TTF
			}
			f, err := opentype.Parse(src)
			if err == nil {
				fontChain[bold] = append(fontChain[bold], f)
			}
			for _, name := range fallbackFiles[bold] {
				fs, ok := cache[name]
				if !ok {
					fs = loadFontFile(name)
					cache[name] = fs
				}
				fontChain[bold] = append(fontChain[bold], fs...)
			}
		}
	})
	return fontChain
}

// loadFontFile parses a font or, for a collection, its Simplified Chinese member.
func loadFontFile(name string) []*sfnt.Font {
	for _, dir := range FontDirs {
		data, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			continue
		}
		if !strings.HasSuffix(name, ".ttc") {
			if f, err := opentype.Parse(data); err == nil {
				return []*sfnt.Font{f}
			}
			continue
		}
		c, err := opentype.ParseCollection(data)
		if err != nil {
			continue
		}
		var buf sfnt.Buffer
		var first *sfnt.Font
		for i := range c.NumFonts() {
			f, err := c.Font(i)
			if err != nil {
				continue
			}
			if first == nil {
				first = f
			}
			if n, _ := f.Name(&buf, sfnt.NameIDFamily); strings.Contains(n, " SC") {
				return []*sfnt.Font{f}
			}
		}
		if first != nil {
			return []*sfnt.Font{first}
		}
	}
	return nil
}

// textFace draws text at one size, choosing for each character the first font
// of the chain that has a glyph for it. Not safe for concurrent use.
type textFace struct {
	fonts []*sfnt.Font
	faces []font.Face
	buf   sfnt.Buffer
	size  float64
}

func newTextFace(bold bool, size float64) *textFace {
	t := &textFace{size: size}
	for _, f := range cardFonts()[bold] {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			continue
		}
		t.fonts = append(t.fonts, f)
		t.faces = append(t.faces, face)
	}
	return t
}

// faceFor is the face that draws r, or -1 when no font has it.
func (t *textFace) faceFor(r rune) int {
	for i, f := range t.fonts {
		if gi, err := f.GlyphIndex(&t.buf, r); err == nil && gi != 0 {
			return i
		}
	}
	return -1
}

// Missing lists the characters of s no card font can draw (they would show as boxes).
func (t *textFace) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\u200c' || r == '\u200d' {
			continue
		}
		if t.faceFor(r) < 0 {
			out = append(out, r)
		}
	}
	return out
}

// advance is the width of s.
func (t *textFace) advance(s string) fixed.Int26_6 {
	var w fixed.Int26_6
	for _, r := range visualOrder(s) {
		i := t.faceFor(r)
		if i < 0 {
			i = 0
		}
		if len(t.faces) == 0 {
			continue
		}
		a, _ := t.faces[i].GlyphAdvance(r)
		w += a
	}
	return w
}

// Width is the width of s in pixels, rounded up.
func (t *textFace) Width(s string) int { return t.advance(s).Ceil() }

// draw writes s with its baseline at (x, y).
func (t *textFace) draw(dst *image.RGBA, x, y int, col color.Color, s string) {
	if len(t.faces) == 0 {
		return
	}
	d := font.Drawer{Dst: dst, Src: image.NewUniform(col), Dot: fixed.P(x, y)}
	for _, r := range visualOrder(s) {
		i := t.faceFor(r)
		if i < 0 {
			i = 0
		}
		d.Face = t.faces[i]
		d.DrawString(string(r))
	}
}

// Wrap breaks s into lines no wider than width: at spaces, or between any two
// characters of a word too long for a line (Chinese has no spaces). At most
// maxLines lines are returned, the last ending in "…" when text was cut.
func (t *textFace) Wrap(s string, width, maxLines int) []string {
	var lines []string
	for _, para := range strings.Split(strings.TrimSpace(s), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if t.Width(cand) <= width {
				line = cand
				continue
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			for t.Width(word) > width {
				cut := fitPrefix(t, word, width)
				lines = append(lines, string([]rune(word)[:cut]))
				word = string([]rune(word)[cut:])
			}
			line = word
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	if maxLines > 0 && len(lines) > maxLines {
		last := lines[maxLines-1]
		for last != "" && t.Width(last+"…") > width {
			r := []rune(last)
			last = strings.TrimSpace(string(r[:len(r)-1]))
		}
		lines = append(lines[:maxLines-1], last+"…")
	}
	return lines
}

// fitPrefix is how many runes of word fit in width (at least one).
func fitPrefix(t *textFace, word string, width int) int {
	r := []rune(word)
	n := 1
	for n < len(r) && t.Width(string(r[:n+1])) <= width {
		n++
	}
	return n
}

// visualOrder puts Tamil vowel signs written before their consonant (ெ ே ை)
// ahead of it, splitting the two-part vowels (ொ ோ ௌ) around it: the card
// renderer draws characters left to right without a shaping engine.
func visualOrder(s string) []rune {
	in := []rune(s)
	out := make([]rune, 0, len(in)+4)
	isConsonant := func(r rune) bool { return r >= 0x0B95 && r <= 0x0BB9 }
	for _, r := range in {
		var pre, post rune
		switch r {
		case 0x0BC6, 0x0BC7, 0x0BC8:
			pre = r
		case 0x0BCA:
			pre, post = 0x0BC6, 0x0BBE
		case 0x0BCB:
			pre, post = 0x0BC7, 0x0BBE
		case 0x0BCC:
			pre, post = 0x0BC6, 0x0BD7
		default:
			out = append(out, r)
			continue
		}
		if n := len(out); n > 0 && isConsonant(out[n-1]) {
			c := out[n-1]
			out[n-1] = pre
			out = append(out, c)
		} else {
			out = append(out, pre)
		}
		if post != 0 {
			out = append(out, post)
		}
	}
	return out
}

// WrapText breaks text into card lines as RenderCard does (for previews and tests).
func WrapText(text string, bold bool, size float64, width, maxLines int) []string {
	return newTextFace(bold, size).Wrap(text, width, maxLines)
}

// MissingGlyphs lists the characters of text that no card font can draw.
func MissingGlyphs(text string) []rune { return newTextFace(false, 28).Missing(text) }
