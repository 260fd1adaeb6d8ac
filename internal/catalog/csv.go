package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Columns is the CSV header the import reads and the export writes; only name, sku and price are required.
var Columns = []string{"name", "sku", "price", "description", "category", "tags", "stock_status", "quantity",
	"low_stock_threshold", "links", "active", "custom_fields"}

// MaxImportRows is the most rows one import takes.
const MaxImportRows = 50_000

// RowError is one problem of an imported file, by row (1 = the header) and column.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// CurrencyExponent is the number of minor-unit digits prices in a currency are written with.
func CurrencyExponent(currency string) int {
	switch strings.ToUpper(currency) {
	case "IDR", "JPY", "KRW", "VND":
		return 0
	case "BHD", "KWD", "OMR":
		return 3
	}
	return 2
}

// ParsePrice reads a price written for people ("1,299.00", "12.5", "RM 12") into minor units, exactly.
func ParsePrice(s string, exponent int) (int64, error) {
	return parsePrice(s, exponent, "1299.00", "")
}

// localDollar is the bare "$" people write for their own dollar.
var localDollar = map[string]string{"USD": "$", "SGD": "$", "BND": "$", "AUD": "$"}

// thousandsDots is a whole number grouped with dots: "150.000", "1.500.000".
var thousandsDots = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

// ParseMoney reads a price written in the currency's own style, as FormatMoney writes it in the
// export and people type it: "RM 1,299.00", "1299", "S$ 12.50", "Rp 150.000", "€ 1.299,50".
// Where the currency groups thousands with dots, a comma is the decimal mark and dots between
// groups of three digits are separators; "12.50" still reads as a decimal when the currency has
// decimals, and is refused when it has none (Rp 12.50 is not a price).
func ParseMoney(s, currency string) (int64, error) {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	s = strings.TrimSpace(s)
	typed := s
	for _, p := range []string{currencySymbols[currency], currency, localDollar[currency]} {
		if p != "" {
			s = strings.TrimSpace(strings.TrimPrefix(s, p))
		}
	}
	example := FormatMoney(129900, currency)
	if CurrencyExponent(currency) == 0 {
		example = FormatMoney(150000, currency)
	}
	// Another currency's symbol or code is refused, not dropped: S$ 12 is not RM 12.
	if s != "" && !strings.ContainsRune("0123456789.+-", rune(s[0])) {
		return 0, fmt.Errorf("%q is not a price in %s (write it like %s).", truncate(typed, 30), currency, example)
	}
	if dotGrouped[currency] {
		if i := strings.LastIndexByte(s, ','); i >= 0 {
			s = strings.ReplaceAll(s[:i], ".", "") + "." + s[i+1:]
		} else if thousandsDots.MatchString(s) {
			s = strings.ReplaceAll(s, ".", "")
		}
	}
	return parsePrice(s, CurrencyExponent(currency), example, typed)
}

var plainDecimal = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)

// parsePrice reads a plain decimal; errors quote typed, what the person wrote, when given.
func parsePrice(s string, exponent int, example, typed string) (int64, error) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"RM", "S$", "Rp", "$"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	s = strings.ReplaceAll(s, ",", "")
	if typed == "" {
		typed = s
	}
	if s == "" {
		return 0, errors.New("Enter a price.")
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !plainDecimal.MatchString(s) { // big.Rat alone would also read 1e3, 1/2 and 0x10
		return 0, fmt.Errorf("%q is not a price (write it like %s).", truncate(typed, 30), example)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exponent)), nil)))
	if !r.IsInt() {
		return 0, fmt.Errorf("%q has more than %d decimal places.", truncate(typed, 30), exponent)
	}
	if r.Sign() < 0 {
		return 0, errors.New("The price cannot be negative.")
	}
	if !r.Num().IsInt64() || r.Num().Int64() > MaxPriceMinor {
		return 0, errors.New("The price is too large.")
	}
	return r.Num().Int64(), nil
}

// FormatPrice writes minor units as a plain decimal ("1299.00").
func FormatPrice(minor int64, exponent int) string {
	if exponent == 0 {
		return strconv.FormatInt(minor, 10)
	}
	p := int64(1)
	for i := 0; i < exponent; i++ {
		p *= 10
	}
	return fmt.Sprintf("%d.%0*d", minor/p, exponent, minor%p)
}

// CSVReader reads products from a CSV file one row at a time (constant memory).
type CSVReader struct {
	r        *csv.Reader
	index    map[string]int
	currency string
	row      int
}

