package successcase

import (
	"regexp"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/catalog"
)

// Money is an amount in the currency's minor units (sen for MYR, rupiah for IDR): money is never a float.
type Money struct {
	Minor    int64
	Currency string // ISO 4217
}

// Vars fill a response's placeholders. Empty fields leave their placeholder
// unfilled, and an unfilled placeholder is removed.
type Vars struct {
	CustomerName string
	AgentName    string
	CompanyName  string
	ProductName  string
	Price        *Money
	Date         time.Time // zero: {date} is removed
	DateFormat   string    // the company's, e.g. "DD/MM/YYYY"
	TimeZone     string    // the company's IANA zone, e.g. "Asia/Kuala_Lumpur"
}

// Render builds the response a company sends for a candidate: the variant's
// response for the detected language, then the company's customisation
// (a full override for that language, replacement phrases, prefix, suffix),
// then the placeholders.
func Render(response, language string, c Customization, v Vars) string {
	if o := strings.TrimSpace(c.Overrides[language]); o != "" {
		response = o
	}
	for _, r := range c.Replacements {
		if r.From != "" {
			response = strings.ReplaceAll(response, r.From, r.To)
		}
	}
	if p := strings.TrimSpace(c.Prefix); p != "" {
		response = p + " " + response
	}
	if s := strings.TrimSpace(c.Suffix); s != "" {
		response = response + " " + s
	}
	return Personalize(response, v)
}

var (
	placeholder = regexp.MustCompile(`\{[a-z_]+\}`)
	spaceBefore = regexp.MustCompile(`[ \t]+([,.!?;:，。！？])`)
	emptyParens = regexp.MustCompile(`\(\s*\)`)
	repeatPunct = regexp.MustCompile(`([,，])\s*([,，.!?。！？])`)
	spaces      = regexp.MustCompile(`[ \t]{2,}`)
	leadPunct   = regexp.MustCompile(`(?m)^[ \t]*[,，][ \t]*`)
)

// Personalize fills {customer_name}, {agent_name}, {company_name},
// {product_name}, {price} and {date}; a placeholder it cannot fill (missing
// data or unknown name) is removed and the punctuation around it tidied, so a
// customer never sees "{customer_name}".
func Personalize(text string, v Vars) string {
	out := placeholder.ReplaceAllStringFunc(text, func(p string) string {
		switch p {
		case "{customer_name}":
			return strings.TrimSpace(v.CustomerName)
		case "{agent_name}":
			return strings.TrimSpace(v.AgentName)
		case "{company_name}":
			return strings.TrimSpace(v.CompanyName)
		case "{product_name}":
			return strings.TrimSpace(v.ProductName)
		case "{price}":
			if v.Price != nil {
				return FormatMoney(*v.Price)
			}
		case "{date}":
			if !v.Date.IsZero() {
				return FormatDate(v.Date, v.DateFormat, v.TimeZone)
			}
		}
		return ""
	})
	out = emptyParens.ReplaceAllString(out, "")
	out = spaceBefore.ReplaceAllString(out, "$1")
	out = repeatPunct.ReplaceAllString(out, "$2")
	out = leadPunct.ReplaceAllString(out, "")
	out = spaces.ReplaceAllString(out, " ")
	return strings.TrimSpace(out)
}

// FormatMoney formats an amount in the currency's own units and style, as the
// catalog shows prices: "RM 1,299.00", "Rp 150.000".
func FormatMoney(m Money) string {
	return catalog.FormatMoney(m.Minor, m.Currency)
}

// FormatDate formats t in the company's zone and date format ("DD/MM/YYYY",
// "MM/DD/YYYY", "YYYY-MM-DD", ...); an unknown zone falls back to Kuala Lumpur.
func FormatDate(t time.Time, format, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc = time.FixedZone("MYT", 8*3600)
	}
	if format == "" {
		format = "DD/MM/YYYY"
	}
	layout := strings.NewReplacer("YYYY", "2006", "YY", "06", "MM", "01", "DD", "02").Replace(format)
	return t.In(loc).Format(layout)
}
