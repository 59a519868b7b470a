package docs

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// A Mintlify site in several languages (docs.json `navigation.languages`, a language in a `$ref` file):
// the default language's pages are the articles, the other languages' folders are left out as
// translations and counted; readme.mdx is a page of its own (Mintlify's /migration/readme), not its
// folder's index, so it does not collide with migration/index.mdx. A page whose body is only a component
// without text (an interactive widget) is left out with a warning that names the component, and counted; a
// component with text keeps it.
func TestMintlifyLanguagesAndReadmePages(t *testing.T) {
	tr, err := Load("testdata/mintlify", Options{Preset: "mintlify", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors() != 0 || !maps.Equal(tr.LeftOut, map[string]int{"locale": 3, "component-only page": 1}) {
		t.Fatalf("left out %v (want 3 locale pages, 1 component-only); %v", tr.LeftOut, tr.Diagnostics)
	}
	wantDiag(t, tr, "assistant/widget-preview.mdx", 5, SevWarning, "the page has only components (WidgetHost) and no text Atender can show: left out of the sync")
	if !slices.Contains(tr.Held, "assistant-widget-preview") {
		t.Errorf("held %v: a component-only page left out holds its article", tr.Held)
	}
	if p := page(t, tr, "assistant/playground.mdx"); !strings.Contains(p.Content, "Try the assistant here.") {
		t.Errorf("playground: %q", p.Content)
	}
	var slugs []string
	for _, p := range tr.Pages {
		slugs = append(slugs, p.Path+"="+p.Slug)
	}
	if got := strings.Join(slugs, " "); got != "assistant/playground.mdx=assistant-playground index.mdx=index migration/index.mdx=migration migration/readme.mdx=migration-readme" {
		t.Fatalf("pages %s", got)
	}
	if p := page(t, tr, "migration/index.mdx"); !strings.Contains(p.Content, "](/knowledge/migration-readme)") {
		t.Errorf("the link to /migration/readme: %q", p.Content)
	}
	if c := tr.PageCounts().String(); !strings.Contains(c, "4 left out (3 locale, 1 component-only page)") {
		t.Errorf("summary %q", c)
	}
}
