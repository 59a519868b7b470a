package docs

import (
	"strings"
	"testing"
)

// Issue 11 §3: trees of other tools, adapted by configuration.

func wantNoDiag(t *testing.T, tr *Tree, code string) {
	t.Helper()
	for _, d := range tr.Diagnostics {
		if d.Code == code {
			t.Fatalf("unexpected %s diagnostic: %s", code, d)
		}
	}
}

func codeCount(tr *Tree, code string) int {
	n := 0
	for _, d := range tr.Diagnostics {
		if d.Code == code {
			n++
		}
	}
	return n
}

func TestCodesAndRules(t *testing.T) {
	files := map[string]string{
		"c/a.md": "# A\n\nSee [x](missing.md) and <b>html</b>.\n\n{{< note >}}\n",
		"c/b.md": "---\nslug: Bad Slug\n---\nText.\n",
	}
	tr := load(t, files, Options{})
	wantDiag(t, tr, "c/a.md", 3, SevError, "link missing.md points to c/missing.md")
	for _, d := range tr.Diagnostics {
		if d.Code == "" || !strings.HasSuffix(d.String(), " ["+d.Code+"]") {
			t.Fatalf("diagnostic without its code at the end: %q", d.String())
		}
		if _, ok := Codes[d.Code]; !ok {
			t.Fatalf("code %q is not in Codes", d.Code)
		}
	}
	tr = load(t, files, Options{Rules: map[string]string{"broken-link": "warning", "raw-html": "off", "shortcode": "error", "invalid-slug": "warning"}})
	wantDiag(t, tr, "c/a.md", 3, SevWarning, "link missing.md points to c/missing.md")
	wantNoDiag(t, tr, "raw-html")
	wantDiag(t, tr, "c/a.md", 5, SevError, "Hugo shortcode")
	// a lowered invalid slug becomes a valid one, and says which
	wantDiag(t, tr, "c/b.md", 2, SevWarning, `slug "Bad Slug" is not valid; "bad-slug" is used instead`)
	if page(t, tr, "c/b.md").Slug != "bad-slug" {
		t.Fatal("slug not made valid")
	}
	// --strict raises what the rules left as warnings
	tr = load(t, files, Options{Rules: map[string]string{"broken-link": "warning", "raw-html": "off"}, Strict: true})
	wantDiag(t, tr, "c/a.md", 3, SevError, "(--strict)")
	wantNoDiag(t, tr, "raw-html")
	// rules that cannot work are errors of the configuration
	tr = load(t, files, Options{Rules: map[string]string{"broken-links": "off", "jsx": "loud", "no-category": "off"}})
	wantDiag(t, tr, ".atender.yaml", 1, SevError, `rules: unknown code "broken-links" (did you mean "broken-link"?)`)
	wantDiag(t, tr, ".atender.yaml", 1, SevError, `rules: jsx: "loud" is not error, warning or off`)
	wantDiag(t, tr, ".atender.yaml", 1, SevError, "rules: no-category cannot be set to off")
}

func TestSlugsFromPath(t *testing.T) {
	files := map[string]string{
		"guide/variables.md":    "# V\n\nText.\n",
		"guide/index.md":        "# G\n\nText.\n",
		"ref/variables.md":      "# V2\n\nText.\n",
		"ref/deep/Some File.md": "# S\n\nText.\n",
		"guide/own.md":          "---\nslug: kept\n---\nText.\n",
		"guide/held.md":         "---\nsync: false\n---\nText.\n",
	}
	tr := load(t, files, Options{})
	wantDiag(t, tr, "guide/variables.md", 1, SevError, "or set `slugs: path` in .atender.yaml")
	tr = load(t, files, Options{Slugs: "path"})
	noErrors(t, tr)
	for rel, want := range map[string]string{"guide/variables.md": "guide-variables", "guide/index.md": "guide", "ref/variables.md": "ref-variables", "ref/deep/Some File.md": "ref-deep-some-file", "guide/own.md": "kept"} {
		if p := page(t, tr, rel); p.Slug != want {
			t.Errorf("%s: slug %q, want %q", rel, p.Slug, want)
		}
	}
	if len(tr.Held) != 1 || tr.Held[0] != "guide-held" {
		t.Errorf("held %v", tr.Held)
	}
}

