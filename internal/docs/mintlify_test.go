package docs

import (
	"maps"
	"strings"
	"testing"
)

// A Mintlify site in several languages (docs.json `navigation.languages`, a language in a `$ref` file):
// the default language's pages are the articles, the other languages' folders are left out as
// translations and counted; readme.mdx is a page of its own (Mintlify's /migration/readme), not its
// folder's index, so it does not collide with migration/index.mdx.
func TestMintlifyLanguagesAndReadmePages(t *testing.T) {
	tr, err := Load("testdata/mintlify", Options{Preset: "mintlify", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors() != 0 || !maps.Equal(tr.LeftOut, map[string]int{"locale": 3}) {
		t.Fatalf("left out %v (want 3 locale pages); %v", tr.LeftOut, tr.Diagnostics)
	}
	var slugs []string
	for _, p := range tr.Pages {
		slugs = append(slugs, p.Path+"="+p.Slug)
	}
	if got := strings.Join(slugs, " "); got != "index.mdx=index migration/index.mdx=migration migration/readme.mdx=migration-readme" {
		t.Fatalf("pages %s", got)
	}
	if p := page(t, tr, "migration/index.mdx"); !strings.Contains(p.Content, "](/knowledge/migration-readme)") {
		t.Errorf("the link to /migration/readme: %q", p.Content)
	}
	if c := tr.PageCounts().String(); !strings.Contains(c, "3 left out (3 locale)") {
		t.Errorf("summary %q", c)
	}
}
