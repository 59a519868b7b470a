//go:build !race

// The whole-corpus syncs do not run under the race detector: it makes their conversion code (regexp,
// goldmark, one goroutine per page) ten times slower (Biome: 32 CPU seconds instead of 3) and finds nothing
// there that the package's smaller sync tests do not exercise under -race. `go test ./...` runs them, and
// `make test` runs them after the race-enabled suite.

package kbcmd

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// Issue 11: two real docs trees of other tools (../shared/corpora, read-only) sync with a config file alone,
// testdata/corpora/*.atender.yaml; no file of the corpus is edited or copied.

func countMarkdown(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
			n++
		}
		return nil
	})
	return n
}

func TestCorporaSyncWithAConfigFileAlone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, dir string
		// sections is the number of section pages (Hugo's _index.md with frontmatter only, or only an HTML
		// comment for the authors: _common/_index.md, documentation.md): they reach the KB as their folder's
		// category title and description, not as empty articles. The bar is that at least 95 % of
		// the Markdown files reach the KB: 928 articles + 64 sections of 992 on Hugo.
		sections int
	}{
		{"plausible", "plausible-docs/docs", 0},
		{"hugo", "hugo-docs/content/en", 64},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // its own emulator and temporary folders; the corpus is only read
			dir := corpusDir(t, c.dir)
			cfgPath, _ := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "corpora", c.name+".atender.yaml"))
			env := map[string]string{"ATENDER_CONFIG": cfgPath}
			cfg, err := config.Load(config.LoadOptions{Getenv: func(k string) string { return env[k] }, WorkDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			tr, err := loadTree(context.Background(), cfg, dir, false)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Errors() != 0 {
				var b strings.Builder
				for _, d := range tr.Diagnostics {
					if d.Severity == "error" {
						b.WriteString(d.String() + "\n")
					}
				}
				t.Fatalf("%d errors with %s:\n%s", tr.Errors(), cfgPath, b.String())
			}
			total := countMarkdown(t, dir)
			t.Logf("%s: %d of %d Markdown files are articles, %d are section pages, %d warnings", c.name, len(tr.Pages), total, c.sections, tr.Warnings())
			if len(tr.Pages)+c.sections != total {
				t.Fatalf("%d articles and %d section pages of %d Markdown files", len(tr.Pages), c.sections, total)
			}

			// The sync into the emulator, then a rerun that writes nothing.
			h := emulatortest.Start(t, emulatortest.Options{})
			f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey, "ATENDER_CONFIG": cfgPath}, t.TempDir())
			if err := run(t, f, dir); err != nil {
				t.Fatalf("first sync: %v\n%s", err, errOut)
			}
			snap := h.Server.Snapshot()
			if got := len(snap.Articles); got != len(tr.Pages) {
				t.Fatalf("%d articles in the KB after the first sync, want %d\n%s", got, len(tr.Pages), errOut)
			}
			// A section page counts as synced only when its folder's category (or subcategory) is in the KB
			// with the section's title and description.
			inKB := map[string]bool{}
			for _, k := range snap.Categories {
				inKB[k.Slug+"\x00"+k.Title+"\x00"+k.Description] = true
			}
			for _, k := range snap.Subcategories {
				inKB[k.Slug+"\x00"+k.Title+"\x00"+k.Description] = true
			}
			described := 0
			for _, k := range append(append([]*docs.Category{}, tr.Categories...), tr.Subcategories...) {
				if k.Explicit && k.Description != "" && inKB[k.Slug+"\x00"+k.Title+"\x00"+k.Description] {
					described++
				}
			}
			// (Hugo: 60 of its 64 section pages; the others are the site's home page and documentation.md,
			// which are no folder's, and _common/_index.md, which holds neither text nor description.)
			synced := len(tr.Pages) + min(described, c.sections)
			t.Logf("%s: %d of %d Markdown files reached the KB", c.name, synced, total)
			if share := float64(synced) / float64(total); share < 0.95 {
				t.Fatalf("%d of %d Markdown files reached the KB (%.1f %%: %d articles, %d described categories), want at least 95 %%", synced, total, 100*share, len(tr.Pages), described)
			}
			h.Server.ResetLog()
			if err := run(t, f, dir); err != nil {
				t.Fatalf("second sync: %v\n%s", err, errOut)
			}
			if w := h.Server.Writes(); w != 0 {
				t.Fatalf("a rerun on an unchanged tree wrote %d times", w)
			}

			// kb pull writes the KB as a tree; syncing that tree (same config) writes nothing.
			pulled := t.TempDir()
			pull := NewCmdPull(f, nil)
			pull.PersistentFlags().String("output", "", "")
			pull.SetArgs([]string{pulled})
			pull.SetOut(f.IO.Out)
			pull.SetErr(f.IO.ErrOut)
			if err := pull.ExecuteContext(context.Background()); err != nil {
				t.Fatalf("pull: %v\n%s", err, errOut)
			}
			if n := countMarkdown(t, pulled); n != len(tr.Pages) {
				t.Fatalf("pull wrote %d files for %d articles", n, len(tr.Pages))
			}
			// Links between articles come back as relative .md paths, never as the public addresses sync made
			// (a link to a section page, which is no article, stays as it is).
			if rel, public := pulledLinks(t, pulled, cfg.Links.BaseURL); rel == 0 || public > 0 {
				t.Fatalf("pulled tree: %d relative .md links, %d links to public article addresses", rel, public)
			}
			h.Server.ResetLog()
			if err := run(t, f, pulled); err != nil {
				t.Fatalf("sync of the pulled tree: %v\n%s", err, errOut)
			}
			if w := h.Server.Writes(); w != 0 {
				t.Fatalf("pull then sync wrote %d times", w)
			}
		})
	}
}

// pulledLinks counts, in the Markdown files under dir, links to relative .md paths and links to the public
// address (links.baseUrl + /knowledge/<slug>) of an article that has a file there.
func pulledLinks(t *testing.T, dir, base string) (rel, public int) {
	relRe := regexp.MustCompile(`\]\((\.\./)*[a-z0-9-/]*[a-z0-9-]+\.md(#[^)]*)?\)`)
	pubRe := regexp.MustCompile(`\]\(` + regexp.QuoteMeta(strings.TrimRight(base, "/")+"/knowledge/") + `([a-z0-9-]+)`)
	articles := map[string]bool{}
	var files [][]byte
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			articles[strings.TrimSuffix(filepath.Base(p), ".md")] = true
			b, _ := os.ReadFile(p)
			files = append(files, b)
		}
		return nil
	})
	for _, b := range files {
		rel += len(relRe.FindAll(b, -1))
		for _, m := range pubRe.FindAllSubmatch(b, -1) {
			if articles[string(m[1])] {
				public++
			}
		}
	}
	return rel, public
}
