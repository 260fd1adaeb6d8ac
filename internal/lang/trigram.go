package lang

import "math"

// trigramModel is a character trigram model per language, trained on the
// lexicons, for words none of them lists ("pembayaran", "delivered").
type trigramModel struct {
	counts map[string]map[string]float64 // lang -> trigram -> count
	totals map[string]float64
}

var trigrams = train(map[string]lexicon{Malay: malayWords, English: englishWords})

func train(lex map[string]lexicon) *trigramModel {
	m := &trigramModel{counts: map[string]map[string]float64{}, totals: map[string]float64{}}
	for l, words := range lex {
		m.counts[l] = map[string]float64{}
		for w := range words {
			for _, g := range grams(w) {
				m.counts[l][g]++
				m.totals[l]++
			}
		}
	}
	return m
}

func grams(w string) []string {
	r := []rune("^" + w + "$")
	if len(r) < 3 {
		return nil
	}
	out := make([]string, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		out = append(out, string(r[i:i+3]))
	}
	return out
}

// classify returns the likelier language of a word and a weight below 1 (an
// unknown word is weaker evidence than a known one); "" when the word is too
// short or the models cannot tell.
func (m *trigramModel) classify(w string) (string, float64) {
	gs := grams(w)
	if len(gs) < 3 {
		return "", 0
	}
	ll := map[string]float64{}
	for l, c := range m.counts {
		for _, g := range gs {
			ll[l] += math.Log((c[g] + 0.1) / (m.totals[l] + 0.1*8000))
		}
	}
	diff := (ll[Malay] - ll[English]) / float64(len(gs))
	switch {
	case diff > 0.15:
		return Malay, math.Min(0.8, diff)
	case diff < -0.15:
		return English, math.Min(0.8, -diff)
	}
	return "", 0
}
