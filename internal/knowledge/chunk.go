package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunking targets: about ChunkSize characters per chunk, the last ChunkOverlap
// characters of one chunk repeated at the start of the next so an answer that
// spans a boundary is still found whole in one of them.
const (
	ChunkSize    = 800
	ChunkOverlap = 150
)

// Chunk splits text into pieces of about ChunkSize runes along paragraph
// boundaries (then lines, sentences, spaces, and only as a last resort between
// runes), with ChunkOverlap runes of overlap. It never splits a UTF-8 rune.
func Chunk(text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var pieces []string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		pieces = append(pieces, splitLong(para, ChunkSize)...)
	}
	var chunks []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen == 0 {
			return
		}
		chunks = append(chunks, cur.String())
		tail := overlapTail(cur.String(), ChunkOverlap)
		cur.Reset()
		curLen = 0
		if tail != "" {
			cur.WriteString(tail)
			curLen = utf8.RuneCountInString(tail)
		}
	}
	fresh := true // cur holds only overlap from the previous chunk
	for _, p := range pieces {
		n := utf8.RuneCountInString(p)
		if !fresh && curLen+2+n > ChunkSize {
			flush()
			fresh = true
		}
		if curLen > 0 {
			cur.WriteString("\n\n")
			curLen += 2
		}
		cur.WriteString(p)
		curLen += n
		fresh = false
	}
	if !fresh {
		chunks = append(chunks, cur.String())
	}
	return chunks
}

// splitLong cuts a paragraph longer than max runes at the last line break,
// sentence end or space before the limit.
func splitLong(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		cut := byteOffset(s, max)
		head := s[:cut]
		at := -1
		for _, sep := range []string{"\n", ". ", "。", "! ", "? ", "; ", " "} {
			if i := strings.LastIndex(head, sep); i > len(head)/3 {
				at = i + len(sep)
				break
			}
		}
		if at <= 0 {
			at = cut
		}
		out = append(out, strings.TrimSpace(s[:at]))
		s = strings.TrimSpace(s[at:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// overlapTail returns about the last n runes of s, starting at a word boundary when there is one.
func overlapTail(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return ""
	}
	start := byteOffset(s, utf8.RuneCountInString(s)-n)
	tail := s[start:]
	if i := strings.IndexFunc(tail, unicode.IsSpace); i >= 0 && i < len(tail)/2 {
		tail = tail[i:]
	}
	return strings.TrimSpace(tail)
}

// byteOffset is the byte index of the n-th rune of s (len(s) past the end).
func byteOffset(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}
