package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/gittest"
)

// A .env that holds the key and that Git would commit is warned about, naming the file and what to do; one
// that Git ignores, one without a key, and one outside any repository are not.
func TestDotenvNotIgnoredByGitIsWarned(t *testing.T) {
	gittest.Need(t)
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull) // no global excludes file of the machine's
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	key := "sa_test_" + strings.Repeat("g", 27)
	load := func(t *testing.T, workDir string) *Config {
		t.Helper()
		cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: workDir})
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	repo := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		gittest.Run(t, dir, "init", "-q")
		for rel, body := range files {
			gittest.Write(t, dir, rel, body)
		}
		return dir
	}

	t.Run("not ignored", func(t *testing.T) {
		dir := repo(t, map[string]string{".env": "ATENDER_API_KEY=" + key + "\n"})
		cfg := load(t, dir)
		env := filepath.Join(dir, ".env")
		if len(cfg.Annotations) != 1 || !strings.Contains(cfg.Annotations[0], env) || !strings.Contains(cfg.Annotations[0], "add it to .gitignore") {
			t.Fatalf("annotations %q; want one naming %s and saying to add it to .gitignore", cfg.Annotations, env)
		}
		if cfg.DotenvFile != env || cfg.KeySource != env {
			t.Fatalf("the .env used is %q (key from %q), want %s", cfg.DotenvFile, cfg.KeySource, env)
		}
	})
	t.Run("committed, though .gitignore names it", func(t *testing.T) {
		dir := repo(t, map[string]string{".env": "ATENDER_API_KEY=" + key + "\n"})
		gittest.Commit(t, dir, "oops")
		gittest.Write(t, dir, ".gitignore", ".env\n")
		if cfg := load(t, dir); len(cfg.Annotations) != 1 {
			t.Fatalf("a tracked .env with the key: annotations %q, want the warning", cfg.Annotations)
		}
	})
	t.Run("ignored, found from a subfolder", func(t *testing.T) {
		dir := repo(t, map[string]string{".env": "ATENDER_API_KEY=" + key + "\n", ".gitignore": ".env\n", "site/x": ""})
		cfg := load(t, filepath.Join(dir, "site"))
		if len(cfg.Annotations) != 0 || cfg.APIKey != key {
			t.Fatalf("annotations %q, key found %v; want the key and no warning", cfg.Annotations, cfg.APIKey == key)
		}
	})
	t.Run("no key in it", func(t *testing.T) {
		dir := repo(t, map[string]string{".env": "ATENDER_ENV=staging\n"})
		if cfg := load(t, dir); len(cfg.Annotations) != 0 || cfg.DotenvFile != filepath.Join(dir, ".env") {
			t.Fatalf("annotations %q (.env %q); want none for a .env without a key", cfg.Annotations, cfg.DotenvFile)
		}
	})
	t.Run("outside a repository", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, ".env", "ATENDER_API_KEY="+key+"\n")
		if cfg := load(t, dir); len(cfg.Annotations) != 0 || cfg.APIKey != key {
			t.Fatalf("annotations %q; want none where Git has nothing to say", cfg.Annotations)
		}
	})
	t.Run("git missing", func(t *testing.T) {
		dir := repo(t, map[string]string{".env": "ATENDER_API_KEY=" + key + "\n"})
		t.Setenv("PATH", t.TempDir())
		if cfg := load(t, dir); len(cfg.Annotations) != 0 || cfg.APIKey != key {
			t.Fatalf("annotations %q; want none without git", cfg.Annotations)
		}
	})
}
