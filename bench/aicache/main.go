// Command aicache measures what prompt caching saves: one conversation of N
// customer turns, each answered through the Anthropic provider against the
// in-process fake Messages API (which bills tokens as the API does), once with
// cache_control on the company's stable prefix and once without. It prints
// the table and, with -write, replaces its section of docs/benchmarks.md.
//
//	go run ./bench/aicache -turns 20 -write
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/provider"
	"github.com/sembang/sembang/internal/ai/provider/fake"
)

const heading = "## AI prompt caching (`bench/aicache`)"

func main() {
	turns := flag.Int("turns", 20, "customer turns in the conversation")
	products := flag.Int("products", 60, "catalog entries in the company prefix")
	faqs := flag.Int("faqs", 30, "FAQs in the company prefix")
	write := flag.Bool("write", false, "replace the section in docs/benchmarks.md")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root, *turns, *products, *faqs, *write); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// totals adds up one conversation's bill.
type totals struct {
	calls                                 int
	input, cacheRead, cacheWrite, output  int64
	prefixTokens, firstPrompt, lastPrompt int64
}

// billed is the input cost in units of one uncached input token: cache reads
// cost 0.1×, cache writes (5-minute TTL) 1.25×.
func (t totals) billed() float64 {
	return float64(t.input) + 0.1*float64(t.cacheRead) + 1.25*float64(t.cacheWrite)
}

func (t totals) prompt() int64 { return t.input + t.cacheRead + t.cacheWrite }

func run(root string, turns, nProducts, nFAQs int, write bool) error {
	prefix := companyPrefix(nProducts, nFAQs)
	with, err := conversation(prefix, turns, true)
	if err != nil {
		return err
	}
	without, err := conversation(prefix, turns, false)
	if err != nil {
		return err
	}
	section := render(turns, nProducts, nFAQs, with, without)
	fmt.Print(section)
	if !write {
		return nil
	}
	return replaceSection(filepath.Join(root, "docs/benchmarks.md"), section)
}

// conversation plays turns customer messages, each answered with the whole
// history, as the reply engine does, and adds up the usage the API reports.
func conversation(prefix []ai.Block, turns int, cache bool) (totals, error) {
	f := fake.NewAnthropic()
	defer f.Close()
	f.Text = func(map[string]any) string {
		return "Terima kasih! Kek Lapis Sarawak 1kg ada stok, harga RM 85.00. Nak kami sediakan untuk penghantaran esok?"
	}
	p := provider.NewAnthropic(provider.AnthropicConfig{APIKey: "bench", BaseURL: f.URL(), Timeout: 10 * time.Second})
	system := make([]ai.Block, len(prefix))
	copy(system, prefix)
	for i := range system {
		system[i].Cache = cache && i == len(system)-1
	}
	var t totals
	var history []ai.Message
	for turn := 0; turn < turns; turn++ {
		text := customerTurns[turn%len(customerTurns)]
		history = append(history, ai.Message{Role: "user", Text: "<customer_message>\n" + text + "\n</customer_message>"})
		req := ai.Request{
			System:    append(append([]ai.Block(nil), system...), ai.Block{Text: fmt.Sprintf("Customer behaviour score: %d. Reply in Malay, friendly. Last activity %d minutes ago.", 60+turn, turn*3)}),
			Messages:  history,
			MaxTokens: 400,
			Language:  "ms",
		}
		resp, err := p.Generate(context.Background(), req)
		if err != nil {
			return t, err
		}
		u := resp.Usage
		t.calls++
		t.input += u.InputTokens
		t.cacheRead += u.CacheReadTokens
		t.cacheWrite += u.CacheWriteTokens
		t.output += u.OutputTokens
		if turn == 0 {
			t.firstPrompt = u.InputTokens + u.CacheReadTokens + u.CacheWriteTokens
			t.prefixTokens = u.CacheWriteTokens
		}
		t.lastPrompt = u.InputTokens + u.CacheReadTokens + u.CacheWriteTokens
		history = append(history, ai.Message{Role: "assistant", Text: resp.Text})
	}
	return t, nil
}

func render(turns, nProducts, nFAQs int, with, without totals) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", heading)
	fmt.Fprintf(&b, "`go run ./bench/aicache -turns %d -write` plays one %d-turn conversation (a Malay-speaking customer of a\n", turns, turns)
	b.WriteString("bakery; each suggestion sends the whole history, as the reply engine does) through `provider.Anthropic` against the\n")
	b.WriteString("in-process fake Messages API of `internal/ai/provider/fake`, once with `cache_control` on the end of the company's\n")
	fmt.Fprintf(&b, "stable prefix (profile, category prompt, %d catalog entries, %d FAQs, learned patterns) and once without. The fake\n", nProducts, nFAQs)
	b.WriteString("bills as the API does: the prompt up to the breakpoint is a cache write (1.25× an input token) the first time and\n")
	b.WriteString("a cache read (0.1×) afterwards; everything after it is ordinary input. Token counts are the fake's approximation\n")
	b.WriteString("(about four characters per token for Latin text), so the absolute numbers are indicative and the ratio is the\n")
	fmt.Fprintf(&b, "result. Measured %s, %s %s/%s.\n\n", time.Now().UTC().Format("2006-01-02"), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	b.WriteString("| | calls | prompt tokens | uncached input | cache writes | cache reads | billed input (input-token units) |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	row := func(name string, t totals) {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %.0f |\n", name, t.calls, t.prompt(), t.input, t.cacheWrite, t.cacheRead, t.billed())
	}
	row("without `cache_control`", without)
	row("with `cache_control` on the company prefix", with)
	ratio := with.billed() / without.billed()
	fmt.Fprintf(&b, "\nBilled input with caching / without: **%.2f** (%.0f%% less). The cached prefix is %d tokens; the first\n", ratio, 100*(1-ratio), with.prefixTokens)
	fmt.Fprintf(&b, "prompt is %d tokens and the last %d, so the share the cache saves shrinks as the history grows. Other\n", with.firstPrompt, with.lastPrompt)
	b.WriteString("conversations of the same company within the cache lifetime (5 minutes, refreshed on every read) read the same\n")
	b.WriteString("prefix and skip even the first write. Prefixes shorter than the model's minimum cacheable length (1,024 to\n")
	b.WriteString("4,096 tokens depending on the model) are not cached and are billed as ordinary input either way.\n")
	return b.String()
}

