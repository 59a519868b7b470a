package config

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

var updateREADME = flag.Bool("update", false, "rewrite the README's settings table")

// sample is a value different from the default for each row, as written in a variable or on the command line.
func sample(s Setting) string {
	switch s.Key {
	case "env":
		return "staging"
	case "base-url":
		return "https://kb.example.com/api/v1/kb"
	case "output": // text is what an unset output resolves to outside GitHub Actions
		return "json"
	}
	switch s.Type {
	case TypeInt:
		return "7"
	case TypeBool:
		return "true"
	case TypeDuration:
		return "45s"
	case TypeList:
		return "drafts/**,*.tmp"
	case TypeURL:
		return "https://help.example.com"
	case TypeMap:
		return "broken-link=warning"
	case TypeNames:
		return "sidebarTitle=title"
	case TypeEnum:
		for _, v := range s.Values {
			if v != s.Default {
				return v
			}
		}
	}
	return "custom"
}

// yamlOf writes key: value for a (possibly dotted) key.
func yamlOf(key, val string, list bool) string {
	parts := strings.Split(key, ".")
	if list {
		val = `["` + strings.Join(strings.Split(val, ","), `", "`) + `"]`
	}
	if len(parts) == 1 {
		return key + ": " + val + "\n"
	}
	return parts[0] + ":\n  " + parts[1] + ": " + val + "\n"
}

func allFlags(args ...string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	for _, s := range Settings {
		if s.Flag != "" {
			AddFlag(fs, s.Flag)
		}
	}
	if err := fs.Parse(args); err != nil {
		panic(err)
	}
	return fs
}

// Every row of the table is read from each place the table says: its flag, its variable in the environment
// and in .env, and its key in the config file; and each changes the resolved Config.
func TestEverySettingFromEveryPlace(t *testing.T) {
	base, err := Load(LoadOptions{Flags: allFlags(), Getenv: envOf(nil), WorkDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		if s.set == nil {
			continue
		}
		val := sample(s)
		parsed, err := s.parse(val)
		if err != nil {
			t.Fatalf("%s: sample %q: %v", s.Key, val, err)
		}
		type layer struct {
			name               string
			flags              []string
			env                map[string]string
			dotenv, configFile string
		}
		layers := []layer{
			{name: "environment", env: map[string]string{s.Env: val}},
			{name: ".env", dotenv: s.Env + "=" + val + "\n"},
			{name: "config file", configFile: yamlOf(s.Key, val, s.Type == TypeList)},
		}
		if s.Flag != "" {
			layers = append(layers, layer{name: "flag", flags: []string{"--" + s.Flag + "=" + val}})
		}
		for _, l := range layers {
			t.Run(s.Key+"/"+l.name, func(t *testing.T) {
				dir := t.TempDir()
				if l.dotenv != "" {
					write(t, dir, ".env", l.dotenv)
				}
				if l.configFile != "" {
					write(t, dir, ".atender.yaml", l.configFile)
				}
				got, err := Load(LoadOptions{Flags: allFlags(l.flags...), Getenv: envOf(l.env), WorkDir: dir})
				if err != nil {
					t.Fatal(err)
				}
				want := *base
				want.ConfigFile, want.DotenvFile = got.ConfigFile, got.DotenvFile
				s.set(&want, parsed)
				if s.Key == "env" {
					want.BaseURL = "https://staging.atender.dev/api/v1/kb"
				}
				if s.Key == "base-url" {
					want.BaseURLExplicit = true
				}
				if !reflect.DeepEqual(*got, want) {
					t.Fatalf("%s from %s:\n got %+v\nwant %+v", s.Key, l.name, *got, want)
				}
				if reflect.DeepEqual(*got, *base) {
					t.Fatalf("%s from %s changed nothing", s.Key, l.name)
				}
			})
		}
	}
}

// The table's rows are consistent: every environment variable is ATENDER_ + the key, every flag exists once,
// and every default parses.
func TestSettingsTableIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings {
		// ATENDER_ + the key, upper-cased, a camelCase hump joined (links.baseUrl → ATENDER_LINKS_BASEURL);
		// but Atender's own parameter kbId (issue 10 §3) is split like its flag: --kb-id, ATENDER_KB_ID.
		want := EnvName(s.Key)
		if s.Key == "kbId" {
			want = EnvName(s.Flag)
		}
		if s.Key != "" && s.Env != want {
			t.Errorf("%s: variable %s, want %s", s.Key, s.Env, want)
		}
		for _, n := range []string{"key " + s.Key, "flag " + s.Flag, "env " + s.Env} {
			if !strings.HasSuffix(n, " ") && seen[n] {
				t.Errorf("%s appears twice", n)
			}
			seen[n] = true
		}
		if s.set != nil {
			if _, err := s.parse(s.Default); err != nil {
				t.Errorf("%s: default %q: %v", s.Key, s.Default, err)
			}
		}
		if s.Usage == "" {
			t.Errorf("%s has no usage", s.Key)
		}
	}
}

// A value of the wrong type names where it came from and what was expected.
func TestWrongTypesAreNamed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "concurrency: many\n")
	_, err := Load(LoadOptions{Flags: allFlags(), Getenv: envOf(nil), WorkDir: dir})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, ".atender.yaml")+":1: concurrency") || !strings.Contains(err.Error(), "whole number") {
		t.Fatalf("got %v", err)
	}
	_, err = Load(LoadOptions{Flags: allFlags(), Getenv: envOf(map[string]string{"ATENDER_TIMEOUT": "soon"}), WorkDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "ATENDER_TIMEOUT") || !strings.Contains(err.Error(), "duration") {
		t.Fatalf("got %v", err)
	}
}

const (
	tableBegin = "<!-- settings table: generated from internal/config/settings.go; go test ./internal/config -update -->\n"
	tableEnd   = "<!-- end of settings table -->"
)

// The README's settings table is the table of the code (go test ./internal/config -update rewrites it).
func TestREADMESettingsTable(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the settings table markers %q … %q", tableBegin, tableEnd)
	}
	want := readme[:i+len(tableBegin)] + MarkdownTable() + readme[j:]
	if want == readme {
		return
	}
	if *updateREADME {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("README.md's settings table is out of date: go test ./internal/config -update")
}

// rules: is a map in the config file (a bare `off` included) and code=severity pairs in the environment.
func TestRulesMap(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "rules:\n  broken-link: warning\n  raw-html: off\n  Shortcode: ERROR\n")
	cfg, err := Load(LoadOptions{Flags: allFlags(), Getenv: envOf(nil), WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) != 3 || cfg.Rules["broken-link"] != "warning" || cfg.Rules["raw-html"] != "off" || cfg.Rules["shortcode"] != "error" {
		t.Fatalf("rules %v", cfg.Rules)
	}
	cfg, err = Load(LoadOptions{Flags: allFlags(), Getenv: envOf(map[string]string{"ATENDER_RULES": "jsx=off, site-link=error"}), WorkDir: dir})
	if err != nil || len(cfg.Rules) != 2 || cfg.Rules["jsx"] != "off" || cfg.Rules["site-link"] != "error" {
		t.Fatalf("rules %v, %v", cfg.Rules, err)
	}
	if _, err = Load(LoadOptions{Flags: allFlags(), Getenv: envOf(map[string]string{"ATENDER_RULES": "jsx"}), WorkDir: dir}); err == nil || !strings.Contains(err.Error(), "ATENDER_RULES: expected code=severity") {
		t.Fatalf("error %v", err)
	}
}
