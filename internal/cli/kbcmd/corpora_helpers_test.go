package kbcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/corporatest"
)

// corpusDir is a real docs tree of another tool (../shared/corpora, read-only).
func corpusDir(t *testing.T, rel string) string { return corporatest.Dir(t, rel) }

// countPages counts the page files on disk (.md, .mdx, .markdown), outside hidden folders and node_modules.
func countPages(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		l := strings.ToLower(d.Name())
		if !d.IsDir() && !strings.HasPrefix(l, ".") && (strings.HasSuffix(l, ".md") || strings.HasSuffix(l, ".mdx") || strings.HasSuffix(l, ".markdown")) {
			n++
		}
		return nil
	})
	return n
}

// generatorTree reads the config file a generator's tree is set up with (at most four lines, as a user would
// write it), loads it as from root, and returns it with the docs folder its path names.
func generatorTree(t *testing.T, root, cfgPath string) (*config.Config, string) {
	t.Helper()
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.TrimSpace(string(b)), "\n") + 1; n > 4 {
		t.Fatalf("%s has %d lines; a user sets a generator's tree up with at most four", cfgPath, n)
	}
	env := map[string]string{"ATENDER_CONFIG": cfgPath}
	cfg, err := config.Load(config.LoadOptions{Getenv: func(k string) string { return env[k] }, WorkDir: root})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, filepath.Join(root, filepath.FromSlash(cfg.Path))
}