// NewCSVReader reads the header and checks the required columns.
func NewCSVReader(r io.Reader, currency string) (*CSVReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	var pe *csv.ParseError
	if err != nil && !errors.Is(err, io.EOF) && !errors.As(err, &pe) {
		return nil, err // the reader failed (or the file is over the size limit): no verdict on the file
	} else if err != nil {
		return nil, RowError{Row: 1, Message: "The file is empty or not a CSV file."}.err()
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := index[h]; dup && h != "" {
			return nil, RowError{Row: 1, Column: h, Message: "This column appears twice."}.err()
		}
		index[h] = i
	}
	for _, c := range []string{"name", "sku", "price"} {
		if _, ok := index[c]; !ok {
			return nil, RowError{Row: 1, Column: c, Message: "The header must have a " + c + " column."}.err()
		}
	}
	return &CSVReader{r: cr, index: index, currency: currency, row: 1}, nil
}

// ErrBadFile wraps a problem with the file as a whole.
type ErrBadFile struct{ RowError }

func (e *ErrBadFile) Error() string { return e.Message }

func (e RowError) err() error { return &ErrBadFile{e} }

// Next returns the next row's number, its input and its problems; io.EOF after the last row.
// A malformed CSV line is an *ErrBadFile (the rest of the file cannot be trusted).
func (c *CSVReader) Next() (int, Input, []RowError, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return 0, Input{}, nil, io.EOF
	}
	c.row++
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return c.row, Input{}, nil, RowError{Row: pe.Line, Message: "The file is not valid CSV here: " + pe.Err.Error()}.err()
		}
		return c.row, Input{}, nil, err
	}
	if c.row-1 > MaxImportRows {
		return c.row, Input{}, nil, RowError{Row: c.row, Message: fmt.Sprintf("A file can hold at most %d products.", MaxImportRows)}.err()
	}
	get := func(col string) string {
		if i, ok := c.index[col]; ok && i < len(rec) {
			return strings.TrimSpace(strings.ToValidUTF8(rec[i], ""))
		}
		return ""
	}
	var errs []RowError
	add := func(col, msg string) { errs = append(errs, RowError{Row: c.row, Column: col, Message: msg}) }
	in := Input{Name: get("name"), SKU: get("sku"), Description: get("description"), Category: get("category"),
		StockStatus: get("stock_status"), Active: true}
	if p, err := ParseMoney(get("price"), c.currency); err != nil {
		add("price", err.Error())
	} else {
		in.PriceMinor = p
	}
	for _, col := range []string{"quantity", "low_stock_threshold"} {
		if v := get(col); v != "" {
			n, err := strconv.ParseInt(v, 10, 32)
			if err != nil {
				add(col, fmt.Sprintf("%q is not a whole number.", truncate(v, 30)))
				continue
			}
			n32 := int32(n)
			if col == "quantity" {
				in.Quantity = &n32
			} else {
				in.LowStockThreshold = &n32
			}
		}
	}
	in.Tags = splitList(get("tags"), "|,")
	in.Links = splitList(get("links"), "| ")
	switch strings.ToLower(get("active")) {
	case "", "yes", "y", "true", "1":
	case "no", "n", "false", "0":
		in.Active = false
	default:
		add("active", "Write yes or no.")
	}
	if v := get("custom_fields"); v != "" {
		in.CustomFields = map[string]string{}
		for _, pair := range strings.Split(v, "|") {
			k, val, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(k) == "" {
				add("custom_fields", "Write custom fields as name=value|name=value.")
				break
			}
			in.CustomFields[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
	}
	priceBad := len(errs) > 0 && errs[0].Column == "price"
	for _, fe := range in.Validate() {
		if fe.Field == "price" && priceBad {
			continue
		}
		add(fe.Field, fe.Message)
	}
	return c.row, in, errs, nil
}

func splitList(s, seps string) []string {
	out := []string{}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" && utf8.ValidString(p) {
			out = append(out, p)
		}
	}
	return out
}

// Record is a product as one CSV line of the export, in Columns order; the price is written in
// the currency's own style (RM 1,299.00, Rp 150.000), which the import reads back exactly.
func Record(p *Product) []string {
	q := func(n *int32) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(int(*n))
	}
	active := "yes"
	if !p.Active {
		active = "no"
	}
	var fields []string
	for k, v := range p.CustomFieldMap {
		fields = append(fields, k+"="+v)
	}
	sort.Strings(fields)
	return []string{csvSafe(p.Name), csvSafe(p.Sku), FormatMoney(p.PriceMinor, p.Currency), csvSafe(p.Description),
		csvSafe(p.Category), csvSafe(strings.Join(p.Tags, "|")), p.StockStatus, q(p.Quantity), q(p.LowStockThreshold),
		strings.Join(p.Links, "|"), active, csvSafe(strings.Join(fields, "|"))}
}

// csvSafe stops a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
