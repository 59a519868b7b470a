package preset

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Each generator is recognised by its config, from the docs folder or a folder above it, and nothing is
// detected from an Astro site without Starlight, a config.toml without content/, or above the repository.
func TestDetect(t *testing.T) {
	for _, c := range []struct {
		files      map[string]string
		docs, want string
	}{
		{map[string]string{"docusaurus.config.ts": "", "docs/a.md": ""}, "docs", "docusaurus"},
		{map[string]string{"astro.config.mjs": "starlight({title: 'x'}) // @astrojs/starlight", "src/content/docs/a.md": ""}, "src/content/docs", "starlight"},
		{map[string]string{"astro.config.mjs": "export default {}", "src/content/docs/a.md": ""}, "src/content/docs", ""},
		{map[string]string{"docs/mint.json": `{"navigation": []}`, "docs/a.mdx": ""}, "docs", "mintlify"},
		// crewAI's docs.json (35 versions in 4 languages) is 2.3 MB
		{map[string]string{"docs/docs.json": `{"navigation": {"languages": []}, "x": "` + strings.Repeat("v", 2_400_000) + `"}`, "docs/a.mdx": ""}, "docs", "mintlify"},
		{map[string]string{"mkdocs.yml": "site_name: x", "docs/a.md": ""}, "docs", "mkdocs"},
		{map[string]string{"docs/.vitepress/config.ts": "", "docs/a.md": ""}, "docs", "vitepress"},
		{map[string]string{"hugo.toml": "", "content/a.md": ""}, "content", "hugo"},
		{map[string]string{"config.toml": "", "content/en/a.md": ""}, "content/en", "hugo"},
		{map[string]string{"config.toml": "", "pages/a.md": ""}, "pages", ""},
		// A generator's config above the repository root is another project's.
		{map[string]string{"mkdocs.yml": "", "repo/.git/HEAD": "ref: refs/heads/main", "repo/docs/a.md": ""}, "repo/docs", ""},
	} {
		root := write(t, c.files)
		d := Detect(filepath.Join(root, c.docs))
		got := ""
		if d != nil {
			got = d.Preset.Name
		}
		if got != c.want {
			t.Errorf("%v: detected %q, want %q", c.files, got, c.want)
		}
	}
}

func TestGetNamesEveryPreset(t *testing.T) {
	if got := strings.Join(Names(), ","); got != "docusaurus,hugo,mintlify,mkdocs,starlight,vitepress" {
		t.Fatalf("presets %s", got)
	}
	for _, n := range Names() {
		p, err := Get(strings.ToUpper(n))
		if err != nil || p.Name != n || p.Slugs != "path" || len(p.Converters) == 0 || len(p.Fields) == 0 {
			t.Errorf("%s: %+v %v", n, p, err)
		}
	}
	if _, err := Get("jekyll"); err == nil || !strings.Contains(err.Error(), "use one of docusaurus, hugo") {
		t.Fatalf("%v", err)
	}
}

// A navigation section names the folder holding all its pages, unless another section has pages there.
func TestFolderTitles(t *testing.T) {
	got := folderTitles([]section{
		{"Getting started", []string{"v1/start/intro", "v1/start/install"}},
		{"Concepts", []string{"v1/concepts/a", "v1/concepts/deep/b"}},
		{"Mixed", []string{"v1/quickstart", "v1/examples/x"}}, // its folder is v1, which others share
		{"Concepts", []string{"v2/concepts/a"}},               // the same title in another version
		{"", []string{"v2/x"}},
	})
	want := map[string]string{"v1/start": "Getting started", "v1/concepts": "Concepts", "v2/concepts": "Concepts"}
	if !maps.Equal(got, want) {
		t.Fatalf("%v, want %v", got, want)
	}
}

// Starlight and VitePress leave out a translation folder only when its pages mirror the root's.
func TestLocaleFolders(t *testing.T) {
	root := write(t, map[string]string{
		"guide/a.md": "", "guide/b.md": "",
		"fr/guide/a.md": "", "fr/guide/b.md": "",
		"api/x.md":       "", // not a language name
		"go/y.md":        "", // named like one, but its pages are its own
		"public/logo.md": "",
	})
	f := Must("vitepress").Filter("", root)
	for rel, want := range map[string]string{"fr": "locale", "fr/guide/a.md": "locale", "guide/a.md": "", "go/y.md": "", "api": "", "public/logo.md": "not a page", "404.md": "404 page"} {
		if got := f.Reason(rel, !strings.HasSuffix(rel, ".md")); got != want {
			t.Errorf("%s: %q, want %q", rel, got, want)
		}
	}
}

