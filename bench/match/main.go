// Command match measures success-case matching latency: one customer message
// against N enabled templates (default 500: the starter library repeated with
// varied wording), reporting p50/p99 per message over the matching test set.
//
//	go run ./bench/match -templates 500 -rounds 20
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/successcase"
)

func main() {
	n := flag.Int("templates", 500, "enabled templates to match against")
	rounds := flag.Int("rounds", 20, "passes over the message set")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root, *n, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(root string, n, rounds int) error {
	msgs, err := messages(filepath.Join(root, "internal/successcase/testdata/matching.tsv"))
	if err != nil {
		return err
	}
	entries := synthetic(msgs, n)
	start := time.Now()
	ix := successcase.NewIndex(entries)
	build := time.Since(start)
	var samples []time.Duration
	matched := 0
	for r := 0; r < rounds; r++ {
		for _, m := range msgs {
			t0 := time.Now()
			l := lang.Detect(m).Language
			if l == "" {
				l = lang.English
			}
			res := ix.Match(m, successcase.Context{Language: l, Industry: "ecommerce"})
			samples = append(samples, time.Since(t0))
			if res.Winner != nil {
				matched++
			}
		}
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	pct := func(p float64) time.Duration { return samples[int(p*float64(len(samples)-1))] }
	fmt.Printf("templates %d, messages %d x %d rounds, index build %v, %s %s/%s\n", ix.Len(), len(msgs), rounds, build.Round(time.Microsecond),
		runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("detect+match per message: p50 %v  p99 %v  max %v  (winner in %d%%)\n",
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), samples[len(samples)-1].Round(time.Microsecond), 100*matched/len(samples))
	return nil
}

func messages(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if p := strings.SplitN(line, "\t", 3); len(p) == 3 {
			out = append(out, strings.TrimSpace(p[2]))
		}
	}
	return out, sc.Err()
}

// synthetic makes n enabled templates over the three languages, with patterns
// and examples drawn from real messages so matching does real work.
func synthetic(msgs []string, n int) []successcase.Entry {
	out := make([]successcase.Entry, 0, n)
	for i := 0; i < n; i++ {
		ex := []string{msgs[i%len(msgs)], msgs[(i*7+3)%len(msgs)], msgs[(i*13+5)%len(msgs)], msgs[(i*31+11)%len(msgs)]}
		l := lang.Detect(ex[0]).Language
		if l == "" {
			l = lang.English
		}
		words := strings.Fields(ex[0])
		pat := ex[0]
		if len(words) > 2 {
			pat = strings.Join(words[:2], " ")
		}
		t := successcase.Template{ID: uuid.New(), Global: true, Name: fmt.Sprintf("synthetic %d", i), Category: "objection_handling",
			Language: l, Active: true, Priority: int32(i % 3), Patterns: []string{pat, fmt.Sprintf("kw%d", i)}, Examples: ex,
			Response: "Hi {customer_name}, thanks!"}
		if i%5 == 0 {
			t.Industry = "ecommerce"
		}
		out = append(out, successcase.Entry{Template: t, Setting: successcase.DefaultSetting})
	}
	return out
}
