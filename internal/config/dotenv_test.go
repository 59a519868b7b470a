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

// A .env of 64 KiB of short lines with a bad one at the end is reported by line without parsing every
// prefix of it (which took seconds).
func TestDotenvBadLineIsFoundInOnePass(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", strings.Repeat("A=b\n", 16000)+"not a setting\n")
	cfg, err := Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir})
	if err != nil || cfg.DotenvErr == nil || !strings.Contains(cfg.DotenvErr.Error(), ": line 16001 is not NAME=value") {
		t.Fatalf("%v, %v", err, cfg.DotenvErr)
	}
}

// F8: the key reaches OnKey (the redactor) before any other setting is checked, so an error of a later
// setting is redacted too; the error itself says the value looks like a key instead of quoting it.
func TestKeyIsKnownBeforeSettingsAreChecked(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", KeyEnvVar+"="+secret+"\nATENDER_CONCURRENCY="+secret+"\n")
	var got string
	_, err := Load(LoadOptions{Getenv: envOf(map[string]string{"ATENDER_TIMEOUT": strings.ToUpper(secret)}), WorkDir: dir, OnKey: func(k string) { got = k }})
	if got != secret {
		t.Fatalf("OnKey got %q", got)
	}
	if err == nil || !strings.HasPrefix(err.Error(), "ATENDER_TIMEOUT: ") || !strings.Contains(err.Error(), "got a value that looks like an API key (not shown") || strings.Contains(strings.ToLower(err.Error()), strings.ToLower(secret)) {
		t.Fatalf("error %v", err)
	}
}

// Issue 10 §3: the config key is kbId (Atender's name for it); kb-id, the flag's spelling, is read too.
func TestKbIdConfigKey(t *testing.T) {
	for _, line := range []string{"kbId: kb_docs", "kb-id: kb_docs", "kbid: kb_docs"} {
		dir := t.TempDir()
		write(t, dir, ".atender.yaml", line+"\n")
		cfg, err := Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir})
		if err != nil || cfg.KBID != "kb_docs" {
			t.Fatalf("%s: %v, %+v", line, err, cfg)
		}
		cfg, err = Load(LoadOptions{Getenv: envOf(map[string]string{"ATENDER_KB_ID": "kb_env"}), WorkDir: dir})
		if err != nil || cfg.KBID != "kb_env" {
			t.Fatalf("%s under ATENDER_KB_ID: %v, %+v", line, err, cfg)
		}
	}
	if s, ok := Lookup("kbId"); !ok || s.Flag != "kb-id" || s.Env != "ATENDER_KB_ID" {
		t.Fatalf("%+v", s)
	}
}