// replaceSection swaps this benchmark's section in the file, or appends it,
// leaving the other sections as they are.
func replaceSection(path, section string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(data)
	start := strings.Index(doc, heading)
	if start < 0 {
		doc = strings.TrimRight(doc, "\n") + "\n\n" + section
	} else {
		end := len(doc)
		if i := strings.Index(doc[start+len(heading):], "\n## "); i >= 0 {
			end = start + len(heading) + i + 1
		}
		rest := doc[end:]
		if rest != "" {
			section += "\n"
		}
		doc = doc[:start] + section + rest
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

var customerTurns = []string{
	"Salam, ada kek lapis tak?",
	"Berapa harga yang 1kg?",
	"Ada perisa lain selain original?",
	"Boleh hantar ke Petra Jaya esok?",
	"Caj penghantaran berapa?",
	"Kalau ambil sendiri kedai buka pukul berapa?",
	"Boleh tulis nama atas kotak? Untuk hadiah",
	"Ok nak 2 biji kek lapis original",
	"Tambah satu kotak brownies juga",
	"Jumlah semua berapa ya?",
	"Boleh bayar guna DuitNow?",
	"Nombor akaun apa?",
	"Dah transfer, nanti saya hantar resit",
	"Ni resit dia",
	"Pukul berapa sampai esok?",
	"Boleh sebelum 12 tengah hari?",
	"Kek ni tahan berapa lama?",
	"Kena simpan dalam peti sejuk tak?",
	"Ok terima kasih banyak!",
	"Nanti raya saya order lagi",
}

// companyPrefix is a bakery's stable context, the size the context builder
// produces for a small catalog.
func companyPrefix(nProducts, nFAQs int) []ai.Block {
	profile := "You are the sales assistant of Kedai Kek Mak Su, a family bakery in Kuching, Sarawak, selling on WhatsApp since 2014. " +
		"Brand voice: warm, short sentences, Malay first, Manglish welcome; use 'kak' or 'abang' only when the customer does. " +
		"Never promise a price, discount or stock level that the catalog below does not state. Payment: DuitNow QR, bank transfer, cash on pick-up."
	category := "Category guidance (food & beverage, Malaysia): confirm quantity, flavour, pick-up or delivery, date and time; mention halal status when asked; " +
		"for festive seasons (Hari Raya, Chinese New Year, Deepavali, Christmas) remind customers to order early. Close every reply with a question that moves the order forward."
	var catalog strings.Builder
	catalog.WriteString("Catalog (prices in MYR, in-stock items only):\n")
	flavours := []string{"Original", "Cheese", "Pandan", "Chocolate", "Horlicks", "Milo", "Red Velvet", "Prune", "Kurma", "Oreo"}
	kinds := []string{"Kek Lapis Sarawak", "Brownies box", "Chiffon Cake", "Cheese Tart box", "Cookies jar", "Swiss Roll"}
	for i := 0; i < nProducts; i++ {
		fmt.Fprintf(&catalog, "- %s %s (%s): RM %d.00, stock %d. %s\n", kinds[i%len(kinds)], flavours[i%len(flavours)],
			[]string{"1kg", "500g", "box of 9", "jar 400g"}[i%4], 20+(i*7)%70, 3+i%17,
			"Baked fresh daily, keeps 2 weeks at room temperature, 1 month refrigerated.")
	}
	var faqText strings.Builder
	faqText.WriteString("FAQs:\n")
	topics := []string{"delivery areas and charges", "opening hours", "custom names on boxes", "halal certification", "payment methods",
		"festive pre-orders", "storage and shelf life", "corporate orders", "pick-up location", "refunds for damaged items"}
	for i := 0; i < nFAQs; i++ {
		fmt.Fprintf(&faqText, "Q%d: A question about %s? A: Our standard answer about %s: we handle it the same day, message us your order number and we will confirm within the hour.\n",
			i+1, topics[i%len(topics)], topics[i%len(topics)])
	}
	patterns := "Patterns from won conversations: answer the price with the exact catalog line; offer delivery slot choices (10am-12pm, 2pm-5pm); " +
		"after payment confirm the order summary in one message; thank the customer and invite a review after delivery."
	return []ai.Block{{Text: profile}, {Text: category}, {Text: catalog.String()}, {Text: faqText.String()}, {Text: patterns}}
}
