package docs

import (
	"path/filepath"
	"strings"
	"testing"
)

// Extensionless links of a Docusaurus tree are URLs of the built site: they resolve against the route of
// the page they are written in (its folder without number prefixes, and its `id:`, `slug:` or file name),
// to the page whose route they name, wherever its file is and whatever it is called.
func TestDocusaurusLinksResolveAgainstRoutes(t *testing.T) {
	tr, err := Load(filepath.Join("testdata", "docusaurus-routes", "docs"), Options{Preset: "docusaurus", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	ref := page(t, tr, "01-usage/structuring/Refactoring.md")
	for _, want := range []string{
		"[boilerplate](/knowledge/01-usage-02-reducingboilerplate)",  // id: reducing-boilerplate, in 01-usage
		"[the section](/knowledge/01-usage-structuring-structuring)", // the folder's own page is its route
		"[the start](/knowledge/intro#top)",
		"[the built page](/knowledge/01-usage-02-reducingboilerplate)",
	} {
		if !strings.Contains(ref.Content, want) {
			t.Errorf("Refactoring.md: no %s in\n%s", want, ref.Content)
		}
	}
	if c := page(t, tr, "01-usage/structuring/structuring.md").Content; !strings.Contains(c, "(/knowledge/01-usage-structuring-refactoring)") {
		t.Errorf("structuring.md: ./refactoring is the file beside it:\n%s", c)
	}
	// slug: /a/b/moved puts the page two levels down: ../../intro is the site's /intro, not a path above
	// the docs folder.
	if c := page(t, tr, "guides/moved.md").Content; !strings.Contains(c, "[the start](/knowledge/intro)") {
		t.Errorf("moved.md:\n%s", c)
	}
	var broken []string
	for _, d := range tr.Diagnostics {
		if d.Severity == SevError {
			broken = append(broken, d.Path+" "+string(d.Code)+": "+d.Message)
		}
	}
	if len(broken) != 1 || !strings.Contains(broken[0], "guides/moved.md broken-link: link ../nope") {
		t.Errorf("want one error, for ../nope: %v", broken)
	}
}

// A VitePress tree's translations are the `locales:` of its config, not folders guessed from their names:
// ssr/ is a section of the English tree, zh/ a translation (left out and counted). Its links name built
// pages: `x.html`, `dir/` and extensionless links reach the page, as the site's own do.
func TestVitePressLocalesAndRoutes(t *testing.T) {
	tr, err := Load(filepath.Join("testdata", "vitepress", "docs"), Options{Preset: "vitepress", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors() != 0 || len(tr.Pages) != 4 || tr.LeftOut["locale"] != 2 {
		t.Fatalf("%d pages, left out %v, want 4 and 2 locale pages:\n%s", len(tr.Pages), tr.LeftOut, diagText(tr))
	}
	for rel, want := range map[string][]string{
		"index.md":       {"[the guide](/knowledge/guide)", "[SSR](/knowledge/ssr)"},
		"guide/index.md": {"[SSR](/knowledge/ssr#hydration)", "[Nuxt](/knowledge/ssr-nuxt)", "[Nuxt again](/knowledge/ssr-nuxt)", "[home](/knowledge/index)"},
		"ssr/nuxt.md":    {"[SSR](/knowledge/ssr)"},
	} {
		c := page(t, tr, rel).Content
		for _, w := range want {
			if !strings.Contains(c, w) {
				t.Errorf("%s: no %s in\n%s", rel, w, c)
			}
		}
	}
}

// VitePress serves only index.md at its folder's address: a README.md beside it is a page of its own.
func TestVitePressReadmeIsAPageOfItsOwn(t *testing.T) {
	tr := load(t, map[string]string{"guide/index.md": "# Guide\n\nSee [the readme](./README.md).\n", "guide/README.md": "# Read me\n\nText.\n"}, Options{Preset: "vitepress", DefaultCategory: "Docs"})
	if tr.Errors() != 0 || page(t, tr, "guide/README.md").Slug != "guide-readme" || page(t, tr, "guide/index.md").Slug != "guide" {
		t.Fatalf("%s", diagText(tr))
	}
}

// A Docusaurus category with a generated index page (`link: {type: generated-index}`) is a page of the
// site: a link to its folder or its route points at the category's first article, with a warning, since
// Atender has no category pages.
func TestLinksToAGeneratedIndexPage(t *testing.T) {
	tr, err := Load(filepath.Join("testdata", "docusaurus-routes", "docs"), Options{Preset: "docusaurus", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	c := page(t, tr, "kb/intro.md").Content
	for _, want := range []string{"[the how-tos](/knowledge/kb-how-to-csv)", "[them again](/knowledge/kb-how-to-csv)", "[all](/knowledge/kb-intro)"} {
		if !strings.Contains(c, want) {
			t.Errorf("no %s in\n%s", want, c)
		}
	}
	n := 0
	for _, d := range tr.Diagnostics {
		if d.Code == "category-link" {
			n++
			if d.Path != "kb/intro.md" || !strings.Contains(d.Message, "Atender has no category pages") {
				t.Errorf("%s", d)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d category-link warnings, want 3:\n%s", n, diagText(tr))
	}
}

// A VitePress home page (`layout: home`: hero and features from the frontmatter, no text) is rendered
// from its layout: left out, named and counted, not an empty-body error that stops the sync.
func TestVitePressHomeLayoutIsLeftOut(t *testing.T) {
	tr := load(t, map[string]string{
		"index.md":       "---\nlayout: home\nhero:\n  name: Example\n  tagline: Fast\nfeatures:\n  - title: One\n---\n",
		"guide/start.md": "# Start\n\nText.\n",
	}, Options{Preset: "vitepress", DefaultCategory: "Docs"})
	if tr.Errors() != 0 || len(tr.Pages) != 1 || tr.LeftOut[ReasonTemplate] != 1 {
		t.Fatalf("%d pages, left out %v:\n%s", len(tr.Pages), tr.LeftOut, diagText(tr))
	}
	wantDiag(t, tr, "index.md", 2, SevWarning, "page generated from its layout home has no text of its own")
}
