package knowledge_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/platform/apperr"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSniffByContent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		file, want string
	}{
		{"policy.pdf", knowledge.MimePDF},
		{"menu.docx", knowledge.MimeDOCX},
		{"latin1.txt", knowledge.MimeTXT},
		{"utf16.txt", knowledge.MimeTXT},
	} {
		if got := knowledge.Sniff(fixture(t, c.file)); got != c.want {
			t.Errorf("%s: %q, want %q", c.file, got, c.want)
		}
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if got := knowledge.Sniff(png); got != "" {
		t.Errorf("png sniffed as %q", got)
	}
	if got := knowledge.Sniff([]byte("PK\x03\x04 not a zip")); got != "" {
		t.Errorf("broken zip sniffed as %q", got)
	}
}

func TestExtract(t *testing.T) {
	t.Parallel()
	t.Run("PDF", func(t *testing.T) {
		text, err := knowledge.Extract(knowledge.MimePDF, fixture(t, "policy.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Delivery fee is RM15", "Pos Laju", "Polisi pemulangan"} {
			if !strings.Contains(text, want) {
				t.Errorf("missing %q in %q", want, text)
			}
		}
	})
	t.Run("DOCX", func(t *testing.T) {
		text, err := knowledge.Extract(knowledge.MimeDOCX, fixture(t, "menu.docx"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Pandan Gula Melaka", "清真认证", "ஹலால் சான்றிதழ்"} {
			if !strings.Contains(text, want) {
				t.Errorf("missing %q in %q", want, text)
			}
		}
		if !strings.Contains(text, "Shah Alam.\n\nOur best seller") {
			t.Errorf("paragraphs not kept apart: %q", text)
		}
	})
	t.Run("TXTWindows1252", func(t *testing.T) {
		text, err := knowledge.Extract(knowledge.MimeTXT, fixture(t, "latin1.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if text != "Café opens at 8am – closes at 10pm.\nParking is free after 7pm." {
			t.Errorf("got %q", text)
		}
	})
	t.Run("TXTUTF16", func(t *testing.T) {
		text, err := knowledge.Extract(knowledge.MimeTXT, fixture(t, "utf16.txt"))
		if err != nil || !strings.HasPrefix(text, "Waktu operasi: Isnin") {
			t.Errorf("got %q, %v", text, err)
		}
	})
	t.Run("CorruptFilesFailWithAReason", func(t *testing.T) {
		for _, c := range []struct{ file, mime string }{
			{"corrupt.pdf", knowledge.MimePDF}, {"garbage.pdf", knowledge.MimePDF},
			{"corrupt.docx", knowledge.MimeDOCX}, {"broken-xml.docx", knowledge.MimeDOCX},
		} {
			_, err := knowledge.Extract(c.mime, fixture(t, c.file))
			var un *knowledge.ErrUnreadable
			if !errors.As(err, &un) || un.Reason == "" {
				t.Errorf("%s: %v, want a reason", c.file, err)
			}
		}
	})
}

func TestChunk(t *testing.T) {
	t.Parallel()
	var paras []string
	for i := 0; i < 40; i++ {
		paras = append(paras, strings.Repeat("Kek lapis Sarawak 多层蛋糕 கேக் ", 3+i%5))
	}
	text := strings.Join(paras, "\n\n")
	chunks := knowledge.Chunk(text)
	if len(chunks) < 3 {
		t.Fatalf("only %d chunks", len(chunks))
	}
	for i, c := range chunks {
		if !utf8.ValidString(c) {
			t.Fatalf("chunk %d is not valid UTF-8", i)
		}
		if n := utf8.RuneCountInString(c); n > knowledge.ChunkSize+knowledge.ChunkOverlap+2 {
			t.Errorf("chunk %d has %d runes", i, n)
		}
	}
	// Consecutive chunks overlap.
	tail := chunks[0][len(chunks[0])-20:]
	if !strings.Contains(chunks[1], strings.TrimSpace(tail)) {
		t.Errorf("no overlap between chunk 0 and 1")
	}
	// One paragraph without any space is still cut, between runes.
	long := strings.Repeat("蛋糕", 1500)
	for _, c := range knowledge.Chunk(long) {
		if !utf8.ValidString(c) || utf8.RuneCountInString(c) > knowledge.ChunkSize+knowledge.ChunkOverlap+2 {
			t.Fatalf("bad chunk of %d runes", utf8.RuneCountInString(c))
		}
	}
	if knowledge.Chunk("  \n\n ") != nil {
		t.Error("blank text has chunks")
	}
}

func TestGramsCoverEveryScript(t *testing.T) {
	t.Parallel()
	g := knowledge.Grams("Harga Kek 生日蛋糕 விலையில்")
	has := map[string]bool{}
	for _, x := range g {
		has[x] = true
	}
	for _, want := range []string{"harga", "kek", "生日", "日蛋", "蛋糕", "வி", "லை"} {
		if !has[want] {
			t.Errorf("missing gram %q in %q", want, g)
		}
	}
}

func FuzzExtractPDF(f *testing.F) {
	f.Add(fixture(f, "policy.pdf"))
	f.Add(fixture(f, "corrupt.pdf"))
	f.Add(fixture(f, "garbage.pdf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := knowledge.Extract(knowledge.MimePDF, data)
		checkExtract(t, text, err)
	})
}

func FuzzExtractDOCX(f *testing.F) {
	f.Add(fixture(f, "menu.docx"))
	f.Add(fixture(f, "corrupt.docx"))
	f.Add(fixture(f, "broken-xml.docx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := knowledge.Extract(knowledge.MimeDOCX, data)
		checkExtract(t, text, err)
	})
}

func FuzzExtractText(f *testing.F) {
	f.Add(fixture(f, "latin1.txt"))
	f.Add(fixture(f, "utf16.txt"))
	f.Add([]byte("Harga kek?\n\n价格多少？"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := knowledge.Extract(knowledge.MimeTXT, data)
		checkExtract(t, text, err)
		for _, c := range knowledge.Chunk(text) {
			if !utf8.ValidString(c) {
				t.Fatalf("invalid chunk %q", c)
			}
		}
	})
}

// checkExtract: either text (valid UTF-8, within the limit) or a reason, never another error.
func checkExtract(t *testing.T, text string, err error) {
	t.Helper()
	if err != nil {
		var un *knowledge.ErrUnreadable
		if !errors.As(err, &un) {
			t.Fatalf("error without a reason: %v", err)
		}
		return
	}
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > knowledge.MaxTextChars {
		t.Fatalf("bad text")
	}
}

func FuzzFAQCSV(f *testing.F) {
	f.Add([]byte("question,answer,category,language\nHarga?,RM10,harga,ms\n价格？,RM10,,zh\n"))
	f.Add([]byte("answer,question\n\"a\"\"b\",q\n"))
	f.Add([]byte("question\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := knowledge.ParseFAQCSV(bytes.NewReader(data))
		if err != nil {
			if apperr.Code(err) != apperr.EINVALID {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Question == "" || r.Answer == "" || !utf8.ValidString(r.Question+r.Answer+r.Category) {
				t.Fatalf("invalid row accepted: %+v", r)
			}
		}
	})
}