func TestDocusaurusRoutesAndSiteLinks(t *testing.T) {
	tr := load(t, map[string]string{
		"intro.md":                  "---\nslug: /\ncategory: General\n---\nHome. See [the guide](/docs/guides/start) and [setup](/docs/Guides/Setup/).\n",
		"guides/getting-started.md": "---\nslug: /guides/start\n---\nStart. Back [home](/docs/) or [again](/docs) and [rel](../intro).\n",
		"guides/other.md":           "---\nslug: sub/route\n---\nSee [start](start) and [routed](/docs/guides/sub/route/).\n",
		"guides/setup.md":           "# Setup\n\nText. [Missing](/docs/guides/instal) and [off site](/blog/post).\n",
		"guides/install.md":         "# Install\n\nText.\n",
	}, Options{SitePrefix: "/docs"})
	noErrors(t, tr)
	home := page(t, tr, "intro.md")
	if home.Slug != "intro" || home.Sources["slug"] != "filename" {
		t.Fatalf("a route slug is not the Atender slug: %q (%s)", home.Slug, home.Sources["slug"])
	}
	if !strings.Contains(home.Content, "(/knowledge/getting-started)") || !strings.Contains(home.Content, "(/knowledge/setup)") {
		t.Fatalf("routes and case-insensitive site paths not resolved: %q", home.Content)
	}
	gs := page(t, tr, "guides/getting-started.md")
	if strings.Count(gs.Content, "(/knowledge/intro)") != 3 {
		t.Fatalf("links to the root route: %q", gs.Content)
	}
	if o := page(t, tr, "guides/other.md"); !strings.Contains(o.Content, "[routed](/knowledge/other)") {
		t.Fatalf("a relative route: %q", o.Content)
	}
	wantDiag(t, tr, "guides/setup.md", 3, SevWarning, "did you mean guides/install.md?")
	wantDiag(t, tr, "guides/setup.md", 3, SevWarning, "link /blog/post is a path on another site")
}

// Hugo lowercases file names in URLs and ends them with a slash.
func TestHugoSitePathsAnyCase(t *testing.T) {
	tr := load(t, map[string]string{
		"functions/lang/Translate.md": "# T\n\nText.\n",
		"functions/_index.md":         "# F\n\nSee [translate](/functions/lang/translate/) and [section](/functions/).\n",
		"functions/broken.md":         "# B\n\n[x](../functions/lang/translat.md) and [y].\n\n[y]: <{{% eturl rss %}}>\n",
	}, Options{})
	f := page(t, tr, "functions/_index.md")
	if !strings.Contains(f.Content, "(/knowledge/translate)") || !strings.Contains(f.Content, "(/knowledge/functions)") {
		t.Fatalf("content %q", f.Content)
	}
	wantDiag(t, tr, "functions/broken.md", 3, SevError, "points to functions/lang/translat.md, which does not exist; did you mean functions/lang/Translate.md?")
	wantDiag(t, tr, "functions/broken.md", 5, SevWarning, "link destination {{% eturl rss %}} is a Hugo shortcode")
}

func TestImgSrcInHTMLIsCheckedAndRewritten(t *testing.T) {
	files := map[string]string{
		"c/a.md":      "# A\n\n<img src=\"img/p.png\" width=\"300\"/>\n\nand <img src='/static/x.png'> and <img src=\"gone.png\">\n",
		"c/img/p.png": "png",
	}
	tr := load(t, files, Options{AssetsBaseURL: "https://cdn.example.com/docs"})
	a := page(t, tr, "c/a.md")
	if !strings.Contains(a.Content, `<img src="https://cdn.example.com/docs/c/img/p.png" width="300"/>`) || !strings.Contains(a.Content, `<img src='https://cdn.example.com/docs/static/x.png'>`) {
		t.Fatalf("content %q", a.Content)
	}
	wantDiag(t, tr, "c/a.md", 5, SevError, "image gone.png points to c/gone.png, which does not exist")
	tr = load(t, files, Options{})
	wantDiag(t, tr, "c/a.md", 3, SevError, "relative image img/p.png: Atender has no media upload")
}

