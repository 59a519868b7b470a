package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/pflag"
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

// F9: a .env (or --env-file) that is a symlink to /dev/zero was read until the OOM killer came; a FIFO hung
// every command. Neither is opened for reading now, nor is a .env over 64 KiB read: the configuration goes
// on with a warning naming the file (commands that need the key stop on DotenvErr).
func TestDotenvThatIsNotASmallRegularFileIsNotRead(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		make       func(p string) error
	}{
		{"symlink to /dev/zero", "not a regular file (a device)", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"symlink to /dev/urandom", "not a regular file (a device)", func(p string) error { return os.Symlink("/dev/urandom", p) }},
		{"FIFO", "not a regular file (a named pipe (FIFO))", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"over 64 KiB", "larger than 64 KiB", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat("# comment\n", 7000)), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, ".env")
			if err := tc.make(p); err != nil {
				t.Skip("cannot make it here:", err)
			}
			cfg, err := Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.DotenvErr == nil || cfg.DotenvErr.Error() != "reading "+p+": "+tc.want+func() string {
				if tc.want == "larger than 64 KiB" {
					return "; a .env holds a few NAME=value lines"
				}
				return ""
			}() || len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], p) {
				t.Fatalf("DotenvErr %v, warnings %v", cfg.DotenvErr, cfg.Warnings)
			}
			// --env-file names the same file: the same refusal
			fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
			fs.String("env-file", "", "")
			fs.Set("env-file", p)
			cfg, err = Load(LoadOptions{Getenv: envOf(nil), WorkDir: dir, Flags: fs})
			if err != nil || cfg.DotenvErr == nil || !strings.Contains(cfg.DotenvErr.Error(), tc.want) {
				t.Fatalf("--env-file: %v, %v", err, cfg)
			}
		})
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

// F9: a config file named by --config or ATENDER_CONFIG that is /dev/zero behind a symlink, a FIFO or over
// 1 MiB is an error naming it, at once (discovery already skipped what is not a regular file).
func TestConfigFileThatIsNotASmallRegularFileIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		make       func(p string) error
	}{
		{"symlink to /dev/zero", "not a regular file (a device)", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"FIFO", "not a regular file (a named pipe (FIFO))", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"over 1 MiB", "larger than 1 MiB", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat("# comment\n", 110000)), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "cfg.yaml")
			if err := tc.make(p); err != nil {
				t.Skip("cannot make it here:", err)
			}
			_, err := Load(LoadOptions{Getenv: envOf(map[string]string{"ATENDER_CONFIG": p}), WorkDir: dir})
			if err == nil || !strings.HasPrefix(err.Error(), "config file "+p+": "+tc.want) {
				t.Fatalf("got %v", err)
			}
		})
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
