//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/pflag"
)

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
