package successcase

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Threshold is the score a template needs to be used. A pattern match scores
// at least 0.6; example similarity alone must reach it on its own.
const Threshold = 0.55

// Entry is a template with the company's setting for it.
type Entry struct {
	Template Template
	Setting  Setting
}

// Index is a set of templates prepared for matching: tokenised patterns and
// examples, and the inverse document frequency of every token over all examples.
type Index struct {
	entries []indexed
	idf     map[string]float64
	n       float64
}

type indexed struct {
	Entry
	langs map[string]*variantTokens
}

type variantTokens struct {
	patterns, examples [][]string
	patternText        []string
	exampleText        []string
	response           string
}

// NewIndex prepares entries for matching.
func NewIndex(entries []Entry) *Index {
	ix := &Index{idf: map[string]float64{}}
	df := map[string]float64{}
	for _, e := range entries {
		in := indexed{Entry: e, langs: map[string]*variantTokens{}}
		langs := []string{e.Template.Language}
		for l := range e.Template.Localized {
			langs = append(langs, l)
		}
		for _, l := range langs {
			ps, ex, resp, ok := e.Template.variant(l)
			if !ok {
				continue
			}
			v := &variantTokens{response: resp}
			for _, p := range ps {
				if tk := tokens(p); len(tk) > 0 {
					v.patterns = append(v.patterns, tk)
					v.patternText = append(v.patternText, p)
				}
			}
			for _, x := range ex {
				tk := tokens(x)
				if len(tk) == 0 {
					continue
				}
				v.examples = append(v.examples, tk)
				v.exampleText = append(v.exampleText, x)
				ix.n++
				for t := range uniq(tk) {
					df[t]++
				}
			}
			in.langs[l] = v
		}
		ix.entries = append(ix.entries, in)
	}
	for t, d := range df {
		ix.idf[t] = math.Log(1 + ix.n/d)
	}
	return ix
}

// Len is the number of templates in the index.
func (ix *Index) Len() int { return len(ix.entries) }

func (ix *Index) weight(t string) float64 {
	if w, ok := ix.idf[t]; ok {
		return w
	}
	return math.Log(1 + ix.n + 1) // a token no example has: rare, so informative
}

// Context is what the matcher knows about the conversation besides the message.
type Context struct {
	Language        string   // detected language of the customer (ISO 639-1)
	Industry        string   // the company's industry slug
	ActiveLanguages []string // languages whose templates the company uses; empty for all
	Stage           string   // conversation stage, "" when unknown
	LeadScore       *int32   // behaviour score, nil when unknown
}

// Candidate is one template considered for a message, with why it did or did not win.
type Candidate struct {
	Entry
	Score           float64
	PatternScore    float64
	ExampleScore    float64
	MatchedPatterns []string
	BestExample     string
	Language        string   // the language variant compared
	Response        string   // the variant's response, before customisation and personalisation
	Eligible        bool     // passed every filter and reached the threshold
	Reasons         []string // why: each filter and score, for people
}

// Result is the outcome of matching one message.
type Result struct {
	Winner     *Candidate   // nil: no template, fall back to the AI model
	Candidates []*Candidate // eligible first in winning order, then the rest by score
}

// Match scores every template in ix against message and picks the winner:
// among templates that pass the filters (enabled, active, language, industry,
// stage, lead score) and reach the threshold, preferred first, then higher
// company priority, then higher template priority, then higher score.
// Templates that share no token with the message and fail no filter are left
// out of Candidates, to keep the explanation short.
func (ix *Index) Match(message string, c Context) Result {
	msg := tokens(message)
	msgSet := uniq(msg)
	var msgWeight float64
	for t := range msgSet {
		msgWeight += ix.weight(t)
	}
	active := map[string]bool{}
	for _, l := range c.ActiveLanguages {
		active[l] = true
	}
	var res Result
	for i := range ix.entries {
		e := &ix.entries[i]
		cand := &Candidate{Entry: e.Entry, Language: c.Language}
		v := e.langs[c.Language]
		if v != nil {
			cand.Response = v.response
			for j, p := range v.patterns {
				if containsSeq(msg, p) {
					cand.MatchedPatterns = append(cand.MatchedPatterns, v.patternText[j])
				}
			}
			if len(cand.MatchedPatterns) > 0 {
				cand.PatternScore = 1
			}
			for j, x := range v.examples {
				if s := ix.similarity(msgSet, msgWeight, x); s > cand.ExampleScore {
					cand.ExampleScore, cand.BestExample = s, v.exampleText[j]
				}
			}
			if n := len(cand.MatchedPatterns); n > 0 {
				// each further pattern adds a little: "too expensive, any discount?" is surer than "discount"
				cand.Score = 0.6 + 0.05*math.Min(float64(n-1), 2) + 0.3*cand.ExampleScore
			} else {
				cand.Score = cand.ExampleScore
			}
			cand.Score = math.Round(cand.Score*1000) / 1000
			cand.ExampleScore = math.Round(cand.ExampleScore*1000) / 1000
		}
		filters := ix.filter(e, v != nil, c)
		if len(filters) == 0 && cand.Score == 0 {
			continue
		}
		if len(cand.MatchedPatterns) > 0 {
			cand.Reasons = append(cand.Reasons, "patterns matched on word boundaries: "+quoteAll(cand.MatchedPatterns))
		}
		if cand.BestExample != "" {
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("closest example %q (similarity %.2f)", cand.BestExample, cand.ExampleScore))
		}
		cand.Reasons = append(cand.Reasons, filters...)
		cand.Eligible = len(filters) == 0 && cand.Score >= Threshold
		if len(filters) == 0 && !cand.Eligible {
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("score %.2f below threshold %.2f", cand.Score, Threshold))
		}
		res.Candidates = append(res.Candidates, cand)
	}
	sort.SliceStable(res.Candidates, func(i, j int) bool { return before(res.Candidates[i], res.Candidates[j]) })
	if len(res.Candidates) > 0 && res.Candidates[0].Eligible {
		res.Winner = res.Candidates[0]
		res.Winner.Reasons = append(res.Winner.Reasons, winReason(res.Winner))
	}
	return res
}

