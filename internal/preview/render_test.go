package preview

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/preview/previewtest"
)

// checkLinks follows every link of the site under out (previewtest.CheckLinks) and fails on a site-absolute
// one, which would not open from disk. It returns the pages and the links between articles.
func checkLinks(t testing.TB, out string) (pages, between int) {
	t.Helper()
	l := previewtest.CheckLinks(t, out)
	for _, a := range l.Absolute {
		t.Errorf("site-absolute link does not open from disk: %s", a)
	}
	return l.Pages, l.Between
}

func TestRenderWritesPagesWithRelativeLinks(t *testing.T) {
	tree, err := docs.LoadContext(context.Background(), writeTree(t, sample), docs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	n, err := Render(Build(tree, Options{}), out)
	if err != nil {
		t.Fatal(err)
	}
	if n.Articles != len(tree.Pages) || n.Articles != 5 {
		t.Fatalf("wrote %d article pages for %d pages", n.Articles, len(tree.Pages))
	}
	for _, f := range []string{"index.html", "knowledge/welcome/index.html", "problems/index.html", "file/billing%2Fbad.md.html", "_preview/style.css", "_preview/preview.js"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	pages, between := checkLinks(t, out)
	if pages != 8 || between == 0 {
		t.Errorf("%d pages, %d links between articles", pages, between)
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	mustContain(t, "static home", string(home), `href="knowledge/welcome/index.html"`, `http-equiv="Content-Security-Policy"`, "Welcome")
	mustLack(t, "static home", string(home), "data-events")
	art, _ := os.ReadFile(filepath.Join(out, "knowledge", "welcome", "index.html"))
	mustContain(t, "static article", string(art), `href="../../knowledge/basics/index.html#cards"`, `href="../../_preview/style.css"`)
}

// Links written with links.baseUrl (absolute URLs of the public help center) lead to the preview's pages.
func TestLinksBaseURLLinksStayInThePreview(t *testing.T) {
	tree, err := docs.LoadContext(context.Background(), writeTree(t, sample), docs.Options{LinksBaseURL: "https://help.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	var welcome *docs.Page
	for _, p := range tree.Pages {
		if p.Slug == "welcome" {
			welcome = p
		}
	}
	if welcome == nil || !strings.Contains(welcome.Content, "https://help.example.com/knowledge/basics#cards") {
		t.Fatalf("sync would not send an absolute link: %+v", welcome)
	}
	s := Build(tree, Options{LinksBaseURL: "https://help.example.com"})
	var body bytes.Buffer
	s.writeBody(&body, welcome.Content, served.Article)
	mustContain(t, "body", body.String(), `href="/knowledge/basics#cards"`)
}

// Two files with one slug (an error of both) are two pages: the first at /knowledge/<slug>, the second at
// its file's page saying why, and neither written over the other.
func TestDuplicateSlugsAreNotWrittenOverEachOther(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/intro.md": "---\ntitle: Intro to A\n---\nAlpha text.\n",
		"b/intro.md": "---\ntitle: Intro to B\n---\nBeta text.\n",
	})
	tree, err := docs.LoadContext(context.Background(), dir, docs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	n, err := Render(Build(tree, Options{}), out)
	if err != nil {
		t.Fatal(err)
	}
	if n.Articles != 1 {
		t.Errorf("%d pages at knowledge/, want 1 (the slug's first file)", n.Articles)
	}
	first, err := os.ReadFile(filepath.Join(out, "knowledge", "intro", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "the slug's page", string(first), "Intro to A", "a/intro.md", "duplicate slug")
	mustLack(t, "the slug's page", string(first), "Intro to B<")
	second, err := os.ReadFile(filepath.Join(out, "file", "b%2Fintro.md.html"))
	if err != nil {
		t.Fatalf("the second file's page is not written: %v", err)
	}
	mustContain(t, "the second file's page", string(second), "Intro to B", "has that slug already", `href="../knowledge/intro/index.html"`)
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	mustContain(t, "home", string(home), `href="knowledge/intro/index.html"`, `href="file/b%252Fintro.md.html"`)
	checkLinks(t, out)

	_, hs := newTestServer(t, dir)
	code, _, page := get(t, hs.URL+"/file/b%2Fintro.md")
	if code != 200 {
		t.Fatalf("served page of the second file: %d", code)
	}
	mustContain(t, "served page of the second file", page, "Intro to B", "has that slug already")
	_, _, served := get(t, hs.URL+"/knowledge/intro")
	mustContain(t, "served slug page", served, "Intro to A")
}

// Links between articles written as raw HTML (<a href="/knowledge/…">, or the public URL with
// links.baseUrl) lead to the static pages as Markdown links do.
func TestRawHTMLLinksBetweenArticlesAreRelative(t *testing.T) {
	files := map[string]string{
		"c/basics.md": "---\ntitle: Basics\n---\n## Cards\n\nText.\n",
		"c/html.md": "---\ntitle: Raw links\n---\n<div class=\"note\"><a href=\"/knowledge/basics#cards\">Block link</a></div>\n\n" +
			"Inline <a href=\"https://help.example.com/knowledge/basics\">public link</a> and <a href=\"https://other.example/knowledge/basics\">another site</a>.\n",
	}
	tree, err := docs.LoadContext(context.Background(), writeTree(t, files), docs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Render(Build(tree, Options{LinksBaseURL: "https://help.example.com"}), out); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "knowledge", "html", "index.html"))
	mustContain(t, "raw HTML links", string(page), `<a href="../../knowledge/basics/index.html#cards"`, `<a href="../../knowledge/basics/index.html"`,
		`href="https://other.example/knowledge/basics"`, ">Block link</a>", ">public link</a>")
	if _, between := checkLinks(t, out); between < 2 {
		t.Errorf("%d links between articles followed, want the 2 raw HTML ones", between)
	}
}
