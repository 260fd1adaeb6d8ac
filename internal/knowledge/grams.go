package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search terms ("grams") are made in Go rather than by a text-search parser so
// every script is handled alike: Latin and other spaced words become lower-case
// words; Chinese, Japanese, Thai and Tamil runs become overlapping two-character
// pieces (Chinese has no spaces, Tamil words take long suffixes: விலை, விலையில்
// and விலைக்கு share their bigrams). Queries are cut the same way.

// bigramScript reports whether r belongs to a script indexed by character bigrams.
func bigramScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Tamil)
}

// wordRune reports whether r continues a word (letters, digits and combining marks).
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// stopwords are frequent English and Malay words that carry no topic.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the is are was be to of in on at for and or but with by from as it its this that these those
		i you we they he she my your our do does can could would will how what when where which who why any some me us
		yang dan di ke dari ini itu ada saya awak anda kami kita boleh tak tidak ke apa mana bila untuk dengan atau pun
		lah kah ya nak mau dah sudah juga the bagi oleh pada`) {
		stopwords[w] = true
	}
}

// Grams returns the distinct search terms of s.
func Grams(s string) []string {
	return gramsOf(s, false)
}

// queryGrams returns the search terms of a query, without stopwords unless nothing else is left.
func queryGrams(s string) []string {
	g := gramsOf(s, true)
	if len(g) == 0 {
		g = gramsOf(s, false)
	}
	return g
}

func gramsOf(s string, dropStop bool) []string {
	seen := map[string]bool{}
	var out []string
	add := func(g string) {
		if g != "" && !seen[g] && len(out) < 20000 {
			seen[g] = true
			out = append(out, g)
		}
	}
	s = strings.ToLower(s)
	var word []rune
	bigram := false
	emit := func() {
		if len(word) == 0 {
			return
		}
		if bigram {
			if len(word) == 1 {
				add(string(word))
			}
			for i := 0; i+1 < len(word); i++ {
				add(string(word[i : i+2]))
			}
		} else {
			w := string(word)
			if !(dropStop && stopwords[w]) && (utf8.RuneCountInString(w) > 1 || unicode.IsDigit(word[0])) {
				add(w)
			}
		}
		word = word[:0]
	}
	for _, r := range s {
		switch {
		case !wordRune(r):
			emit()
		case bigramScript(r) || (bigram && unicode.In(r, unicode.Mn, unicode.Mc) && len(word) > 0):
			if !bigram {
				emit()
			}
			bigram = true
			word = append(word, r)
		default:
			if bigram {
				emit()
			}
			bigram = false
			word = append(word, r)
		}
	}
	emit()
	return out
}

// latinWords are the query's words for PostgreSQL full-text search: letters and digits of scripts spaced by words.
func latinWords(s string) []string {
	var out []string
	for _, g := range queryGrams(s) {
		r, _ := utf8.DecodeRuneInString(g)
		if !bigramScript(r) && isSimple(g) {
			out = append(out, g)
		}
	}
	return out
}

// isSimple reports whether a word is only letters and digits, safe inside a tsquery.
func isSimple(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}
