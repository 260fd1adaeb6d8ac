package reply

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/sembang/sembang/internal/lang"
)

// Safety flags: why a reply was not sent as the model wrote it.
const (
	FlagPrice        = "price"         // a price the catalog does not state
	FlagDiscount     = "discount"      // a discount no package or FAQ offers
	FlagStock        = "stock"         // a stock level the catalog does not state
	FlagOtherCompany = "other_company" // names another company of the platform
	FlagPromptLeak   = "prompt_leak"   // reproduces the system prompt
	FlagInjection    = "injection"     // goes along with an attempt to change its instructions
)

// Facts is what a reply may state: the amounts, percentages and quantities
// the company's own material contains, and what it must not reveal.
type Facts struct {
	Amounts    map[int64]bool // minor units
	Percents   map[int64]bool // basis points
	Quantities map[int64]bool
	// OtherCompanies are the names of the platform's other companies.
	OtherCompanies []string
	OwnName        string
	// Instructions is the instruction part of the system prompt.
	Instructions string
}

// Allow adds every amount, percentage and quantity written in text (catalog
// lines, FAQ answers, training passages) to what a reply may state.
func (f *Facts) Allow(text string) {
	if f.Amounts == nil {
		f.Amounts, f.Percents, f.Quantities = map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
	}
	for _, a := range amounts(text) {
		f.Amounts[a] = true
	}
	for _, m := range percentRE.FindAllStringSubmatch(text, -1) {
		if bp, ok := basisPoints(m[1]); ok {
			f.Percents[bp] = true
		}
	}
	for _, m := range numberRE.FindAllString(text, -1) {
		if n, err := strconv.ParseInt(strings.ReplaceAll(m, ",", ""), 10, 64); err == nil {
			f.Quantities[n] = true
		}
	}
}

// Verdict is the outcome of a safety check.
type Verdict struct {
	Safe  bool
	Flags []string
}

var (
	// A currency before the figure ("RM 1,299.00", "$5") or a unit after it ("50 ringgit").
	moneyPrefixRE = regexp.MustCompile(`(?i)(?:\bRM|\bMYR|\bSGD|\bS\$|\bUSD|\bUS\$|\$|\bRp\.?|\bIDR|\bTHB|฿|\bPHP|₱|€|£|¥|₹|\bINR|\bEUR|\bGBP)\s?(\d{1,3}(?:[,.]\d{3})+|\d+)(?:[.,](\d{1,2}))?`)
	moneySuffixRE = regexp.MustCompile(`(?i)\b(\d{1,3}(?:[,.]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s?(?:ringgit|dollars?|sen|元|块)`)
	percentRE     = regexp.MustCompile(`(?i)(\d{1,3}(?:\.\d{1,2})?)\s?(?:%|percent\b|per cent\b|peratus\b|％)`)
	// Words that make a percentage a discount rather than, say, "100% halal".
	discountRE = regexp.MustCompile(`(?i)(\boff\b|discount|diskaun|potongan|rebate|\bsave\b|jimat|\bless\b|折|优惠|தள்ளுபடி|\bdeal\b|promo)`)
	stockRE    = regexp.MustCompile(`(?i)\b(\d{1,6})\s?(?:units?|pcs|pieces|items?|biji|helai|unit|sets?)?\s+(?:left|in stock|available|remaining|lagi|tinggal|dalam stok|ada stok)\b`)
	numberRE   = regexp.MustCompile(`\b\d{1,3}(?:,\d{3})+\b|\b\d+\b`)
	// A reply that goes along with an injection, or talks about its own instructions.
	complianceRE = regexp.MustCompile(`(?i)(ignor(e|ing)\s+(all\s+)?(the\s+|my\s+|your\s+)?(previous|prior|above|earlier)\s+(instructions|rules|prompts?)|developer mode|jailbreak|(?-i:\bDAN\b)|system prompt|my (instructions|rules|prompt) (are|say|is)|here (are|is) my (instructions|prompt|rules)|i (have been|was) (instructed|told) to|customer_message|## company instructions|abaikan arahan|忽略.*指令|as an ai (language )?model)`)
)

