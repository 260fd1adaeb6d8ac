// Package lang detects the language of short chat messages as Malaysians write
// them: English, Malay (including romanised slang such as "x", "nk", "brp"),
// Chinese and Tamil, with code-switching between them.
//
// Script decides Han and Tamil text at once. Latin text is scored with our
// lexicons of chat words, then a character trigram model (trained on the same
// lexicons) for words the lexicons do not know. We do not use lingua-go: it
// embeds the models of all its 75 languages (about 105 MB added to the binary,
// which is 30 MB today) even when the detector is built for four, and on short
// Malaysian messages its answers still needed our lexicon to be right.
package lang

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Languages, as ISO 639-1 codes.
const (
	English = "en"
	Malay   = "ms"
	Chinese = "zh"
	Tamil   = "ta"
)

// All lists the supported languages in display order.
var All = []string{English, Malay, Chinese, Tamil}

// Normalize returns the ISO 639-1 code for a language given as input, accepting
// "bm" (Bahasa Malaysia) as an alias of "ms" and ignoring case and region
// ("zh-CN"). ok is false for an unsupported language.
func Normalize(code string) (string, bool) {
	c := strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(c, "-_"); i > 0 {
		c = c[:i]
	}
	switch c {
	case "en", "ms", "zh", "ta":
		return c, true
	case "bm", "my", "may", "msa", "malay":
		return Malay, true
	case "cn", "chinese", "zho":
		return Chinese, true
	case "english", "eng":
		return English, true
	case "tamil", "tam":
		return Tamil, true
	}
	return "", false
}

// Canonical is Normalize for input that is validated afterwards: a supported
// language becomes its ISO 639-1 code ("bm" becomes "ms"); anything else is
// returned unchanged, for the caller's check to reject with its own message.
func Canonical(code string) string {
	if c, ok := Normalize(code); ok {
		return c
	}
	return code
}

// Result is a detected language with the evidence behind it.
type Result struct {
	Language   string             // "" when the text carries no evidence (emoji, numbers, "ok")
	Confidence float64            // 0..1
	Scores     map[string]float64 // evidence per language
	Reason     string             // how it was decided, for people
}

// Detect returns the language of one message.
func Detect(text string) Result {
	var han, tamil, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Tamil, r):
			tamil++
		case unicode.IsLetter(r) && r < 0x250:
			latin++
		}
	}
	if han > 0 || tamil > 0 {
		lang, n := Chinese, han
		if tamil > han {
			lang, n = Tamil, tamil
		}
		// Latin words mixed in ("这个多少钱 boss") lower the confidence a little.
		conf := 0.8 + 0.2*float64(n)/float64(n+latin/3+1)
		return Result{Language: lang, Confidence: round(conf), Scores: map[string]float64{lang: float64(n)},
			Reason: "script: " + map[string]string{Chinese: "Han", Tamil: "Tamil"}[lang] + " characters"}
	}
	scores := map[string]float64{}
	var known []string
	for _, w := range Words(text) {
		if neutralWords[w] || isNumber(w) {
			continue
		}
		hit := false
		if v, ok := malayWords[w]; ok {
			scores[Malay] += v
			hit = true
		}
		if v, ok := englishWords[w]; ok {
			scores[English] += v
			hit = true
		}
		if v, ok := tamilRomanWords[w]; ok {
			scores[Tamil] += v
			hit = true
		}
		if hit {
			known = append(known, w)
			continue
		}
		if l, margin := trigrams.classify(w); l != "" {
			scores[l] += margin
		}
	}
	var total float64
	for _, v := range scores {
		total += v
	}
	if total == 0 {
		return Result{Scores: scores, Reason: "no language evidence"}
	}
	best := winner(scores)
	conf := scores[best] / (total + 0.5)
	reason := "words"
	if len(known) > 0 {
		reason = "words: " + strings.Join(first(known, 6), ", ")
	} else {
		reason = "letter patterns of unknown words"
	}
	return Result{Language: best, Confidence: round(conf), Scores: scores, Reason: reason}
}

// winner picks the highest score; a tie between Malay and English goes to
// Malay, because Malaysians drop English nouns into Malay sentences far more
// than the other way round.
func winner(scores map[string]float64) string {
	order := []string{Malay, English, Tamil, Chinese}
	best := ""
	for _, l := range order {
		if best == "" || scores[l] > scores[best] {
			best = l
		}
	}
	return best
}

// Conversation returns the language of a conversation: the confidence-weighted
// majority of its last few customer messages (oldest first), ties going to the
// most recent message's language.
func Conversation(messages []string) Result {
	const window = 5
	if len(messages) > window {
		messages = messages[len(messages)-window:]
	}
	votes := map[string]float64{}
	last := ""
	for _, m := range messages {
		r := Detect(m)
		if r.Language == "" {
			continue
		}
		votes[r.Language] += r.Confidence
		last = r.Language
	}
	if last == "" {
		return Result{Scores: votes, Reason: "no language evidence"}
	}
	best := last
	var total float64
	langs := make([]string, 0, len(votes))
	for l, v := range votes {
		total += v
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if votes[l] > votes[best] {
			best = l
		}
	}
	return Result{Language: best, Confidence: round(votes[best] / total), Scores: votes, Reason: "majority of recent messages"}
}

// Words splits text into lower-case words of letters and digits, keeping
// apostrophes inside words ("don't").
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r))
	})
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func round(f float64) float64 { return math.Round(f*100) / 100 }
