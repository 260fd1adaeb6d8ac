// Package company manages companies: the platform's view (create, limits,
// suspend, delete) and each company's own profile and localisation.
package company

// Country is a country a company can operate from, with the defaults it implies.
type Country struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
	Currency string `json:"currency"`
}

// Countries are the countries offered at onboarding; "OTHER" leaves time zone and currency to the admin.
var Countries = []Country{
	{"MY", "Malaysia", "Asia/Kuala_Lumpur", "MYR"},
	{"SG", "Singapore", "Asia/Singapore", "SGD"},
	{"ID", "Indonesia", "Asia/Jakarta", "IDR"},
	{"TH", "Thailand", "Asia/Bangkok", "THB"},
	{"PH", "Philippines", "Asia/Manila", "PHP"},
	{"BN", "Brunei", "Asia/Brunei", "BND"},
	{"VN", "Vietnam", "Asia/Ho_Chi_Minh", "VND"},
	{"OTHER", "Other", "UTC", "USD"},
}

// Language is a language customers write in.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Languages are the supported languages, as ISO 639-1 codes.
var Languages = []Language{{"en", "English"}, {"ms", "Bahasa Malaysia"}, {"zh", "中文"}, {"ta", "தமிழ்"}}

// Currency is an ISO 4217 currency offered in settings.
type Currency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Currencies offered in settings.
var Currencies = []Currency{
	{"MYR", "Malaysian ringgit"}, {"SGD", "Singapore dollar"}, {"IDR", "Indonesian rupiah"}, {"THB", "Thai baht"},
	{"PHP", "Philippine peso"}, {"BND", "Brunei dollar"}, {"VND", "Vietnamese dong"}, {"USD", "US dollar"},
	{"EUR", "Euro"}, {"GBP", "Pound sterling"}, {"AUD", "Australian dollar"}, {"CNY", "Chinese yuan"},
	{"INR", "Indian rupee"}, {"HKD", "Hong Kong dollar"}, {"JPY", "Japanese yen"},
}

// DateFormats offered in settings.
var DateFormats = []string{"DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "DD-MM-YYYY", "DD.MM.YYYY"}

// Timezones offered in settings: the region's zones first, then the common ones elsewhere.
var Timezones = []string{
	"Asia/Kuala_Lumpur", "Asia/Kuching", "Asia/Singapore", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura",
	"Asia/Bangkok", "Asia/Manila", "Asia/Brunei", "Asia/Ho_Chi_Minh", "Asia/Hong_Kong", "Asia/Shanghai",
	"Asia/Taipei", "Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata", "Asia/Dubai", "Australia/Perth",
	"Australia/Sydney", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC",
}

// Weekdays in business-hours order.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// CountryByCode returns the country with code, if offered.
func CountryByCode(code string) (Country, bool) {
	for _, c := range Countries {
		if c.Code == code {
			return c, true
		}
	}
	return Country{}, false
}

// NormalizeLanguage maps "bm" (the brief's code for Bahasa Malaysia) to "ms".
func NormalizeLanguage(code string) string {
	if code == "bm" {
		return "ms"
	}
	return code
}

func knownLanguage(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

func knownCurrency(code string) bool {
	for _, c := range Currencies {
		if c.Code == code {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
