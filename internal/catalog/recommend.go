package catalog

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Recommendation is a product suggested for a conversation, with why.
type Recommendation struct {
	Product dbgen.PackageProductsForMatchingRow
	Score   int
	Reasons []string
}

// Recommendations is a ranked list and the budget read from the customer's words.
type Recommendations struct {
	Items  []Recommendation
	Budget *PriceRange
	// Messages is how many of the customer's messages were read.
	Messages int
}

// PriceRange is a budget in minor units; a zero Min or Max is open.
type PriceRange struct {
	Min, Max int64
	Label    string // as the customer said it, e.g. "under RM 100"
}

// Contains reports whether price is within the range.
func (r PriceRange) Contains(price int64) bool {
	return (r.Min == 0 || price >= r.Min) && (r.Max == 0 || price <= r.Max)
}

// recommendMessages is how many of the customer's latest messages are read.
const recommendMessages = 10

// Recommend ranks the company's active, in-stock products for a conversation
// from what the customer asked: products, SKUs, tags and categories they named,
// words of product names, and a price range. agentID set limits it to the
// agent's own conversations. Errors: ENOTFOUND.
func (s *Service) Recommend(ctx context.Context, companyID, agentID, conversationID uuid.UUID, limit int) (*Recommendations, error) {
	if limit <= 0 || limit > 20 {
		limit = 5
	}
	var msgs []string
	var products []dbgen.PackageProductsForMatchingRow
	var currency string
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		if _, err := conversationFor(ctx, tx, conversationID, agentID); err != nil {
			return err
		}
		rows, err := tx.MessageListRecentInbound(ctx, dbgen.MessageListRecentInboundParams{ConversationID: conversationID, Lim: recommendMessages})
		if err != nil {
			return err
		}
		for _, r := range rows {
			msgs = append(msgs, r.Body)
		}
		if products, err = tx.PackageProductsForMatching(ctx); err != nil {
			return err
		}
		currency, err = companyCurrency(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.Recommend: %w", err)
	}
	out := RankProducts(msgs, products, currency, limit)
	return out, nil
}

// RankProducts scores products against the customer's messages (newest
// first). Out-of-stock products are never suggested; a product outside a
// stated budget is dropped.
func RankProducts(messages []string, products []dbgen.PackageProductsForMatchingRow, currency string, limit int) *Recommendations {
	out := &Recommendations{Messages: len(messages), Items: []Recommendation{}}
	text := strings.ToLower(strings.Join(messages, "\n"))
	words := map[string]bool{}
	for _, w := range tokens(text) {
		words[w] = true
	}
	padded := " " + strings.Join(tokens(text), " ") + " "
	for _, m := range messages {
		if r := ParsePriceRange(m, currency); r != nil {
			out.Budget = r
			break
		}
	}
	for _, p := range products {
		if p.StockStatus == OutOfStock {
			continue
		}
		rec := Recommendation{Product: p}
		add := func(points int, reason string) {
			rec.Score += points
			rec.Reasons = append(rec.Reasons, reason)
		}
		named := mentions(text, padded, p.Name)
		if named {
			add(10, fmt.Sprintf("Mentions “%s”", p.Name))
		}
		if mentions(text, padded, p.Sku) {
			add(12, "Mentions SKU "+p.Sku)
		}
		if p.Category != "" && mentions(text, padded, p.Category) {
			add(5, fmt.Sprintf("Asks about %s", p.Category))
		}
		var tagHits []string
		for _, t := range p.Tags {
			if mentions(text, padded, t) {
				tagHits = append(tagHits, t)
			}
		}
		if len(tagHits) > 0 {
			add(4*len(tagHits), "Matches tag "+strings.Join(quoteAll(tagHits), ", "))
		}
		if !named {
			var hits []string
			for _, w := range tokens(strings.ToLower(p.Name)) {
				if len([]rune(w)) >= 3 && !stopWords[w] && words[w] && !contains(hits, w) {
					hits = append(hits, w)
				}
			}
			if len(hits) > 0 {
				add(3*len(hits), "Name matches "+strings.Join(quoteAll(hits), ", "))
			}
		}
		var descHits []string
		for _, w := range tokens(strings.ToLower(p.Description)) {
			if len(descHits) < 3 && len([]rune(w)) >= 4 && !stopWords[w] && words[w] && !contains(descHits, w) {
				descHits = append(descHits, w)
			}
		}
		if len(descHits) > 0 {
			add(len(descHits), "Description mentions "+strings.Join(quoteAll(descHits), ", "))
		}
		if out.Budget != nil {
			if !out.Budget.Contains(p.PriceMinor) {
				continue
			}
			add(3, fmt.Sprintf("%s fits the budget (%s)", FormatMoney(p.PriceMinor, p.Currency), out.Budget.Label))
		}
		if rec.Score == 0 {
			continue
		}
		if p.StockStatus == Limited {
			rec.Reasons = append(rec.Reasons, "Limited stock")
		}
		out.Items = append(out.Items, rec)
	}
	sort.SliceStable(out.Items, func(i, j int) bool {
		a, b := out.Items[i], out.Items[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if (a.Product.StockStatus == InStock) != (b.Product.StockStatus == InStock) {
			return a.Product.StockStatus == InStock
		}
		return strings.ToLower(a.Product.Name) < strings.ToLower(b.Product.Name)
	})
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = "“" + s + "”"
	}
	return out
}