func TestAdmonitionsImportsAndTitleHeading(t *testing.T) {
	files := map[string]string{
		"c/a.mdx.md": "---\ntitle: Same\n---\nimport Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n# Same\n\n:::tip Be careful\nSee [b](b.md).\n:::\n\n<Tabs>\n</Tabs>\n",
		"c/b.md":     "import X from 'x';\n\n# B\n\n::: warning\nText.\n:::\n",
	}
	tr := load(t, files, Options{})
	a := page(t, tr, "c/a.mdx.md")
	want := "# Same\n\n> **Be careful**\n> See [b](/knowledge/b).\n\n\n<Tabs>\n</Tabs>\n"
	if a.Content != want {
		t.Fatalf("content %q\nwant    %q", a.Content, want)
	}
	if b := page(t, tr, "c/b.md"); b.Content != "> **Warning:**\n> Text.\n" {
		t.Fatalf("content %q", b.Content)
	}
	if n := codeCount(tr, "mdx-import"); n != 1 {
		t.Fatalf("%d mdx-import warnings, want one per tree:\n%s", n, diagText(tr))
	}
	wantDiag(t, tr, "c/a.mdx.md", 4, SevWarning, "MDX import/export lines are removed from the articles: 2 paragraph(s) in 2 file(s)")
	wantDiag(t, tr, "c/a.mdx.md", 7, SevWarning, `the heading "Same" repeats the title`)
	wantDiag(t, tr, "c/a.mdx.md", 13, SevWarning, "JSX/MDX or Vue component <Tabs>")

	tr = load(t, files, Options{Admonitions: "keep", TitleHeading: "strip"})
	wantNoDiag(t, tr, "title-heading")
	if a := page(t, tr, "c/a.mdx.md"); !strings.HasPrefix(a.Content, ":::tip Be careful\n") {
		t.Fatalf("kept admonition, stripped heading: %q", a.Content)
	}
	tr = load(t, files, Options{TitleHeading: "keep"})
	wantNoDiag(t, tr, "title-heading")
	if a := page(t, tr, "c/a.mdx.md"); !strings.HasPrefix(a.Content, "# Same\n") {
		t.Fatalf("kept heading: %q", a.Content)
	}
}

func TestForeignFieldsOncePerTree(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a.md": "---\noutline: deep\neditLink: false\nhide: [toc]\n---\nText.\n",
		"c/b.md": "---\noutline: 2\nlastUpdated: false\ntemplate: x.html\nsearch: {exclude: true}\n---\nText.\n",
		"c/c.md": "---\noutline: 3\npageClass: wide\n---\nText.\n",
	}, Options{})
	noErrors(t, tr)
	wantNoDiag(t, tr, "unknown-field")
	wantDiag(t, tr, "c/a.md", 2, SevWarning, "field `outline` (VitePress) is ignored by atender; 3 file(s)")
	wantDiag(t, tr, "c/a.md", 4, SevWarning, "field `hide` (MkDocs)")
	wantDiag(t, tr, "c/b.md", 5, SevWarning, "field `search` (MkDocs)")
	if n := codeCount(tr, "foreign-field"); n != 7 {
		t.Fatalf("%d foreign-field warnings, want one per field:\n%s", n, diagText(tr))
	}
}

