package successcase_test

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/lang"
	"github.com/sembang/sembang/internal/successcase"
)

// starterIndex loads the seeded starter library, as every install has it.
func starterIndex(t *testing.T, d *dbtest.DB) *successcase.Index {
	t.Helper()
	var rows []dbgen.SuccessCaseTemplate
	err := d.WithPlatform(context.Background(), func(tx *db.Tx) error {
		var err error
		rows, err = tx.SuccessCaseTemplateList(context.Background(), dbgen.SuccessCaseTemplateListParams{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 40 {
		t.Fatalf("starter library has %d templates; want at least 40", len(rows))
	}
	entries := make([]successcase.Entry, len(rows))
	for i, r := range rows {
		entries[i] = successcase.Entry{Template: successcase.FromRow(r), Setting: successcase.DefaultSetting}
	}
	return successcase.NewIndex(entries)
}

// TestStarterLibraryPrecisionRecall matches testdata/matching.tsv against the
// starter library and fails below precision 0.95 or recall 0.85.
func TestStarterLibraryPrecisionRecall(t *testing.T) {
	t.Parallel()
	ix := starterIndex(t, dbtest.New(t))
	f, err := os.Open("testdata/matching.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var total, expected, predicted, correct int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		want, industry, msg := parts[0], parts[1], strings.TrimSpace(parts[2])
		l := lang.Detect(msg).Language
		if l == "" {
			l = lang.English
		}
		res := ix.Match(msg, successcase.Context{Language: l, Industry: industry})
		got := "none"
		if res.Winner != nil {
			got = res.Winner.Template.Name
			predicted++
		}
		total++
		if want != "none" {
			expected++
		}
		if got == want && want != "none" {
			correct++
		}
		if got != want {
			why := ""
			if res.Winner != nil {
				why = strings.Join(res.Winner.Reasons, "; ")
			} else if len(res.Candidates) > 0 {
				why = res.Candidates[0].Template.Name + ": " + strings.Join(res.Candidates[0].Reasons, "; ")
			}
			t.Logf("miss: %q (%s, %s) want %q got %q — %s", msg, industry, l, want, got, why)
		}
	}
	if total < 200 {
		t.Fatalf("only %d labelled messages; want at least 200", total)
	}
	precision := float64(correct) / float64(max(predicted, 1))
	recall := float64(correct) / float64(max(expected, 1))
	t.Logf("messages %d, expected matches %d, predicted %d, correct %d: precision %.3f recall %.3f", total, expected, predicted, correct, precision, recall)
	if precision < 0.95 {
		t.Errorf("precision %.3f is below 0.95", precision)
	}
	if recall < 0.85 {
		t.Errorf("recall %.3f is below 0.85", recall)
	}
}
