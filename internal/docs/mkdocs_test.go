package docs

import (
	"maps"
	"strings"
	"testing"
)

func loadMkdocsFixture(t *testing.T) *Tree {
	t.Helper()
	tr, err := Load("testdata/mkdocs/docs", Options{Preset: "mkdocs", DefaultCategory: "Docs", AssetsBaseURL: "https://example.com/site", RepoRef: "main"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors() != 0 {
		t.Fatalf("errors: %v", tr.Diagnostics)
	}
	return tr
}

// MkDocs serves setup/social-cards.md as setup/social-cards/ and leaves raw HTML to the browser, so
// <img src="../../assets/x.png"> in that page is docs/assets/x.png (a Markdown image is relative to the
// file, as MkDocs rewrites it). An image outside the docs folder is shown from the repository (repo_url).
func TestMkDocsRawHTMLImagesAreRelativeToThePageURL(t *testing.T) {
	tr := loadMkdocsFixture(t)
	c := page(t, tr, "setup/social-cards.md").Content
	for _, want := range []string{
		`<img src="https://example.com/site/assets/screenshots/layer-0.png" />`,
		`![The first layer](https://example.com/site/assets/screenshots/layer-0.png)`,
		`](https://github.com/example/site/raw/main/internal/docs/testdata/mkdocs/overrides/logo.png)`,
	} {
		if !strings.Contains(c, want) {
			t.Errorf("content lacks %s:\n%s", want, c)
		}
	}
	// Without a repository address, the error names the setting that fixes it.
	tr2, _ := Load("testdata/mkdocs/docs", Options{Preset: "none", AssetsBaseURL: "https://example.com/site"})
	wantDiag(t, tr2, "setup/social-cards.md", 11, SevError, "image ../../overrides/logo.png points outside the docs folder (to ../overrides/logo.png); set links.repoUrl in .atender.yaml")
}

// The blog plugin writes the post list of blog/index.md and a `template: redirect.html` page is rendered
// from its template: with no text of their own they are left out, named and counted, not empty-body errors.
// A post's `slug: mkdocs-2.0` (the blog plugin allows dots) gives a valid slug, with a warning.
func TestMkDocsGeneratedPagesAndBlogSlugs(t *testing.T) {
	tr := loadMkdocsFixture(t)
	if want := map[string]int{"generated index": 1, "template page": 1}; !maps.Equal(tr.LeftOut, want) {
		t.Fatalf("left out %v, want %v", tr.LeftOut, want)
	}
	wantDiag(t, tr, "blog/index.md", 1, SevWarning, "page generated from the blog plugin (its list of posts) has no text of its own: left out of the sync")
	wantDiag(t, tr, "insiders/index.md", 2, SevWarning, "page generated from its template redirect.html has no text of its own")
	wantDiag(t, tr, "blog/posts/release.md", 3, SevWarning, `slug "mkdocs-2.0" is not valid; "mkdocs-2-0" is used instead`)
	if p := page(t, tr, "blog/posts/release.md"); p.Slug != "mkdocs-2-0" {
		t.Errorf("slug %q", p.Slug)
	}
	if c := tr.PageCounts().String(); !strings.Contains(c, "2 left out (1 generated index, 1 template page)") {
		t.Errorf("summary %q", c)
	}
}

// A ``` line indented by four columns does not close a fence opened at column one (CommonMark: at most
// three): mkdocs-material's content-tabs.md shows a tab's indented code inside its example, and the tab
// after it is still the example's text, not syntax left in the article.
func TestAnIndentedFenceLineDoesNotCloseTheExample(t *testing.T) {
	tr := load(t, map[string]string{"a/x.md": "# X\n\n``` title=\"Tabs\"\n=== \"C\"\n\n    ``` c\n    int a;\n    ```\n\n=== \"C++\"\n\n    ``` c++\n    int b;\n    ```\n```\n\n> ```\n>     ```\n> === \"Q\"\n> ```\n"}, Options{Preset: "mkdocs"})
	for _, d := range tr.Diagnostics {
		if d.Code == "generator-syntax" {
			t.Errorf("%s", d)
		}
	}
}

// A four-backtick fence that shows a ``` line is code to its own end (CommonMark): the tabs it shows are
// the author's example, not syntax left in the article.
func TestSyntaxShownInALongerFenceIsNotALeftover(t *testing.T) {
	tr := load(t, map[string]string{"a/x.md": "# X\n\n```` md\n``` title=\"Tabs\"\n=== \"A\"\n\n    a\n```\n\n=== \"B\"\n\n    b\n````\n"}, Options{Preset: "mkdocs"})
	for _, d := range tr.Diagnostics {
		if d.Code == "generator-syntax" {
			t.Errorf("%s", d)
		}
	}
	if p := page(t, tr, "a/x.md"); !strings.Contains(p.Content, "=== \"B\"\n\n    b\n````") {
		t.Errorf("the example changed:\n%s", p.Content)
	}
}

// MkDocs serves async.md as async/ and leaves a link that names no .md file to the browser: httpx's
// async.md links ../advanced/transports#asgitransport, which the site resolves from /async/ to
// advanced/transports.md. It reaches that article, as on the site, instead of an outside-link error that
// kept all 23 pages out of the KB.
func TestMkDocsExtensionlessLinksResolveFromThePageURL(t *testing.T) {
	files := map[string]string{
		"mkdocs.yml":                  "site_name: x\n",
		"docs/async.md":               "# Async\n\nSee [the transport](../advanced/transports#asgitransport) and [home](../).\n",
		"docs/index.md":               "# Home\n\nSee [async](async/).\n",
		"docs/advanced/transports.md": "# Transports\n\nText.\n",
	}
	root := writeTree(t, files)
	tr, err := Load(root+"/docs", Options{Preset: "mkdocs", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	if c := page(t, tr, "async.md").Content; !strings.Contains(c, "[the transport](/knowledge/advanced-transports#asgitransport)") || !strings.Contains(c, "[home](/knowledge/index)") {
		t.Errorf("links not resolved from /async/:\n%s", c)
	}
	if c := page(t, tr, "index.md").Content; !strings.Contains(c, "[async](/knowledge/async)") {
		t.Errorf("link not resolved from /:\n%s", c)
	}
}

// pydantic's docs fill {{ conversion_table_all }} and {{ version }} from an MkDocs hook when the site is
// built; Atender would show the braces. Each page that holds one is named (once, with the count), at the
// line; in code it is the author's text, and Hugo's {{< shortcode >}} has its own warning.
func TestTemplateVariablesAreNamed(t *testing.T) {
	tr := load(t, map[string]string{
		"a/table.md": "# Conversion table\n\nThe table:\n\n{{ conversion_table_all }}\n\nVersion {{ version }}.\n\n`{{ in_code }}`\n",
		"a/code.md":  "# Code\n\n```jinja\n{{ name }}\n```\n\n<div style={{a: 1}}></div>\n",
	}, Options{Preset: "mkdocs"})
	wantDiag(t, tr, "a/table.md", 5, SevWarning, "a template variable (`{{ … }}`) filled in when the site is built is left as written (2 times in this file)")
	for _, d := range tr.Diagnostics {
		if d.Path == "a/code.md" && d.Code == "generator-syntax" {
			t.Errorf("%s", d)
		}
	}
}

// Textual builds its site with `mkdocs build -f mkdocs-online.yml`, which INHERITs mkdocs-common.yml: with
// no mkdocs.yml, that config is read (the one that sets site_url, over what it inherits), so its blog
// plugin makes blog/index.md a generated index and its repo_url shows an image outside the docs folder,
// instead of two errors that kept all 293 pages out of the KB. A post's raw HTML is relative to the URL the
// blog serves it at (its date and slug), not to its file: darren-year-in-review.md's
// <img src="../../../../images/…"> is docs/blog/images/…, not an error for a file outside the docs folder.
func TestMkDocsConfigWithAnotherNameAndInherit(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                    "ref: refs/heads/main\n",
		"mkdocs-common.yml":            "site_name: Textual\nplugins:\n  search:\n",
		"mkdocs-nav.yml":               "nav:\n  - index.md\n",
		"mkdocs-online.yml":            "INHERIT: mkdocs-common.yml\nrepo_url: https://github.com/textualize/textual/\nsite_url: https://textual.textualize.io/\nplugins:\n  blog:\n",
		"images/shot.png":              "png",
		"docs/index.md":                "# Home\n\nText.\n",
		"docs/blog/index.md":           "---\ntitle: Blog\n---\n",
		"docs/blog/posts/review.md":    "---\ntitle: Review\n---\n\n![Devtools](../../../images/shot.png)\n\n<img src=\"../../../../images/console.png\">\n",
		"docs/blog/images/console.png": "png",
	}
	root := writeTree(t, files)
	tr, err := Load(root+"/docs", Options{Preset: "mkdocs", DefaultCategory: "Docs", RepoRef: "main"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	if tr.LeftOut[ReasonGenerated] != 1 {
		t.Errorf("left out %v: want blog/index.md as a generated index", tr.LeftOut)
	}
	c := page(t, tr, "blog/posts/review.md").Content
	if !strings.Contains(c, "](https://github.com/textualize/textual/raw/main/images/shot.png)") {
		t.Errorf("the image is not shown from repo_url:\n%s", c)
	}
	// Raw HTML in a post resolves from the post's URL, blog/2022/12/20/slug/: ../../../../ is blog/.
	if !strings.Contains(c, `<img src="https://github.com/textualize/textual/raw/main/docs/blog/images/console.png"`) {
		t.Errorf("the raw-HTML image of a post:\n%s", c)
	}
}

// A blog that sets post_url_format: "{slug}" serves a post at blog/slug/, three folders shallower than the
// default, and post_dir moves the posts: the raw HTML of a post resolves from there (review R2).
func TestMkDocsBlogPostURLFormatAndPostDir(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                 "ref: refs/heads/main\n",
		"mkdocs.yml":                "site_name: x\nplugins:\n  - blog:\n      post_dir: \"{blog}/articles\"\n      post_url_format: \"{slug}\"\n",
		"docs/index.md":             "# Home\n\nText.\n",
		"docs/blog/index.md":        "# Blog\n",
		"docs/blog/images/x.png":    "png",
		"docs/blog/articles/one.md": "---\ntitle: One\n---\n\n<img src=\"../images/x.png\">\n",
	}
	root := writeTree(t, files)
	tr, err := Load(root+"/docs", Options{Preset: "mkdocs", DefaultCategory: "Docs", AssetsBaseURL: "https://example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	if c := page(t, tr, "blog/articles/one.md").Content; !strings.Contains(c, `<img src="https://example.com/blog/images/x.png"`) {
		t.Errorf("served at blog/one/, ../images is blog/images:\n%s", c)
	}
}
