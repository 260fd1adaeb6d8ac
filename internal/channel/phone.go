package channel

import "strings"

// countryCodes are the calling codes of the countries companies sell in.
var countryCodes = map[string]string{"MY": "60", "SG": "65", "ID": "62", "TH": "66", "PH": "63", "BN": "673", "VN": "84"}

// NormalizePhone turns a phone number as people write it into the digits
// WhatsApp expects: "+60 12-345 6789" and, for a Malaysian company,
// "012-345 6789" both become "60123456789".
func NormalizePhone(raw, country string) string {
	var b strings.Builder
	for _, r := range raw {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(strings.TrimSpace(raw), "+"):
		return d
	case strings.HasPrefix(d, "00"):
		return d[2:]
	case strings.HasPrefix(d, "0"):
		if cc, ok := countryCodes[strings.ToUpper(country)]; ok {
			return cc + d[1:]
		}
	}
	return d
}
