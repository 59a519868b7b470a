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

// crewAI's shape: `navigation.languages`, each with `versions` (the default one marked), pages in
// VERSION/LANG/ folders. The help center gets the default language of the default version: the other
// versions' pages, and the other languages', are left out and counted (they were 24,259 articles, 36 copies
// of each page); a page the navigation does not name follows its folder (hidden in the default version:
// published; in another version: left out). .mintignore (gitignore patterns) is what Mintlify does not publish.
func TestMintlifyVersionsAndMintignore(t *testing.T) {
	nav := `{"navigation": {"languages": [
  {"language": "en", "versions": [
    {"version": "Edge", "tabs": [{"tab": "Home", "groups": [{"group": "Welcome", "pages": ["index", "edge/en/intro"]}]}]},
    {"version": "v2", "default": true, "tabs": [{"tab": "Home", "groups": [{"group": "Welcome", "pages": ["index", "v2/en/intro"]}]}]},
    {"version": "v1", "tabs": [{"tab": "Home", "groups": [{"group": "Welcome", "pages": ["index", "v1/en/intro"]}]}]}]},
  {"language": "pt-BR", "versions": [
    {"version": "v2", "default": true, "tabs": [{"tab": "Início", "groups": [{"group": "Bem-vindo", "pages": ["v2/pt-BR/intro"]}]}]},
    {"version": "v1", "tabs": [{"tab": "Início", "groups": [{"group": "Bem-vindo", "pages": ["v1/pt-BR/intro"]}]}]}]}]}}`
	files := map[string]string{
		"docs.json":          nav,
		".mintignore":        "# tooling\ninternal/\n",
		"index.mdx":          "---\ntitle: Home\n---\n\nWelcome.\n",
		"edge/en/intro.mdx":  "---\ntitle: Intro\n---\n\nEdge.\n",
		"v2/en/intro.mdx":    "---\ntitle: Intro\n---\n\nTwo.\n",
		"v2/en/hidden.mdx":   "---\ntitle: Hidden\n---\n\nNot in the navigation.\n",
		"v1/en/intro.mdx":    "---\ntitle: Intro\n---\n\nOne.\n",
		"v1/en/hidden.mdx":   "---\ntitle: Hidden\n---\n\nOld.\n",
		"v2/pt-BR/intro.mdx": "---\ntitle: Introdução\n---\n\nDois.\n",
		"v1/pt-BR/intro.mdx": "---\ntitle: Introdução\n---\n\nUm.\n",
		"internal/notes.md":  "# Notes\n\nFor the team.\n",
		// Mintlify's own defaults, with or without .mintignore (abstract-docs' README.md reached the KB)
		"README.md":          "# Abstract docs\n\nHow to run the docs locally.\n",
		"v2/en/CHANGELOG.md": "# Changes\n\nv2.\n",
		"build/out.mdx":      "---\ntitle: Out\n---\n\nBuilt.\n",
	}
	tr := load(t, files, Options{Preset: "mintlify", DefaultCategory: "Docs"})
	noErrors(t, tr)
	var got []string
	for _, p := range tr.Pages {
		got = append(got, p.Path)
	}
	if strings.Join(got, " ") != "index.mdx v2/en/hidden.mdx v2/en/intro.mdx" {
		t.Errorf("pages %v", got)
	}
	if want := map[string]int{"other version": 3, "locale": 2, ".mintignore": 4}; !maps.Equal(tr.LeftOut, want) {
		t.Errorf("left out %v, want %v", tr.LeftOut, want)
	}
}
