// Command suggest measures how long the reply engine takes to suggest a reply:
// the template path (a company success-case template matches the customer's
// message) and, for comparison, the model path with the offline provider
// (context assembly, retrieval, safety check; no network). Each suggestion is
// a full reply.Engine.Suggest call against a fresh migrated database under
// row-level security, stored like a real one. It prints the table and, with
// -write, replaces its section of docs/benchmarks.md, keeping the others.
//
//	go run ./bench/suggest -rounds 200 -write
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/ai/provider"
	"github.com/sembang/sembang/internal/ai/reply"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/knowledge"
	"github.com/sembang/sembang/internal/storage"
	"github.com/sembang/sembang/internal/successcase"
)

const heading = "## Reply suggestions (`bench/suggest`)"

func main() {
	rounds := flag.Int("rounds", 200, "suggestions per scenario")
	products := flag.Int("products", 200, "catalog entries of the company")
	write := flag.Bool("write", false, "replace the section in docs/benchmarks.md")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	var section string
	var runErr error
	done := false
	// testing.Benchmark provides the testing.TB the database fixtures need; the
	// measurement runs once, with its own timer per suggestion.
	testing.Benchmark(func(b *testing.B) {
		if done {
			return
		}
		done = true
		section, runErr = run(b, *rounds, *products)
	})
	if runErr == nil && section == "" {
		runErr = errors.New("the benchmark did not run")
	}
	if runErr != nil {
		fmt.Fprintln(os.Stderr, runErr)
		os.Exit(1)
	}
	fmt.Print(section)
	if *write {
		if err := replaceSection(filepath.Join(*root, "docs/benchmarks.md"), section); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

type scenario struct {
	name    string
	message string
	source  string
}

type result struct {
	scenario
	wall   []time.Duration
	stored []time.Duration
}

func run(tb testing.TB, rounds, nProducts int) (string, error) {
	ctx := context.Background()
	d := dbtest.New(tb)
	co := dbtest.Company(tb, d, "bench-suggest")
	user := dbtest.User(tb, d, co.ID, "company_user", "agent@bench.test")
	tpls := successcase.NewService(d.DB)
	if _, err := tpls.CreateForCompany(ctx, co.ID, uuid.Nil, successcase.Input{Name: "Mahal", Category: "objection_handling", Language: "ms",
		Patterns: []string{"mahal sangat"}, Examples: []string{"mahal sangat la bos"}, Response: "Harga kami berbaloi, {customer_name}.",
		Priority: 100, Active: true}); err != nil {
		return "", err
	}
	err := d.WithTenant(ctx, co.ID, func(tx *db.Tx) error {
		for i := 0; i < nProducts; i++ {
			q := int32(10 + i%40)
			if _, err := tx.ProductCreate(ctx, dbgen.ProductCreateParams{CompanyID: co.ID, Name: fmt.Sprintf("Kek Lapis %d", i), Sku: fmt.Sprintf("KL-%d", i),
				PriceMinor: int64(4500 + 100*i), StockStatus: "in_stock", Quantity: &q, Tags: []string{}, Links: []string{}, CustomFields: []byte("{}"), Active: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	know := knowledge.NewService(d.DB, storage.Disk{Root: tb.TempDir()})
	for i := 0; i < 30; i++ {
		if _, err := know.CreateFAQ(ctx, co.ID, uuid.Nil, knowledge.FAQInput{Question: fmt.Sprintf("Soalan penghantaran %d?", i),
			Answer: "Kami hantar ke seluruh Lembah Klang dalam 2 hari bekerja.", Language: "ms"}); err != nil {
			return "", err
		}
	}
	e := reply.New(reply.Deps{DB: d.DB, Templates: tpls, Knowledge: know, Provider: provider.NewOffline()})

	scenarios := []scenario{
		{"template path (company template matches)", "mahal sangat la bos", reply.SourceTemplate},
		{"model path, offline provider (no template matches)", "Boleh hantar kek lapis ke Petra Jaya esok?", reply.SourceModel},
	}
	var results []result
	for _, sc := range scenarios {
		r := result{scenario: sc}
		for i := 0; i < rounds+5; i++ {
			conv, err := conversation(ctx, d, co.ID, sc.message)
			if err != nil {
				return "", err
			}
			start := time.Now()
			s, err := e.Suggest(ctx, co.ID, conv, user.ID)
			took := time.Since(start)
			if err != nil {
				return "", err
			}
			if s.Source != sc.source {
				return "", fmt.Errorf("%s: suggestion came from %s (%s)", sc.name, s.Source, s.Label)
			}
			if i < 5 {
				continue // warm-up: connections, caches
			}
			r.wall = append(r.wall, took)
			r.stored = append(r.stored, time.Duration(s.LatencyMs)*time.Millisecond)
		}
		results = append(results, r)
	}
	return render(nProducts, results), nil
}

func conversation(ctx context.Context, d *dbtest.DB, companyID uuid.UUID, message string) (uuid.UUID, error) {
	var id uuid.UUID
	err := d.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		c, err := tx.ContactUpsert(ctx, dbgen.ContactUpsertParams{CompanyID: companyID, Channel: "telegram", ExternalID: uuid.NewString(), Name: "Aisyah"})
		if err != nil {
			return err
		}
		conv, err := tx.ConversationCreate(ctx, dbgen.ConversationCreateParams{CompanyID: companyID, ContactID: c.ID, Channel: "telegram"})
		if err != nil {
			return err
		}
		for _, m := range []string{message} {
			if _, err := tx.MessageInsertInbound(ctx, dbgen.MessageInsertInboundParams{CompanyID: companyID, ConversationID: conv.ID, Kind: "text",
				Body: m, ProviderMessageID: uuid.NewString()}); err != nil {
				return err
			}
		}
		id = conv.ID
		return nil
	})
	return id, err
}

func pct(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func render(nProducts int, results []result) string {
	var b strings.Builder
	b.WriteString(heading + "\n\n")
	fmt.Fprintf(&b, "`go run ./bench/suggest` migrates a fresh database, seeds one company (%d products, 30 FAQs, the template library and\n", nProducts)
	b.WriteString("one company template) and times `reply.Engine.Suggest` end to end for a new conversation each time: load the\n")
	b.WriteString("conversation, detect the language, match templates, and either personalise the winner and record its use, or assemble the\n")
	b.WriteString("weighted context, retrieve FAQs, call the offline provider and run the safety check; then store the suggestion. The\n")
	b.WriteString("runtime role works under row-level security, as in production.\n\n")
	fmt.Fprintf(&b, "Measured %s, %s %s/%s, %d CPUs, PostgreSQL on the same machine:\n\n", time.Now().UTC().Format("2006-01-02"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	b.WriteString("| scenario | runs | p50 | p95 | p99 | max | stored latency_ms p50 |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s |\n", r.name, len(r.wall), ms(pct(r.wall, 0.5)), ms(pct(r.wall, 0.95)),
			ms(pct(r.wall, 0.99)), ms(pct(r.wall, 1)), ms(pct(r.stored, 0.5)))
	}
	b.WriteString("\nThe template path answers without any model call, so its latency is the database work of matching and recording;\n")
	b.WriteString("with Anthropic the model path adds the provider's response time (seconds), which this benchmark does not measure.\n")
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