// Must is Get for names known to exist (tests).
func Must(name string) *Preset {
	p, err := Get(name)
	if err != nil {
		panic(err)
	}
	return p
}

// Without DIR or `path:`, the docs folder is the generator's.
func TestDocsRootFor(t *testing.T) {
	for _, c := range []struct {
		files      map[string]string
		name, want string
	}{
		{map[string]string{}, "", "docs"},
		{map[string]string{"astro.config.mjs": "import s from '@astrojs/starlight'"}, "", "src/content/docs"},
		{map[string]string{"mkdocs.yml": "docs_dir: documentation\n"}, "", "documentation"},
		{map[string]string{"mkdocs.yml": "site_name: x\n"}, "", "docs"},
		{map[string]string{"docs/.vitepress/config.ts": ""}, "", "docs"},
		{map[string]string{".vitepress/config.ts": ""}, "", "."},
		{map[string]string{"docs/docs.json": `{"navigation": {}}`}, "", "docs"},
		{map[string]string{"website/docusaurus.config.js": ""}, "", "website/docs"},
		{map[string]string{"docs/.vitepress/config.ts": ""}, "vitepress", "docs"},
		{map[string]string{"hugo.toml": ""}, "", "content"},
		{map[string]string{"hugo.toml": ""}, "none", "docs"},
		{map[string]string{}, "starlight", "src/content/docs"},
	} {
		if got := DocsRootFor(c.name, write(t, c.files)); got != c.want {
			t.Errorf("%v (preset %q): %q, want %q", c.files, c.name, got, c.want)
		}
	}
}

// Mintlify's languages: the one marked default (else the first) is published; each other language's folder
// is a translation, unless the default language has pages there too; a `$ref` outside the site is refused.
func TestMintlifyLocales(t *testing.T) {
	site := write(t, map[string]string{
		"docs.json": `{"navigation": {"languages": [
			{"language": "es", "pages": ["es/index", "es/guide/a", "shared/x"]},
			{"language": "en", "default": true, "pages": ["index", "guide/a", "shared/x"]},
			{"$ref": "./nav/de.json"},
			{"language": "ja", "pages": ["shared/y"]}]}}`,
		"nav/de.json": `{"language": "de", "tabs": [{"tab": "Docs", "groups": [{"group": "G", "root": "de/index", "pages": ["de/a"]}]}]}`,
	})
	f := all["mintlify"].Filter(site, site)
	for rel, want := range map[string]string{"es": ReasonLocale, "es/guide/a.mdx": ReasonLocale, "de/a.mdx": ReasonLocale,
		"guide/a.mdx": "", "shared": "", "es.mdx": "", "snippets/n.mdx": ReasonSnippet} {
		if got := f.Reason(rel, !strings.Contains(rel, ".")); got != want {
			t.Errorf("%s: %q, want %q", rel, got, want)
		}
	}
	if got := mintlifyLocales(write(t, map[string]string{"mint.json": `{"navigation": [{"group": "G", "pages": ["es/a"]}]}`}), "x"); len(got) != 0 {
		t.Errorf("no languages: %v", got)
	}
	bad := write(t, map[string]string{"docs.json": `{"navigation": {"$ref": "../outside.json"}}`})
	if _, err := all["mintlify"].Nav(bad, bad); err == nil || !strings.Contains(err.Error(), "outside the site folder") {
		t.Errorf("$ref outside: %v", err)
	}
}

// The blog plugins of mkdocs.yml, in any of its forms, name the index pages they generate; a disabled one
// and other plugins name none.
func TestMkDocsBlogIndexes(t *testing.T) {
	for yml, want := range map[string]string{
		"plugins:\n  - search\n  - blog\n":                                    "blog/index.md",
		"plugins:\n  - material/blog:\n      blog_dir: news\n":                "news/index.md",
		"plugins:\n  blog:\n    blog_dir: /updates/\n  search: {}\n":          "updates/index.md",
		"plugins:\n  - blog:\n      enabled: false\n":                         "",
		"plugins:\n  - search\n":                                              "",
		"docs_dir: src\nplugins:\n  - blog:\n      blog_dir: posts/../blog\n": "blog/index.md",
	} {
		site := write(t, map[string]string{"mkdocs.yml": yml})
		docs := filepath.Join(site, "docs")
		if strings.HasPrefix(yml, "docs_dir: src") {
			docs = filepath.Join(site, "src")
		}
		got := strings.Join(slices.Collect(maps.Keys(all["mkdocs"].GeneratedIndexes(site, docs))), ",")
		if got != want {
			t.Errorf("%q: %q, want %q", yml, got, want)
		}
	}
}
