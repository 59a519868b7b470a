//go:build !race

// The whole-corpus loads do not run under the race detector: it makes the parser six to ten times slower on
// a thousand real pages (Hugo: 3.6 s of the race suite) and the concurrency it checks, one goroutine per
// page, is the same on the small trees of this package's other tests, which do run under -race.
// `go test ./...` runs them, and `make test` runs them after the race-enabled suite.

package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/corporatest"
	"github.com/atender/atender/internal/slug"
)

// corpus is a real documentation tree of another project (../shared/corpora), written for Docusaurus or
// Hugo, not for Atender.
func corpus(t testing.TB, rel string) string { return corporatest.Dir(t, rel) }

func TestCorpusPlausibleDocusaurus(t *testing.T) {
	t.Parallel() // the corpus is only read
	tr, err := Load(corpus(t, "plausible-docs/docs"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Pages) < 120 {
		t.Fatalf("only %d pages from ~133 files", len(tr.Pages))
	}
	counts := map[string]int{}
	for _, d := range tr.Diagnostics {
		if d.Line < 1 || d.Col < 1 || d.Path == "" || strings.HasPrefix(d.Path, "/") {
			t.Fatalf("diagnostic without a usable position: %+v", d)
		}
		switch {
		case strings.Contains(d.Message, "MDX import"):
			counts["import"]++
		case d.Code == "jsx":
			counts["jsx"]++
		case strings.Contains(d.Message, "no category"):
			counts["category"]++
		case strings.Contains(d.Message, "ignored by atender"):
			counts["foreign"]++
		}
	}
	// Docusaurus trees import components and use JSX; files at the root have no category folder.
	if counts["import"] == 0 || counts["jsx"] == 0 || counts["category"] == 0 {
		t.Fatalf("expected MDX, JSX and missing-category diagnostics, got %v", counts)
	}
	// With a default category, every remaining error is about links or images that cannot work in Atender.
	tr, _ = Load(corpus(t, "plausible-docs/docs"), Options{DefaultCategory: "General"})
	for _, d := range tr.Diagnostics {
		if d.Severity == SevError && !strings.Contains(d.Message, "link") && !strings.Contains(d.Message, "image") && !strings.Contains(d.Message, "slug") {
			t.Errorf("unexpected error on a Docusaurus tree: %s", d)
		}
	}
	// Docusaurus site routes to pages of the tree are rewritten rather than reported.
	rewritten := 0
	for _, p := range tr.Pages {
		rewritten += strings.Count(p.Content, "](/knowledge/")
	}
	if rewritten < 20 {
		t.Errorf("only %d links rewritten to /knowledge/ paths", rewritten)
	}
}

func TestCorpusHugo(t *testing.T) {
	t.Parallel() // the corpus is only read
	tr, err := Load(corpus(t, "hugo-docs/content/en"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Pages) < 900 {
		t.Fatalf("only %d pages from ~990 files", len(tr.Pages))
	}
	shortcodes, emptyIndex := 0, 0
	for _, d := range tr.Diagnostics {
		if strings.Contains(d.Message, "Hugo shortcode") {
			shortcodes++
		}
		if strings.Contains(d.Message, "empty body") && strings.HasSuffix(d.Path, "_index.md") {
			emptyIndex++
		}
	}
	if shortcodes == 0 {
		t.Error("a Hugo tree full of shortcodes produced no shortcode warning")
	}
	if emptyIndex == 0 {
		t.Error("Hugo section pages (_index.md with frontmatter only) should be reported as empty")
	}
	// _index.md takes its folder's name as slug.
	for _, p := range tr.Pages {
		if strings.HasSuffix(p.Path, "/_index.md") && p.Slug != slugOfDir(p.Path) {
			t.Errorf("%s: slug %q", p.Path, p.Slug)
		}
	}
	fmt.Fprintf(os.Stderr, "hugo corpus: %d pages, %d errors, %d warnings\n", len(tr.Pages), tr.Errors(), tr.Warnings())
}

func slugOfDir(p string) string { return slug.Make(filepath.Base(filepath.Dir(p))) }

// Navigation metadata of real trees: MkDocs' nav: sections title their folders (uv-docs), Docusaurus'
// _category_.json labels title theirs (victory-docs).
func TestCorpusNavigationTitlesFolders(t *testing.T) {
	t.Parallel() // the corpus is only read
	for _, c := range []struct {
		dir  string
		o    Options
		want map[string]string // category or parent/subcategory → title
	}{
		{"uv-docs/docs", Options{DefaultCategory: "uv"}, map[string]string{"pip": "The pip interface", "guides/integration": "Integrations", "getting-started": "Getting started"}},
		{"victory-docs/website/docs", Options{Preset: "docusaurus"}, map[string]string{"charts": "Chart Types", "examples": "Advanced Examples", "api": "API"}},
	} {
		tr, err := Load(corpus(t, c.dir), c.o)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, k := range tr.Categories {
			got[k.Slug] = k.Title
		}
		for _, k := range tr.Subcategories {
			got[k.Parent+"/"+k.Slug] = k.Title
		}
		for k, w := range c.want {
			if got[k] != w {
				t.Errorf("%s: %s is titled %q, want %q", c.dir, k, got[k], w)
			}
		}
	}
}
