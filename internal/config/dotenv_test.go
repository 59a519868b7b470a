package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const secret = "sa_live_Zq8v2LmN4pR7sT9wX1yB3dF5"

// A .env the parser rejects is named by file and line, and its content (the key) is never quoted.
func TestDotenvErrorsNeverQuoteTheKey(t *testing.T) {
	cases := []struct {
		name, content string
		line          int
	}{
		{"bad line before the key", "ATENDER_ENV=staging\nthis is not a setting\nATENDER_API_KEY=" + secret + "\n", 2},
		{"the key line has no =", "ATENDER_ENV=staging\nATENDER_API_KEY " + secret + "\n", 2},
		{"hyphenated name", "ATENDER-API-KEY=" + secret + "\n", 1},
		{"unterminated quote", "ATENDER_ENV=prod\nATENDER_API_KEY=\"" + secret + "\n", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, ".env", tc.content)
			cfg, err := Load(LoadOptions{Getenv: envOf(map[string]string{KeyEnvVar: secret}), WorkDir: dir})
			if err != nil {
				t.Fatalf("a bad .env stopped the configuration: %v", err)
			}
			if cfg.DotenvErr == nil {
				t.Fatal("the bad .env went unnoticed")
			}
			all := cfg.DotenvErr.Error() + strings.Join(cfg.Warnings, "\n")
			if strings.Contains(all, secret) || strings.Contains(all, secret[8:]) {
				t.Fatalf("the error quotes the key: %s", all)
			}
			want := filepath.Join(dir, ".env") + ": line " + strconv.Itoa(tc.line)
			if !strings.Contains(cfg.DotenvErr.Error(), want) {
				t.Fatalf("error %q does not name %q", cfg.DotenvErr, want)
			}
		})
	}
}

// A BOM before the first name is not part of it.
func TestDotenvWithBOM(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", "\xef\xbb\xbfATENDER_API_KEY="+secret+"\n")
	cfg, err := Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir})
	if err != nil || cfg.DotenvErr != nil || cfg.APIKey != secret {
		t.Fatalf("cfg %v, err %v", cfg.DotenvErr, err)
	}
}

// A .env that is a directory or unreadable does not stop the configuration; it is remembered for the
// commands that need the key.
func TestDotenvUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".env"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DotenvErr == nil || !strings.Contains(cfg.DotenvErr.Error(), filepath.Join(dir, ".env")) || len(cfg.Warnings) == 0 {
		t.Fatalf("DotenvErr %v, warnings %v", cfg.DotenvErr, cfg.Warnings)
	}
}
