package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/facts"
	"github.com/spf13/pflag"
)

func flags(args ...string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("env", "prod", "")
	fs.String("base-url", "", "")
	fs.String("config", "", "")
	fs.String("env-file", "", "")
	fs.Int("rate-limit", 0, "")
	fs.Int("concurrency", 0, "")
	fs.StringP("output", "o", "", "")
	if err := fs.Parse(args); err != nil {
		panic(err)
	}
	return fs
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// Each layer of the precedence: flag > environment > .env > config file > default.
func TestPrecedence(t *testing.T) {
	cases := []struct {
		name    string
		flags   []string
		env     map[string]string
		dotenv  string
		cfgFile string
		want    int
	}{
		{"default", nil, nil, "", "", 0},
		{"config file", nil, nil, "", "rate-limit: 10\n", 10},
		{".env beats config file", nil, nil, "ATENDER_RATE_LIMIT=20\n", "rate-limit: 10\n", 20},
		{"environment beats .env", nil, map[string]string{"ATENDER_RATE_LIMIT": "30"}, "ATENDER_RATE_LIMIT=20\n", "rate-limit: 10\n", 30},
		{"flag beats environment", []string{"--rate-limit", "40"}, map[string]string{"ATENDER_RATE_LIMIT": "30"}, "ATENDER_RATE_LIMIT=20\n", "rate-limit: 10\n", 40},
		{"an unset flag does not shadow lower layers", []string{"--concurrency", "2"}, nil, "", "rate-limit: 10\n", 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.dotenv != "" {
				write(t, dir, ".env", tc.dotenv)
			}
			if tc.cfgFile != "" {
				write(t, dir, ".atender.yaml", tc.cfgFile)
			}
			cfg, err := Load(LoadOptions{Flags: flags(tc.flags...), Getenv: envOf(tc.env), WorkDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.RateLimit != tc.want {
				t.Fatalf("rate-limit = %d, want %d", cfg.RateLimit, tc.want)
			}
		})
	}
}

func TestNestedSettingsFromEveryLayer(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "defaults:\n  status: published\n  category: general\nlinks:\n  baseUrl: https://help.example.com\n")
	write(t, dir, ".env", "ATENDER_DEFAULTS_CATEGORY=billing\n")
	cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{"ATENDER_LINKS_BASEURL": "https://docs.example.com"}), WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Defaults.Status != "published" || cfg.Defaults.Category != "billing" || cfg.Links.BaseURL != "https://docs.example.com" {
		t.Fatalf("got %+v %+v", cfg.Defaults, cfg.Links)
	}
}

func TestKeySources(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", "ATENDER_API_KEY=sa_test_fromdotenv00000000\n")
	cfg, _ := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: dir})
	if cfg.APIKey != "sa_test_fromdotenv00000000" || !strings.HasSuffix(cfg.KeySource, ".env") {
		t.Fatalf(".env key: %q from %q", cfg.APIKey, cfg.KeySource)
	}
	cfg, _ = Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{KeyEnvVar: "sa_test_fromenv0000000000"}), WorkDir: dir})
	if cfg.APIKey != "sa_test_fromenv0000000000" || !strings.Contains(cfg.KeySource, "environment") {
		t.Fatalf("a real environment variable must beat .env: %q from %q", cfg.APIKey, cfg.KeySource)
	}
	other := filepath.Join(dir, "ci.env")
	write(t, dir, "ci.env", "ATENDER_API_KEY=sa_test_fromcienv00000000\n")
	cfg, _ = Load(LoadOptions{Flags: flags("--env-file", other), Getenv: envOf(nil), WorkDir: dir})
	if cfg.APIKey != "sa_test_fromcienv00000000" {
		t.Fatalf("--env-file: %q", cfg.APIKey)
	}
	cfg, _ = Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{KeyEnvVar: " sa_test_padded00000000000\n"}), WorkDir: dir})
	if cfg.APIKey != "sa_test_padded00000000000" || len(cfg.Warnings) != 1 {
		t.Fatalf("padded key: %q, warnings %v", cfg.APIKey, cfg.Warnings)
	}
}

func TestKeyInConfigFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "api-key: sa_live_oops\n")
	_, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: dir})
	if err == nil || !strings.Contains(err.Error(), "never goes in a config file") || strings.Contains(err.Error(), "sa_live_oops") {
		t.Fatalf("got %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	cases := []struct {
		flags []string
		want  string
		err   string
	}{
		{nil, "https://prod.atender.dev/api/v1/kb", ""},
		{[]string{"--env", "staging"}, "https://staging.atender.dev/api/v1/kb", ""},
		{[]string{"--env", "qa"}, "", "unknown environment"},
		{[]string{"--base-url", "http://127.0.0.1:8750/api/v1/kb/"}, "http://127.0.0.1:8750/api/v1/kb", ""},
		{[]string{"--base-url", "http://localhost:1/x"}, "http://localhost:1/x", ""},
		{[]string{"--base-url", "http://[::1]:9/x"}, "http://[::1]:9/x", ""},
		{[]string{"--base-url", "https://v3.atender.com/api/v1/kb"}, "https://v3.atender.com/api/v1/kb", ""},
		{[]string{"--base-url", "http://v3.atender.com/api/v1/kb"}, "", "not loopback"},
		{[]string{"--base-url", "ftp://x"}, "", "scheme"},
		{[]string{"--base-url", "prod.atender.dev"}, "", "not an absolute URL"},
	}
	for _, tc := range cases {
		cfg, err := Load(LoadOptions{Flags: flags(tc.flags...), Getenv: envOf(nil), WorkDir: t.TempDir()})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: err %v, want %q", tc.flags, err, tc.err)
			}
			continue
		}
		if err != nil || cfg.BaseURL != tc.want {
			t.Errorf("%v: %v %v, want %s", tc.flags, cfg, err, tc.want)
		}
	}
}

func TestCheckKey(t *testing.T) {
	cases := []struct {
		key, env string
		explicit bool
		err      string
		warns    int
	}{
		{"", "prod", false, "no API key", 0},
		{"sa_live_abcdefabcdefabcdef", "prod", false, "", 0},
		{"sa_test_abcdefabcdefabcdef", "prod", false, "refusing to send a sandbox key", 0},
		{"sa_live_abcdefabcdefabcdef", "staging", false, "refusing to send a production key", 0},
		{"sa_test_abcdefabcdefabcdef", "dev", false, "", 0},
		{"sa_test_abcdefabcdefabcdef", "prod", true, "", 0},
		{"abcdefabcdefabcdef", "prod", false, "", 1},
	}
	for _, tc := range cases {
		c := &Config{APIKey: tc.key, Env: tc.env, BaseURL: facts.EnvBaseURLs[tc.env], BaseURLExplicit: tc.explicit}
		warns, err := c.CheckKey()
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s@%s: err %v, want %q", tc.key, tc.env, err, tc.err)
		}
		if err != nil && tc.key != "" && strings.Contains(err.Error(), tc.key) {
			t.Errorf("error shows the full key: %v", err)
		}
		if len(warns) != tc.warns {
			t.Errorf("%s: warnings %v", tc.key, warns)
		}
	}
}

func TestExcludeFromEveryLayer(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "exclude:\n  - drafts/**\n  - \"*.tmp.md\"\n")
	cfg, _ := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: dir})
	if strings.Join(cfg.Exclude, "|") != "drafts/**|*.tmp.md" {
		t.Fatalf("config file: %q", cfg.Exclude)
	}
	cfg, _ = Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{"ATENDER_EXCLUDE": "a/**, b.md"}), WorkDir: dir})
	if strings.Join(cfg.Exclude, "|") != "a/**|b.md" {
		t.Fatalf("environment: %q", cfg.Exclude)
	}
}

// The commented example config in examples/ is valid and means what it says.
func TestExampleConfigLoads(t *testing.T) {
	cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: filepath.Join("..", "..", "examples")})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ConfigFile == "" || cfg.Env != "prod" || cfg.Path != "docs" || cfg.Defaults.Status != "draft" || cfg.OnConflict != "fail" ||
		cfg.SummaryLength != 200 || cfg.MaxFileSize != 1048576 || len(cfg.Exclude) != 1 {
		t.Fatalf("example config: %+v", cfg)
	}
}

// The key of .env.example, copied as it is, is called a placeholder, not a sandbox key aimed at production.
func TestPlaceholderKey(t *testing.T) {
	for _, k := range []string{"sa_test_replace_me", "sa_live_", "sa_live_YOUR_KEY_HERE", "sa_test_xxxxxxxx"} {
		c := &Config{APIKey: k, KeySource: ".env", Env: "prod", BaseURL: facts.EnvBaseURLs["prod"]}
		_, err := c.CheckKey()
		if err == nil || !strings.Contains(err.Error(), "placeholder") || strings.Contains(err.Error(), "sandbox") {
			t.Errorf("%s: %v", k, err)
		}
	}
	c := &Config{APIKey: "sa_test_Zq8v2LmN4pR7sT9wX1yB3dF5", Env: "staging", BaseURL: facts.EnvBaseURLs["staging"]}
	if _, err := c.CheckKey(); err != nil {
		t.Fatalf("a real-looking key: %v", err)
	}
}
