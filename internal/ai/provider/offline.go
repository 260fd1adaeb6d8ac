package provider

import (
	"context"
	"math"
	"strings"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/knowledge"
)

// Offline answers without a model, from the company's own material only: the
// best-matching FAQ answer, else matching in-stock products with their
// catalog price text, else a polite clarifying question, always followed by
// the industry's closing line. It never repeats the customer's text, so
// nothing a customer writes can make it say something else, and it never
// states a price the catalog does not.
type Offline struct{}

// NewOffline returns the offline provider.
func NewOffline() *Offline { return &Offline{} }

// Name is ai.ProviderOffline.
func (*Offline) Name() string { return ai.ProviderOffline }

// offlinePhrases are the fixed sentences of offline answers, per language.
type offlinePhrases struct {
	products, choose, catalog, generic string
}

var phrases = map[string]offlinePhrases{
	"en": {
		products: "Here is what we have for you:",
		choose:   "Which one would you like? We are happy to help with your order.",
		catalog:  "Some of our popular items:",
		generic:  "Thank you for your message! Could you tell us a little more about what you are looking for, so we can help you better?",
	},
	"ms": {
		products: "Ini pilihan yang kami ada untuk anda:",
		choose:   "Yang mana satu anda berminat? Kami sedia membantu pesanan anda.",
		catalog:  "Antara produk popular kami:",
		generic:  "Terima kasih atas mesej anda! Boleh kongsikan sedikit lagi apa yang anda cari supaya kami dapat membantu dengan lebih baik?",
	},
	"zh": {
		products: "我们为您推荐以下产品：",
		choose:   "请问您对哪一款感兴趣？我们很乐意为您安排订单。",
		catalog:  "我们的热门产品：",
		generic:  "谢谢您的留言！请问您具体想了解哪方面呢？这样我们可以更好地为您服务。",
	},
	"ta": {
		products: "உங்களுக்காக எங்களிடம் உள்ளவை:",
		choose:   "இவற்றில் எது உங்களுக்கு வேண்டும்? உங்கள் ஆர்டருக்கு உதவ நாங்கள் தயார்.",
		catalog:  "எங்கள் பிரபலமான பொருட்கள் சில:",
		generic:  "உங்கள் செய்திக்கு நன்றி! நீங்கள் எதைத் தேடுகிறீர்கள் என்று இன்னும் கொஞ்சம் சொல்ல முடியுமா? அப்போது உங்களுக்குச் சிறப்பாக உதவ முடியும்.",
	},
}

// catalogWords are words asking about the range or prices in general; with
// no product named, the answer lists a few products.
var catalogWords = []string{"price", "prices", "product", "products", "catalog", "catalogue", "menu", "sell", "available",
	"harga", "produk", "katalog", "jual", "ada apa", "价格", "价钱", "多少钱", "产品", "有什么", "விலை", "பொருட்கள்"}