// Check looks at a reply before it is offered or sent.
func Check(reply string, f Facts) Verdict {
	var flags []string
	add := func(flag string) {
		for _, x := range flags {
			if x == flag {
				return
			}
		}
		flags = append(flags, flag)
	}
	for _, a := range amounts(reply) {
		if !f.Amounts[a] {
			add(FlagPrice)
		}
	}
	for _, sentence := range sentences(reply) {
		if !discountRE.MatchString(sentence) {
			continue
		}
		for _, m := range percentRE.FindAllStringSubmatch(sentence, -1) {
			if bp, ok := basisPoints(m[1]); ok && !f.Percents[bp] {
				add(FlagDiscount)
			}
		}
	}
	for _, m := range stockRE.FindAllStringSubmatch(reply, -1) {
		if n, err := strconv.ParseInt(m[1], 10, 64); err == nil && !f.Quantities[n] {
			add(FlagStock)
		}
	}
	lower := strings.ToLower(reply)
	own := strings.ToLower(f.OwnName)
	for _, name := range f.OtherCompanies {
		n := strings.ToLower(strings.TrimSpace(name))
		if len([]rune(n)) < 4 || strings.Contains(own, n) {
			continue
		}
		if containsWord(lower, n) {
			add(FlagOtherCompany)
			break
		}
	}
	if complianceRE.MatchString(reply) {
		add(FlagInjection)
	}
	if leaks(reply, f.Instructions) {
		add(FlagPromptLeak)
	}
	sort.Strings(flags)
	return Verdict{Safe: len(flags) == 0, Flags: flags}
}

// Fallback is the reply offered instead of an unsafe one: it commits to nothing.
func Fallback(language string) string {
	switch language {
	case lang.Malay:
		return "Terima kasih atas mesej anda! Saya akan semak dengan pasukan kami dan maklumkan kepada anda sebentar lagi."
	case lang.Chinese:
		return "谢谢您的留言！我会和我们的团队确认，稍后回复您。"
	case lang.Tamil:
		return "உங்கள் செய்திக்கு நன்றி! எங்கள் குழுவுடன் சரிபார்த்து விரைவில் உங்களுக்குத் தெரிவிக்கிறேன்."
	}
	return "Thank you for your message! Let me check with our team and get back to you shortly."
}

func amounts(text string) []int64 {
	var out []int64
	for _, re := range []*regexp.Regexp{moneyPrefixRE, moneySuffixRE} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			// Thousands grouped by commas (RM 1,299.00) or dots (Rp 150.000).
			whole, err := strconv.ParseInt(strings.NewReplacer(",", "", ".", "").Replace(m[1]), 10, 64)
			if err != nil {
				continue
			}
			frac := int64(0)
			if len(m) > 2 && m[2] != "" {
				d := m[2]
				if len(d) == 1 {
					d += "0"
				}
				frac, _ = strconv.ParseInt(d, 10, 64)
			}
			out = append(out, whole*100+frac)
		}
	}
	return out
}

func basisPoints(s string) (int64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return int64(f*100 + 0.5), true
}

func sentences(s string) []string {
	return regexp.MustCompile(`[.!?。！？\n]+`).Split(s, -1)
}

func containsWord(haystack, needle string) bool {
	for i := 0; ; {
		j := strings.Index(haystack[i:], needle)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(needle)
		if (start == 0 || !isWordByte(haystack[start-1])) && (end == len(haystack) || !isWordByte(haystack[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 0x80
}

// leakGram is how many consecutive words a reply may share with the instructions.
const leakGram = 8

// leaks reports whether reply reproduces any run of leakGram words of the instructions.
func leaks(reply, instructions string) bool {
	iw := lang.Words(instructions)
	rw := lang.Words(reply)
	if len(iw) < leakGram || len(rw) < leakGram {
		return false
	}
	grams := make(map[string]bool, len(iw))
	for i := 0; i+leakGram <= len(iw); i++ {
		grams[strings.Join(iw[i:i+leakGram], " ")] = true
	}
	for i := 0; i+leakGram <= len(rw); i++ {
		if grams[strings.Join(rw[i:i+leakGram], " ")] {
			return true
		}
	}
	return false
}
