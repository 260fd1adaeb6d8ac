package knowledge

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// Document types, as stored in knowledge_documents.mime.
const (
	MimePDF  = "application/pdf"
	MimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MimeTXT  = "text/plain"
)

// Extraction limits: a document's text beyond MaxTextChars is cut, a PDF's pages beyond maxPDFPages are not read.
const (
	MaxTextChars   = 2_000_000
	maxPDFPages    = 2000
	maxDocXMLBytes = 64 << 20
	maxZipEntries  = 10_000
)

// ErrUnreadable is the cause of every extraction failure; its message is shown to the admin.
type ErrUnreadable struct{ Reason string }

func (e *ErrUnreadable) Error() string { return e.Reason }

func unreadable(format string, a ...any) error {
	return &ErrUnreadable{Reason: fmt.Sprintf(format, a...)}
}

// Sniff returns the document type of data by its content, or "" when it is none of PDF, DOCX and text.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return MimePDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			// A damaged archive still names its parts in the local headers: a
			// Word document is accepted so that processing reports the damage.
			if bytes.Contains(data, []byte("word/document.xml")) {
				return MimeDOCX
			}
			return ""
		}
		for _, f := range zr.File {
			if f.Name == "word/document.xml" {
				return MimeDOCX
			}
		}
		return ""
	case looksLikeText(data):
		return MimeTXT
	}
	return ""
}

// looksLikeText accepts UTF-16 with a byte-order mark, or bytes without NULs and with few control characters.
func looksLikeText(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return true
	}
	sample := data
	if len(sample) > 8192 {
		sample = sample[:8192]
	}
	control := 0
	for _, b := range sample {
		if b == 0 {
			return false
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			control++
		}
	}
	return control*100 <= len(sample)
}

// Extract returns the plain text of a document of the given type. A corrupt or
// unsupported file yields an *ErrUnreadable; a panic inside a parser is recovered
// into one, so one bad file never stops the worker.
func Extract(mime string, data []byte) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", unreadable("The file is damaged and could not be read (%v).", r)
		}
	}()
	switch mime {
	case MimePDF:
		text, err = extractPDF(data)
	case MimeDOCX:
		text, err = extractDOCX(data)
	case MimeTXT:
		text, err = decodeText(data), nil
	default:
		return "", unreadable("Unsupported file type %q.", mime)
	}
	if err != nil {
		return "", err
	}
	text = normalise(text)
	if strings.TrimSpace(text) == "" {
		return "", unreadable("The file contains no text (a scanned PDF needs OCR first).")
	}
	return text, nil
}

func extractPDF(data []byte) (string, error) {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "encrypt") || strings.Contains(err.Error(), "password") {
			return "", unreadable("The PDF is password-protected.")
		}
		return "", unreadable("The PDF is damaged: %v.", err)
	}
	n := r.NumPage()
	if n <= 0 {
		return "", unreadable("The PDF has no pages.")
	}
	if n > maxPDFPages {
		n = maxPDFPages
	}
	var b strings.Builder
	fonts := map[string]*pdf.Font{}
	for i := 1; i <= n && b.Len() < MaxTextChars*4; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		text, err := p.GetPlainText(fonts)
		if err != nil {
			return "", unreadable("The PDF's page %d could not be read: %v.", i, err)
		}
		b.WriteString(text)
		b.WriteString("\n\n")
	}
	return b.String(), nil
}

// extractDOCX reads word/document.xml: paragraphs (w:p) become lines, tabs and breaks are kept.
func extractDOCX(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", unreadable("The DOCX file is damaged (not a valid zip archive).")
	}
	if len(zr.File) > maxZipEntries {
		return "", unreadable("The DOCX file has too many parts.")
	}
	var doc *zip.File
	for _, f := range zr.File {
		if path.Clean(f.Name) == "word/document.xml" {
			doc = f
			break
		}
	}
	if doc == nil {
		return "", unreadable("The DOCX file has no document body (word/document.xml).")
	}
	rc, err := doc.Open()
	if err != nil {
		return "", unreadable("The DOCX file is damaged: %v.", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocXMLBytes))
	dec.Strict = false
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", unreadable("The DOCX document is damaged: %v.", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n\n")
			case "tc":
				b.WriteByte('\t')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		if b.Len() > MaxTextChars*4 {
			break
		}
	}
	return b.String(), nil
}

// decodeText turns a text file into UTF-8: UTF-8 (with or without BOM), UTF-16
// with a BOM, or else Windows-1252, the usual charset of older Western files.
func decodeText(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true)
	case utf8.Valid(data):
		return string(data)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// normalise makes line endings \n, drops control characters and NULs, trims
// trailing spaces and caps the length at MaxTextChars runes.
func normalise(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for _, r := range s {
		if n >= MaxTextChars {
			break
		}
		if r < 0x20 && r != '\n' && r != '\t' {
			continue
		}
		if r == '\uFFFD' || r == '\u00AD' {
			continue
		}
		b.WriteRune(r)
		n++
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	out := strings.Join(lines, "\n")
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(out)
}