// offlineStop are frequent words that say nothing about the topic; zh entries are bigrams.
var offlineStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the is are was be to of in on at for and or but with by from as it its this that
		i you we they my your our do does did can could would will how what when where which who why any some me us
		please hi hello thanks thank there have has get
		yang dan di ke dari ini itu ada saya awak anda kami kita boleh tak tidak apa mana bila untuk dengan atau pun
		lah kah ya nak mau dah sudah juga bagi oleh pada tu ni je
		你们 我们 请问 可以 什么 怎么 有没 没有 一下 是不 不是 的吗 吗 呢 的 了 我 你`) {
		offlineStop[w] = true
	}
}

func topicGrams(s string) []string {
	var out []string
	for _, g := range knowledge.Grams(s) {
		if !offlineStop[g] {
			out = append(out, g)
		}
	}
	return out
}

// minFAQScore is the share of the question's (rarity-weighted) terms an FAQ
// must cover to be used as the answer.
const minFAQScore = 0.3

// Generate composes the answer. It never fails.
func (*Offline) Generate(_ context.Context, req ai.Request) (ai.Response, error) {
	language := req.Language
	ph, ok := phrases[language]
	if !ok {
		language = "en"
		ph = phrases["en"]
	}
	g := req.Grounding
	var parts []string
	if g.Greeting != "" && !hasAssistantTurn(req.Messages) {
		parts = append(parts, strings.TrimSpace(g.Greeting))
	}

	switch faq, ok := bestFAQ(g.LastCustomerText, g.FAQs, language); {
	case ok:
		parts = append(parts, strings.TrimSpace(faq.Answer))
	default:
		products := matchingProducts(g.LastCustomerText, g.Products)
		intro := ph.products
		if len(products) == 0 && asksAboutCatalog(g.LastCustomerText) {
			products = inStock(g.Products)
			intro = ph.catalog
		}
		if len(products) > 3 {
			products = products[:3]
		}
		if len(products) > 0 {
			lines := []string{intro}
			for _, p := range products {
				line := "• " + p.Name
				if strings.TrimSpace(p.Price) != "" {
					line += " — " + p.Price
				}
				lines = append(lines, line)
			}
			parts = append(parts, strings.Join(lines, "\n"), ph.choose)
		} else {
			parts = append(parts, ph.generic)
		}
	}
	if c := strings.TrimSpace(g.ClosingLine); c != "" {
		parts = append(parts, c)
	}
	return ai.Response{
		Text:       strings.Join(parts, "\n\n"),
		Provider:   ai.ProviderOffline,
		Model:      ai.ProviderOffline,
		StopReason: "end_turn",
	}, nil
}

func hasAssistantTurn(ms []ai.Message) bool {
	for _, m := range ms {
		if m.Role == "assistant" {
			return true
		}
	}
	return false
}

// bestFAQ scores each FAQ by how much of the customer's text its question
// (fully) and answer (half) cover, each shared term weighted by its rarity
// among the FAQs, preferring FAQs written in the reply language.
func bestFAQ(text string, faqs []ai.FAQ, language string) (ai.FAQ, bool) {
	q := topicGrams(text)
	if len(q) == 0 || len(faqs) == 0 {
		return ai.FAQ{}, false
	}
	type doc struct{ question, answer map[string]bool }
	docs := make([]doc, len(faqs))
	df := map[string]int{}
	for i, f := range faqs {
		docs[i] = doc{set(topicGrams(f.Question)), set(topicGrams(f.Answer))}
		for g := range union(docs[i].question, docs[i].answer) {
			df[g]++
		}
	}
	idf := func(g string) float64 { return math.Log(1 + float64(len(faqs)+1)/float64(df[g]+1)) }
	// Words no FAQ knows (names, places) count half: "do you deliver to Petra
	// Jaya?" is still the delivery question.
	var total float64
	for _, g := range q {
		if df[g] == 0 {
			total += idf(g) / 2
		} else {
			total += idf(g)
		}
	}
	best, bestScore := -1, 0.0
	for i, d := range docs {
		var s float64
		for _, g := range q {
			switch {
			case d.question[g]:
				s += idf(g)
			case d.answer[g]:
				s += idf(g) / 2
			}
		}
		s /= total
		if l := faqs[i].Language; l != "" && l != language {
			s *= 0.8
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 || bestScore < minFAQScore || strings.TrimSpace(faqs[best].Answer) == "" {
		return ai.FAQ{}, false
	}
	return faqs[best], true
}

// matchingProducts are the in-stock products whose name (or, weaker, description)
// shares terms with the text, best first.
func matchingProducts(text string, products []ai.Product) []ai.Product {
	q := topicGrams(text)
	if len(q) == 0 {
		return nil
	}
	type scored struct {
		p ai.Product
		s float64
	}
	var out []scored
	for _, p := range inStock(products) {
		name, desc := set(topicGrams(p.Name)), set(topicGrams(p.Description))
		var s float64
		for _, g := range q {
			switch {
			case name[g]:
				s += 1
			case desc[g]:
				s += 0.3
			}
		}
		if s >= 1 {
			out = append(out, scored{p, s})
		}
	}
	// Stable insertion sort keeps catalog order among equals: the answer is deterministic.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].s > out[j-1].s; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	res := make([]ai.Product, len(out))
	for i, o := range out {
		res[i] = o.p
	}
	return res
}

// inStock drops products whose stock text says none are left; the context
// builder already offers only in-stock products, this keeps the rule local.
func inStock(products []ai.Product) []ai.Product {
	var out []ai.Product
	for _, p := range products {
		switch strings.ToLower(strings.TrimSpace(p.Stock)) {
		case "0", "out of stock", "habis", "habis stok", "缺货", "售罄":
			continue
		}
		out = append(out, p)
	}
	return out
}

func asksAboutCatalog(text string) bool {
	t := strings.ToLower(text)
	for _, w := range catalogWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func union(a, b map[string]bool) map[string]bool {
	m := make(map[string]bool, len(a)+len(b))
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}
