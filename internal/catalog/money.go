package catalog

import (
	"strconv"
	"strings"
)

// currencySymbols are the symbols customers in the region expect; other currencies show their code.
var currencySymbols = map[string]string{"MYR": "RM", "SGD": "S$", "USD": "US$", "IDR": "Rp", "THB": "฿", "PHP": "₱",
	"BND": "B$", "EUR": "€", "GBP": "£", "VND": "₫", "INR": "₹", "AUD": "A$", "CNY": "¥", "JPY": "¥"}

// dotGrouped currencies write thousands with dots (and decimals with a comma): "Rp 150.000".
var dotGrouped = map[string]bool{"IDR": true, "VND": true, "EUR": true}

// FormatMoney writes minor units for people in the currency's own style:
// RM 1,299.00, S$ 12.50, Rp 150.000. Exact: no floats on the way.
func FormatMoney(minor int64, currency string) string {
	currency = strings.ToUpper(currency)
	sym, ok := currencySymbols[currency]
	if !ok {
		sym = currency
	}
	neg := minor < 0
	if neg {
		minor = -minor
	}
	exp := CurrencyExponent(currency)
	p := int64(1)
	for range exp {
		p *= 10
	}
	group, dec := ",", "."
	if dotGrouped[currency] {
		group, dec = ".", ","
	}
	s := groupDigits(strconv.FormatInt(minor/p, 10), group)
	if exp > 0 {
		frac := strconv.FormatInt(minor%p, 10)
		s += dec + strings.Repeat("0", exp-len(frac)) + frac
	}
	if neg {
		s = "-" + s
	}
	return sym + " " + s
}

func groupDigits(d, sep string) string {
	var b strings.Builder
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
