package config

import (
	"os"
	"path/filepath"
	"testing"
)

// A command run from a subfolder of a repository finds the .env kept at its root, as it finds the config
// file; outside a repository only the working directory's .env counts.
func TestDotenvFoundUpToTheRepositoryRoot(t *testing.T) {
	key := "sa_test_" + "fromroot000000000000"
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, root, ".env", "ATENDER_API_KEY="+key+"\n")
	sub := filepath.Join(root, "site", "tools")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: sub})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIKey != key || cfg.KeySource != filepath.Join(root, ".env") {
		t.Fatalf("from a subfolder: key set %v from %q, want the root's .env", cfg.APIKey != "", cfg.KeySource)
	}

	outside := t.TempDir()
	write(t, outside, ".env", "ATENDER_API_KEY="+key+"\n")
	below := filepath.Join(outside, "below")
	if err := os.Mkdir(below, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err = Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: below})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIKey != "" {
		t.Fatalf("outside a repository a parent's .env must not be read: key from %q", cfg.KeySource)
	}
}