func TestEmptyTreeAndEmptyBodies(t *testing.T) {
	tr := load(t, map[string]string{"notes.txt": "not Markdown"}, Options{})
	wantDiag(t, tr, ".", 1, SevError, "no Markdown files (.md, .mdx, .markdown) under")
	tr = load(t, map[string]string{"notes.txt": "x"}, Options{Rules: map[string]string{"empty-tree": "off"}})
	noErrors(t, tr)

	files := map[string]string{"s/empty.md": "---\ntitle: Section\n---\n", "s/a.md": "# A\n\nText.\n"}
	tr = load(t, files, Options{})
	wantDiag(t, tr, "s/empty.md", 4, SevError, "empty body")
	tr = load(t, files, Options{Rules: map[string]string{"empty-body": "warning"}})
	noErrors(t, tr)
	wantDiag(t, tr, "s/empty.md", 4, SevWarning, "empty body: the page is left out of the sync")
	if len(tr.Pages) != 1 || tr.Skipped != 1 {
		t.Fatalf("%d pages, %d skipped", len(tr.Pages), tr.Skipped)
	}
}

// A Hugo section page (_index.md with frontmatter only) describes its folder's category when empty-body is
// lowered; it is not an article.
func TestHugoSectionPagesDescribeTheirCategory(t *testing.T) {
	tr := load(t, map[string]string{
		"functions/_index.md":         "---\ntitle: Template functions\ndescription: All of them.\n---\n",
		"functions/lang/_index.md":    "---\ntitle: Language\n---\n\n",
		"functions/lang/translate.md": "# Translate\n\nText.\n",
		"functions/len.md":            "# Len\n\nText.\n",
		"other/_category.yml":         "title: Kept\n",
		"other/_index.md":             "---\ntitle: Not used\n---\n",
		"other/a.md":                  "# A\n\nText.\n",
	}, Options{Rules: map[string]string{"empty-body": "off"}})
	noErrors(t, tr)
	if len(tr.Pages) != 3 || tr.Skipped != 3 {
		t.Fatalf("%d pages, %d skipped", len(tr.Pages), tr.Skipped)
	}
	cats := map[string]*Category{}
	for _, c := range append(tr.Categories, tr.Subcategories...) {
		cats[c.Slug] = c
	}
	if c := cats["functions"]; c == nil || c.Title != "Template functions" || c.Description != "All of them." || !c.Explicit {
		t.Fatalf("functions: %+v", c)
	}
	if c := cats["lang"]; c == nil || c.Title != "Language" || c.Parent != "functions" {
		t.Fatalf("lang: %+v", c)
	}
	if c := cats["other"]; c == nil || c.Title != "Kept" {
		t.Fatalf("a _category.yml wins: %+v", c)
	}
}

func TestDocusaurusUseBaseURLImages(t *testing.T) {
	files := map[string]string{"c/a.md": "# A\n\n<div><img alt=\"x\" src={useBaseUrl('img/shot.png')} /></div>\n"}
	tr := load(t, files, Options{AssetsBaseURL: "https://example.com/docs/"})
	noErrors(t, tr)
	if a := page(t, tr, "c/a.md"); !strings.Contains(a.Content, `<img alt="x" src="https://example.com/docs/img/shot.png" />`) {
		t.Fatalf("content %q", a.Content)
	}
	tr = load(t, files, Options{})
	wantDiag(t, tr, "c/a.md", 3, SevError, "image /img/shot.png is a path on another site")
}

// Converted admonitions keep every diagnostic at the file's line and column.
func TestPositionsInsideAdmonitions(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a.md": "# A\n\n::::note\n:::tip\nSee [x](gone.md).\n:::\n::::\n\n!!! warning \"Careful\"\n    And [y](gone2.md).\n",
	}, Options{})
	wantDiag(t, tr, "c/a.md", 5, SevError, "link gone.md points to c/gone.md")
	wantDiag(t, tr, "c/a.md", 10, SevError, "link gone2.md points to c/gone2.md")
	for _, d := range tr.Diagnostics {
		if d.Line == 5 && d.Col != 9 || d.Line == 10 && d.Col != 13 {
			t.Fatalf("column not the file's: %s", d)
		}
	}
}