// stopWords are common English and Malay words that say nothing about a product.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "you": true, "have": true, "any": true, "got": true, "can": true, "how": true,
	"much": true, "price": true, "this": true, "that": true, "what": true, "want": true, "need": true, "please": true, "from": true,
	"dan": true, "untuk": true, "yang": true, "ini": true, "itu": true, "ada": true, "nak": true, "mau": true, "mahu": true, "harga": true,
	"berapa": true, "saya": true, "boleh": true, "tak": true, "tidak": true, "dengan": true, "apa": true, "pack": true, "set": true,
}

// tokens splits text into runs of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
}

// hasHan reports whether s holds Chinese characters, which are matched as
// substrings since Chinese is written without spaces.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// mentions reports whether the customer's text names term: as a substring for
// Chinese, as whole words otherwise.
func mentions(text, padded, term string) bool {
	term = strings.ToLower(strings.TrimSpace(term))
	if term == "" {
		return false
	}
	if hasHan(term) {
		return strings.Contains(text, term)
	}
	t := tokens(term)
	if len(t) == 0 {
		return false
	}
	return strings.Contains(padded, " "+strings.Join(t, " ")+" ")
}

const amountRe = `(?:rm|s\$|us\$|\$|rp|¥|￥)?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|rb|ribu|千|万|块|元|ringgit)?`

var (
	rangeRe  = regexp.MustCompile(amountRe + `\s*(?:-|–|~|to|hingga|sampai|ke|至|到)\s*` + amountRe)
	maxRe    = regexp.MustCompile(`(?:bawah|under|below|less than|kurang dari|kurang daripada|tak lebih|not more than|max(?:imum)?|budget|bajet|within|不超过|少于|低于|预算)\s*` + amountRe)
	maxSufRe = regexp.MustCompile(amountRe + `\s*(?:以下|以内|之内|ke bawah)`)
	minRe    = regexp.MustCompile(`(?:atas|above|over|more than|lebih dari|lebih daripada|at least|minimum|超过|高于|至少)\s*` + amountRe)
	minSufRe = regexp.MustCompile(amountRe + `\s*(?:以上|ke atas)`)
	aroundRe = regexp.MustCompile(`(?:around|about|sekitar|lebih kurang|dalam lingkungan|大概|大约)\s*` + amountRe + `|` + amountRe + `\s*左右`)
	moneyRe  = regexp.MustCompile(`(?:rm|s\$|rp)\s*(\d[\d,]*(?:\.\d+)?)\s*(k|rb|ribu)?\b`)
)

// ParsePriceRange reads a budget from a customer's message ("bawah RM100",
// "under 100", "100-200", "RM1k", "500以下") into minor units of currency, or nil.
func ParsePriceRange(msg, currency string) *PriceRange {
	s := strings.ToLower(msg)
	exp := CurrencyExponent(currency)
	amount := func(num, mult string) (int64, bool) {
		num = strings.ReplaceAll(num, ",", "")
		v, err := ParsePrice(num, exp)
		if err != nil {
			// More decimals than the currency has: drop them.
			if i := strings.IndexByte(num, '.'); i >= 0 {
				v, err = ParsePrice(num[:i], exp)
			}
			if err != nil {
				return 0, false
			}
		}
		switch mult {
		case "k", "rb", "ribu", "千":
			v *= 1000
		case "万":
			v *= 10000
		}
		return v, v > 0
	}
	label := func(v int64) string { return FormatMoney(v, currency) }
	if m := rangeRe.FindStringSubmatch(s); m != nil {
		lo, ok1 := amount(m[1], m[2])
		hi, ok2 := amount(m[3], m[4])
		if m[2] == "" && m[4] != "" { // "1-2k": the unit belongs to both
			lo, ok1 = amount(m[1], m[4])
		}
		if ok1 && ok2 && lo <= hi {
			return &PriceRange{Min: lo, Max: hi, Label: label(lo) + " – " + label(hi)}
		}
	}
	for _, re := range []*regexp.Regexp{maxRe, maxSufRe} {
		if m := re.FindStringSubmatch(s); m != nil {
			if v, ok := amount(m[1], m[2]); ok {
				return &PriceRange{Max: v, Label: "up to " + label(v)}
			}
		}
	}
	for _, re := range []*regexp.Regexp{minRe, minSufRe} {
		if m := re.FindStringSubmatch(s); m != nil {
			if v, ok := amount(m[1], m[2]); ok {
				return &PriceRange{Min: v, Label: "from " + label(v)}
			}
		}
	}
	if m := aroundRe.FindStringSubmatch(s); m != nil {
		num, mult := m[1], m[2]
		if num == "" {
			num, mult = m[3], m[4]
		}
		if v, ok := amount(num, mult); ok {
			return &PriceRange{Min: v * 3 / 4, Max: v * 5 / 4, Label: "around " + label(v)}
		}
	}
	if m := moneyRe.FindStringSubmatch(s); m != nil {
		if v, ok := amount(m[1], m[2]); ok {
			return &PriceRange{Min: v * 3 / 4, Max: v * 5 / 4, Label: "around " + label(v)}
		}
	}
	return nil
}