// filter returns why e cannot be used in c; nil when it can.
func (ix *Index) filter(e *indexed, hasLang bool, c Context) []string {
	var out []string
	t, s := e.Template, e.Setting
	if !t.Active {
		out = append(out, "filtered: template is inactive")
	}
	if !s.Enabled {
		out = append(out, "filtered: disabled for this company")
	}
	if !hasLang {
		out = append(out, fmt.Sprintf("filtered: no %s version (template is %s)", c.Language, t.Language))
	}
	if len(c.ActiveLanguages) > 0 && !contains(c.ActiveLanguages, c.Language) {
		out = append(out, fmt.Sprintf("filtered: %s templates are not active for this company", c.Language))
	}
	if t.Industry != "" && t.Industry != c.Industry {
		out = append(out, fmt.Sprintf("filtered: industry %s, company is %s", t.Industry, orNone(c.Industry)))
	}
	if len(t.Stages) > 0 && c.Stage != "" && !contains(t.Stages, c.Stage) {
		out = append(out, fmt.Sprintf("filtered: for stages %s, conversation is %s", strings.Join(t.Stages, ", "), c.Stage))
	}
	if c.LeadScore != nil {
		if t.MinLeadScore != nil && *c.LeadScore < *t.MinLeadScore {
			out = append(out, fmt.Sprintf("filtered: lead score %d below %d", *c.LeadScore, *t.MinLeadScore))
		}
		if t.MaxLeadScore != nil && *c.LeadScore > *t.MaxLeadScore {
			out = append(out, fmt.Sprintf("filtered: lead score %d above %d", *c.LeadScore, *t.MaxLeadScore))
		}
	}
	return out
}

// similarity is the IDF-weighted Dice coefficient of the message's and an example's tokens.
func (ix *Index) similarity(msg map[string]struct{}, msgWeight float64, example []string) float64 {
	var shared, exWeight float64
	for t := range uniq(example) {
		w := ix.weight(t)
		exWeight += w
		if _, ok := msg[t]; ok {
			shared += w
		}
	}
	if shared == 0 {
		return 0
	}
	return 2 * shared / (msgWeight + exWeight)
}

func before(a, b *Candidate) bool {
	if a.Eligible != b.Eligible {
		return a.Eligible
	}
	if a.Eligible {
		if a.Setting.Preferred != b.Setting.Preferred {
			return a.Setting.Preferred
		}
		if a.Setting.Priority != b.Setting.Priority {
			return a.Setting.Priority > b.Setting.Priority
		}
		if a.Template.Priority != b.Template.Priority {
			return a.Template.Priority > b.Template.Priority
		}
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.Template.Name != b.Template.Name {
		return a.Template.Name < b.Template.Name
	}
	return a.Template.ID.String() < b.Template.ID.String()
}

func winReason(c *Candidate) string {
	switch {
	case c.Setting.Preferred:
		return "wins: preferred by the company"
	case c.Setting.Priority != 0:
		return fmt.Sprintf("wins: company priority %d", c.Setting.Priority)
	case c.Template.Priority != 0:
		return fmt.Sprintf("wins: template priority %d", c.Template.Priority)
	}
	return "wins: highest score"
}

func uniq(ts []string) map[string]struct{} {
	m := make(map[string]struct{}, len(ts))
	for _, t := range ts {
		m[t] = struct{}{}
	}
	return m
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}
