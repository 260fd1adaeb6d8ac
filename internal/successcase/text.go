package successcase

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize lower-cases s, strips accents ("café" → "cafe") and collapses a
// letter repeated three or more times ("mahalll" → "mahal", "sooo" → "so").
func normalize(s string) string {
	var b strings.Builder
	var prev rune
	run := 0
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Tamil, r) {
			continue // a combining accent on a Latin letter
		}
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		if run >= 3 && unicode.IsLetter(r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// squeeze folds doubled letters so "mahall", "mahal" and "tooo" → "to" compare equal.
func squeeze(w string) string {
	var b strings.Builder
	var prev rune
	for _, r := range w {
		if r == prev && unicode.IsLetter(r) {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// tokens splits s into match tokens: words for Latin and Tamil script (doubled
// letters folded), character bigrams for each run of Han characters (the
// character itself for a run of one).
func tokens(s string) []string {
	s = normalize(s)
	var out []string
	var word, han []rune
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, squeeze(string(word)))
			word = word[:0]
		}
	}
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			flushHan()
			word = append(word, r)
		case r == '\'' && len(word) > 0:
			// "don't" stays one word
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// containsSeq reports whether needle occurs in hay as consecutive tokens:
// patterns match on word (or Han bigram) boundaries, never inside a word.
func containsSeq(hay, needle []string) bool {
	if len(needle) == 0 || len(needle) > len(hay) {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j, n := range needle {
			if hay[i+j] != n {
				continue outer
			}
		}
		return true
	}
	return false
}
