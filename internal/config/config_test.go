package config_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/caarlos0/env/v11"

	"github.com/sembang/sembang/internal/config"
)

// readElsewhere are variables in the README's configuration table that the binary reads outside Config.
var readElsewhere = map[string]bool{
	"DEMO_PASSWORD": true, // internal/app: the demo accounts of `sembang seed` and `sembang dev`
}

// readmeConfig returns the rows of the README's configuration table: each variable named in a row's first cell,
// with the row's default cell.
func readmeConfig(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")
	rows := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			if in {
				break // the table ends with its section
			}
			in = line == "## Configuration"
			continue
		}
		cells := strings.Split(line, "|")
		if !in || len(cells) < 4 {
			continue
		}
		for _, m := range name.FindAllStringSubmatch(cells[1], -1) {
			rows[m[1]] = cells[2]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("README.md has no table under \"## Configuration\"")
	}
	return rows
}

func TestREADMEListsEverySetting(t *testing.T) {
	t.Parallel()
	params, err := env.GetFieldParams(&config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rows := readmeConfig(t)
	read := map[string]bool{}
	for _, p := range params {
		read[p.Key] = true
		def, ok := rows[p.Key]
		if !ok {
			t.Errorf("%s is read by internal/config but missing from README.md's configuration table", p.Key)
			continue
		}
		if p.DefaultValue != "" && !strings.Contains(def, "`"+p.DefaultValue+"`") {
			t.Errorf("README.md gives %s the default %q; the code's is `%s`", p.Key, strings.TrimSpace(def), p.DefaultValue)
		}
	}
	for k := range rows {
		if !read[k] && !readElsewhere[k] {
			t.Errorf("README.md's configuration table lists %s, which the binary does not read", k)
		}
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

	t.Run("Defaults", func(t *testing.T) {
		cfg, err := config.Load(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Addr != ":8080" || cfg.MaxBodyBytes != 1<<20 || cfg.Production() {
			t.Errorf("defaults: %+v", cfg)
		}
	})

	t.Run("BaseDomainIsNormalised", func(t *testing.T) {
		cfg, err := config.Load(env(map[string]string{"BASE_DOMAIN": ".Sembang.MY"}))
		if err != nil || cfg.BaseDomain != "sembang.my" {
			t.Fatalf("BASE_DOMAIN=.Sembang.MY gave %q, %v", cfg.BaseDomain, err)
		}
	})

	t.Run("BadValuesAreRefused", func(t *testing.T) {
		for k, v := range map[string]string{"SEMBANG_ENV": "staging", "SESSION_TTL": "a week", "MAX_BODY_BYTES": "lots"} {
			if _, err := config.Load(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
				t.Errorf("%s=%q: err = %v, want one naming %s", k, v, err, k)
			}
		}
		for _, v := range []string{"100", "2097152"} {
			if _, err := config.Load(env(map[string]string{"MAX_BODY_BYTES": v})); err == nil || !strings.Contains(err.Error(), "MAX_BODY_BYTES must be between") {
				t.Errorf("MAX_BODY_BYTES=%s: err = %v", v, err)
			}
		}
	})
}
