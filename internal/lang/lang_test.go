package lang_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/sembang/sembang/internal/lang"
)

// TestLabelledAccuracy reports accuracy on testdata/labelled.tsv and fails below 95%.
func TestLabelledAccuracy(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/labelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, right := 0, 0
	perLang := map[string][2]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		want, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		got := lang.Detect(text)
		total++
		c := perLang[want]
		c[1]++
		if got.Language == want {
			right++
			c[0]++
		} else {
			t.Logf("miss: %q want %s got %s (%.2f, %s, %v)", text, want, got.Language, got.Confidence, got.Reason, got.Scores)
		}
		perLang[want] = c
	}
	if total < 300 {
		t.Fatalf("only %d labelled messages; want at least 300", total)
	}
	acc := float64(right) / float64(total)
	for l, c := range perLang {
		t.Logf("%s: %d/%d", l, c[0], c[1])
	}
	t.Logf("accuracy %.3f (%d/%d)", acc, right, total)
	if acc < 0.95 {
		t.Errorf("accuracy %.3f is below 0.95", acc)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, want string }{
		{"Boleh saya tengok the product?", lang.Malay},
		{"这个多少钱 boss", lang.Chinese},
		{"ok lah thanks", lang.English},
		{"x nk la, mahal", lang.Malay},
		{"இது எவ்வளவு?", lang.Tamil},
		{"👍", ""},
		{"ok", ""},
	} {
		if got := lang.Detect(tc.text); got.Language != tc.want {
			t.Errorf("Detect(%q) = %q (%v), want %q", tc.text, got.Language, got.Scores, tc.want)
		}
	}
	if r := lang.Detect("有折扣吗"); r.Confidence < 0.9 {
		t.Errorf("Han script confidence %.2f, want at least 0.9", r.Confidence)
	}
}

func TestNormalizeAcceptsBM(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"bm": "ms", "BM": "ms", "ms": "ms", "zh-CN": "zh", "en": "en", "ta": "ta"} {
		if got, ok := lang.Normalize(in); !ok || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := lang.Normalize("fr"); ok {
		t.Error("fr must be unsupported")
	}
	// Canonical leaves what it does not know for the caller's check to reject.
	for in, want := range map[string]string{"bm": "ms", " BM ": "ms", "zh": "zh", "fr": "fr", "auto": "auto", "": ""} {
		if got := lang.Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConversationIsRecentMajority(t *testing.T) {
	t.Parallel()
	got := lang.Conversation([]string{"hi", "how much is this", "mahal sangat", "boleh kurang sikit?", "ok"})
	if got.Language != lang.Malay {
		t.Errorf("conversation language %q (%v), want ms", got.Language, got.Scores)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"mahal sangat", "这个多少钱 boss", "இது எவ்வளவு?", "", "👍👍", "x nk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := lang.Detect(s)
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Errorf("confidence %v out of range for %q", r.Confidence, s)
		}
		if r.Language != "" {
			if _, ok := lang.Normalize(r.Language); !ok {
				t.Errorf("unsupported language %q", r.Language)
			}
		}
	})
}
