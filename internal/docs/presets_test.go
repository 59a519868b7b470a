package docs

import (
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// An .mdx page is read like a .md one; before, it was skipped without a word.
func TestMDXPagesAreRead(t *testing.T) {
	tr := load(t, map[string]string{
		"guide/intro.mdx": "---\ntitle: Intro\n---\nimport X from './x';\n\nHello [next](./next.md).\n",
		"guide/next.md":   "# Next\n\nText.\n",
	}, Options{Preset: "none"})
	if tr.Errors() != 0 || len(tr.Pages) != 2 {
		t.Fatalf("%d pages, diagnostics %v", len(tr.Pages), tr.Diagnostics)
	}
	if p := page(t, tr, "guide/intro.mdx"); p.Slug != "intro" || !strings.Contains(p.Content, "](/knowledge/next)") {
		t.Fatalf("intro.mdx: slug %q, content %q", p.Slug, p.Content)
	}
	// The import paragraph is removed: a construct converted, and said.
	if c := tr.PageCounts(); c.Read != 2 || c.Articles != 2 || len(c.LeftOut) != 0 || c.Converted["MDX imports"] != 1 || c.String() != "2 pages read, 2 articles; converted 1 MDX imports" {
		t.Fatalf("counts %+v", c)
	}
}

// Every page that is not an article is counted by its reason, and the counts add up to what was read.
func TestLeftOutPagesAreCountedByReason(t *testing.T) {
	root := writeTree(t, map[string]string{
		"docusaurus.config.js":   "module.exports = {}\n",
		"docs/guide/a.mdx":       "# A\n\ntext\n",
		"docs/guide/_partial.md": "shared text\n",
		"docs/_shared/x.mdx":     "# X\n\ntext\n",
		"docs/guide/held.md":     "---\nsync: false\n---\n# Held\n\ntext\n",
		"docs/guide/draft.md":    "---\ndraft: true\n---\n# Draft\n\ntext\n",
		"docs/old/b.md":          "# B\n\ntext\n",
		"docs/guide/tmp.md":      "# Tmp\n\ntext\n",
		"docs/.atenderignore":    "old/\n",
	})
	tr, err := Load(filepath.Join(root, "docs"), Options{Exclude: []string{"guide/tmp.md"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"partial": 2, "sync: false": 1, "draft": 1, "excluded": 2}
	if !maps.Equal(tr.LeftOut, want) || len(tr.Pages) != 1 {
		t.Fatalf("left out %v (want %v), %d pages; %v", tr.LeftOut, want, len(tr.Pages), tr.Diagnostics)
	}
	c := tr.PageCounts()
	if c.Read != 7 || c.Articles != 1 || c.Preset != "docusaurus" || c.PresetFrom != "../docusaurus.config.js" {
		t.Fatalf("counts %+v", c)
	}
	s := c.String()
	for _, w := range []string{"7 pages read, 1 articles", "6 left out (2 excluded, 2 partial, 1 draft, 1 sync: false)", "preset docusaurus (detected from ../docusaurus.config.js)"} {
		if !strings.Contains(s, w) {
			t.Errorf("summary %q lacks %q", s, w)
		}
	}
	// A draft is left alone in Atender, like sync: false. (A detected preset keeps slugs from the file
	// name: slugs are public URLs.)
	if strings.Join(tr.Held, ",") != "draft,held" {
		t.Errorf("held %v", tr.Held)
	}
}

// Detection, and what each preset leaves out: Starlight's 404 page and translations, Mintlify's snippets,
// MkDocs' exclude_docs.
func TestPresetDetectionAndUnpublishedPages(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		docs  string
		want  map[string]int
		pages int
	}{
		{"starlight", map[string]string{
			"astro.config.mjs":                "import starlight from '@astrojs/starlight';\n",
			"src/content/docs/index.mdx":      "---\ntitle: Home\ntemplate: splash\nhero:\n  tagline: hi\n---\nWelcome.\n",
			"src/content/docs/404.md":         "---\ntitle: Not found\n---\nNothing here.\n",
			"src/content/docs/guide/a.mdx":    "---\ntitle: A\nsidebar:\n  label: Short A\n---\nText.\n",
			"src/content/docs/fr/index.mdx":   "---\ntitle: Accueil\n---\nBienvenue.\n",
			"src/content/docs/fr/guide/a.mdx": "---\ntitle: A\n---\nTexte.\n",
			"src/content/docs/es/guide/b.mdx": "---\ntitle: B\n---\nTexto sin original.\n",
		}, "src/content/docs", map[string]int{"404 page": 1, "locale": 2}, 3},
		{"mintlify", map[string]string{
			"docs.json":         `{"navigation": {"groups": [{"group": "Getting started", "pages": ["start/intro", "start/install"]}]}}`,
			"start/intro.mdx":   "---\ntitle: Intro\nicon: rocket\nmode: wide\n---\nText.\n",
			"start/install.mdx": "---\ntitle: Install\nsidebarTitle: Setup\n---\nText.\n",
			"snippets/note.mdx": "A snippet.\n",
		}, ".", map[string]int{"snippet": 1}, 2},
		{"mkdocs", map[string]string{
			"mkdocs.yml":            "site_name: x\nexclude_docs: |\n  drafts/\nnav:\n  - Home: index.md\n  - User guide:\n    - Installing: guide/install.md\n    - guide/use.md\n",
			"docs/index.md":         "# Home\n\nText.\n",
			"docs/guide/install.md": "---\nstatus: deprecated\n---\nText without heading.\n",
			"docs/guide/use.md":     "# Use\n\nText.\n",
			"docs/drafts/x.md":      "# X\n\nText.\n",
		}, "docs", map[string]int{"exclude_docs": 1}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := writeTree(t, c.files)
			tr, err := Load(filepath.Join(root, c.docs), Options{DefaultCategory: "General"})
			if err != nil {
				t.Fatal(err)
			}
			if tr.Preset != c.name || tr.Errors() != 0 || !maps.Equal(tr.LeftOut, c.want) || len(tr.Pages) != c.pages {
				t.Fatalf("preset %q, left out %v (want %v), %d pages (want %d); %v", tr.Preset, tr.LeftOut, c.want, len(tr.Pages), c.pages, tr.Diagnostics)
			}
			// The generator's own fields are neither errors nor warnings (status: deprecated is Material's badge).
			for _, d := range tr.Diagnostics {
				if d.Code == "foreign-field" || d.Code == "unknown-field" || d.Code == "invalid-status" {
					t.Errorf("%s", d)
				}
			}
			switch c.name {
			case "starlight":
				if p := page(t, tr, "guide/a.mdx"); p.Slug != "a" || p.Title != "A" {
					t.Errorf("guide/a.mdx: slug %q (a detected preset keeps slugs: file), title %q", p.Slug, p.Title)
				}
				named, _ := Load(filepath.Join(root, c.docs), Options{DefaultCategory: "General", Preset: "starlight"})
				if p := page(t, named, "guide/a.mdx"); p.Slug != "guide-a" || named.PresetFrom != "config" {
					t.Errorf("guide/a.mdx: slug %q (the named preset's slugs: path)", p.Slug)
				}
			case "mintlify":
				if p := page(t, tr, "start/install.mdx"); p.Title != "Install" {
					t.Errorf("title %q", p.Title)
				}
				if k := tr.Categories[0]; k.Slug != "start" || k.Title != "Getting started" {
					t.Errorf("category %+v: the navigation group names the folder", k)
				}
			case "mkdocs":
				if p := page(t, tr, "guide/install.md"); p.Title != "Installing" || p.Sources["title"] != "navigation" || p.Status != "draft" {
					t.Errorf("install.md: title %q from %s (nav: title), status %q", p.Title, p.Sources["title"], p.Status)
				}
				if k := categoryOf(tr, "guide"); k == nil || k.Title != "User guide" {
					t.Errorf("guide category %+v: the nav section names the folder", k)
				}
			}
		})
	}
}

func categoryOf(tr *Tree, slug string) *Category {
	for _, k := range tr.Categories {
		if k.Slug == slug {
			return k
		}
	}
	return nil
}

// The user's settings override the preset's: slugs, rules, fields; `preset: none` turns detection off.
func TestUserSettingsOverrideThePreset(t *testing.T) {
	root := writeTree(t, map[string]string{
		"mkdocs.yml":      "site_name: x\n",
		"docs/guide/a.md": "---\nstatus: published\nbadge: needs-review\n---\n# A\n\n[gone](missing.md)\n",
	})
	docsDir := filepath.Join(root, "docs")
	tr, _ := Load(docsDir, Options{})
	if p := page(t, tr, "guide/a.md"); tr.Errors() != 0 || p.Slug != "a" || p.Status != "draft" {
		t.Fatalf("with the mkdocs preset detected: %+v %v", p, tr.Diagnostics)
	}
	tr, _ = Load(docsDir, Options{Preset: "mkdocs"})
	if p := page(t, tr, "guide/a.md"); p.Slug != "guide-a" {
		t.Fatalf("with the mkdocs preset named: slug %q", p.Slug)
	}
	tr, _ = Load(docsDir, Options{Slugs: "file", Rules: map[string]string{"broken-link": "error"}, Fields: map[string]string{"status": "status", "badge": "ignore"}})
	if tr.Errors() != 1 || tr.Diagnostics[0].Code != "broken-link" {
		t.Fatalf("rules: broken-link error should win over the preset's warning: %v", tr.Diagnostics)
	}
	tr, _ = Load(docsDir, Options{Slugs: "file", Fields: map[string]string{"status": "status", "badge": "ignore"}})
	if p := page(t, tr, "guide/a.md"); p.Slug != "a" || p.Status != "published" {
		t.Fatalf("slugs: file and fields status: status should win: %+v", p)
	}
	tr, _ = Load(docsDir, Options{Fields: map[string]string{"badge": "status"}})
	if p := page(t, tr, "guide/a.md"); p.Status != "needs-review" {
		t.Fatalf("fields badge: status: %+v", p)
	}
	tr, _ = Load(docsDir, Options{Preset: "none"})
	if tr.Preset != "" || tr.Errors() != 1 {
		t.Fatalf("preset none: %q, %v", tr.Preset, tr.Diagnostics)
	}
	if _, err := Load(docsDir, Options{Preset: "jekyll"}); err == nil || !strings.Contains(err.Error(), "docusaurus, hugo, mintlify, mkdocs, starlight, vitepress") {
		t.Fatalf("unknown preset: %v", err)
	}
	if _, err := Load(docsDir, Options{Fields: map[string]string{"badge": "colour"}}); err == nil || !strings.Contains(err.Error(), `fields: badge: "colour" is not one of`) {
		t.Fatalf("bad field target: %v", err)
	}
}

// Docusaurus' _category_.json and _category_.yml name their folder (label, position, link.description);
// sidebar_label is the title of a page that has none.
func TestDocusaurusCategoryFiles(t *testing.T) {
	tr := load(t, map[string]string{
		"intro/_category_.json":    `{"label": "Getting Started", "position": 2, "link": {"type": "generated-index", "description": "First steps"}}`,
		"intro/a.mdx":              "---\nsidebar_label: Quick start\n---\nText.\n",
		"api/_category_.yml":       "label: API reference\nposition: 3.6\ncollapsed: true\n",
		"api/b.md":                 "# B\n\ntext\n",
		"api/deep/_category_.json": `{"label": "Deep"}`,
		"api/deep/c.md":            "# C\n\ntext\n",
	}, Options{Preset: "docusaurus"})
	if tr.Errors() != 0 || tr.Warnings() != 0 {
		t.Fatalf("%v", tr.Diagnostics)
	}
	intro, api := categoryOf(tr, "intro"), categoryOf(tr, "api")
	if intro == nil || intro.Title != "Getting Started" || intro.Description != "First steps" || *intro.SortOrder != 2 || !intro.Explicit {
		t.Fatalf("intro: %+v", intro)
	}
	if api == nil || api.Title != "API reference" || *api.SortOrder != 4 {
		t.Fatalf("api: %+v", api)
	}
	if len(tr.Subcategories) != 1 || tr.Subcategories[0].Title != "Deep" {
		t.Fatalf("subcategories %+v", tr.Subcategories)
	}
	if p := page(t, tr, "intro/a.mdx"); p.Title != "Quick start" || p.Sources["title"] != "sidebar" {
		t.Fatalf("a.mdx title %q from %s", p.Title, p.Sources["title"])
	}
	tr = load(t, map[string]string{"x/_category_.json": `{"label": `, "x/a.md": "# A\n\ntext\n"}, Options{Preset: "docusaurus"})
	if tr.Errors() != 1 || tr.Diagnostics[0].Path != "x/_category_.json" || tr.Diagnostics[0].Code != "category-file-invalid" {
		t.Fatalf("invalid _category_.json: %v", tr.Diagnostics)
	}
}

// A number (or a date, or a boolean) where text is expected is the text the author wrote, in YAML, TOML and
// JSON frontmatter alike: never a reformatted number.
func TestNumbersInTextFieldsKeepTheirSourceText(t *testing.T) {
	tr := load(t, map[string]string{
		"a/hex.md":   "---\ntitle: 0x1F\nslug: 1e3\ntags: [2024, 1.50, True]\n---\nText.\n",
		"a/inf.md":   "---\ntitle: .inf\nsummary: 1_000\nkeywords: 007, 0o17\n---\nText.\n",
		"a/date.md":  "---\ntitle: 2024-01-05\nslug: v1-0\n---\nText.\n",
		"a/toml.md":  "+++\ntitle = 0x1F # hex\nslug = \"t\"\nsummary = 1e3\n+++\nText.\n",
		"a/json.md":  "---json\n{\"title\": 1e3, \"slug\": \"j\", \"tags\": [1.50, 2]}\n---\nText.\n",
		"a/plain.md": "---\ntitle: 404\nsync: true\n---\nText.\n",
	}, Options{Preset: "none"})
	if tr.Errors() != 0 {
		t.Fatalf("%v", tr.Diagnostics)
	}
	for _, c := range []struct{ path, title, slug, summary, tags string }{
		{"a/hex.md", "0x1F", "1e3", "Text.", "2024,1.50,True"},
		{"a/inf.md", ".inf", "inf", "1_000", ""},
		{"a/date.md", "2024-01-05", "v1-0", "Text.", ""},
		{"a/toml.md", "0x1F", "t", "1e3", ""},
		{"a/json.md", "1e3", "j", "Text.", "1.50,2"},
		{"a/plain.md", "404", "plain", "Text.", ""},
	} {
		p := page(t, tr, c.path)
		if p.Title != c.title || p.Slug != c.slug || p.Summary != c.summary || strings.Join(p.Tags, ",") != c.tags {
			t.Errorf("%s: title %q slug %q summary %q tags %q; want %q %q %q %q", c.path, p.Title, p.Slug, p.Summary, strings.Join(p.Tags, ","), c.title, c.slug, c.summary, c.tags)
		}
	}
	if p := page(t, tr, "a/inf.md"); strings.Join(p.Keywords, ",") != "007,0o17" {
		t.Errorf("keywords %q", p.Keywords)
	}
	// A slug written as a number is checked as written: 1.5 is not a valid slug, and is never "1-5" silently.
	tr = load(t, map[string]string{"a/x.md": "---\nslug: 1.5\n---\nText.\n"}, Options{Preset: "none"})
	if tr.Errors() != 1 || !strings.Contains(tr.Diagnostics[0].Message, `slug "1.5" is not valid`) {
		t.Fatalf("%v", tr.Diagnostics)
	}
}

// links.repoUrl: a link to a file of the repository outside the docs folder (or to a file in it that is no
// page) points at the repository's web view, at the checked-out branch or links.repoRef.
func TestLinksToRepositoryFilesPointAtItsWebView(t *testing.T) {
	root := writeTree(t, map[string]string{
		".git/HEAD":        "ref: refs/heads/release/2.x\n",
		"src/app.go":       "package app\n",
		"docs/guide/a.md":  "# A\n\nSee [the app](../../src/app.go#L3), [the sources](../../src/) and [the example](ex.py).\n",
		"docs/guide/ex.py": "print(1)\n",
	})
	docsDir := filepath.Join(root, "docs")
	tr, _ := Load(docsDir, Options{Preset: "none", RepoURL: "https://github.com/acme/app/"})
	p := page(t, tr, "guide/a.md")
	for _, w := range []string{"](https://github.com/acme/app/blob/release/2.x/src/app.go#L3)", "](https://github.com/acme/app/tree/release/2.x/src)", "](https://github.com/acme/app/blob/release/2.x/docs/guide/ex.py)"} {
		if !strings.Contains(p.Content, w) {
			t.Errorf("content lacks %s:\n%s", w, p.Content)
		}
	}
	if tr.Errors() != 0 {
		t.Fatalf("%v", tr.Diagnostics)
	}
	tr, _ = Load(docsDir, Options{Preset: "none", RepoURL: "https://gitlab.com/acme/app", RepoRef: "v1.2"})
	if p := page(t, tr, "guide/a.md"); !strings.Contains(p.Content, "](https://gitlab.com/acme/app/-/blob/v1.2/src/app.go#L3)") {
		t.Errorf("gitlab, repoRef: %s", p.Content)
	}
	// Without repoUrl, or for a file that does not exist, these are errors as before.
	tr, _ = Load(docsDir, Options{Preset: "none"})
	if tr.Errors() != 3 {
		t.Fatalf("without repoUrl: %v", tr.Diagnostics)
	}
	tr = load(t, map[string]string{"guide/a.md": "# A\n\n[gone](../../nope.go)\n"}, Options{Preset: "none", RepoURL: "https://github.com/acme/app"})
	if tr.Errors() != 1 || tr.Diagnostics[0].Code != "outside-link" {
		t.Fatalf("missing target: %v", tr.Diagnostics)
	}
}

// A generator construct that no converter turned into Markdown is named at its line, once per file and
// construct; in code it is the author's text and says nothing.
func TestGeneratorSyntaxLeftInAPageIsNamed(t *testing.T) {
	tr := load(t, map[string]string{"a/x.md": "# X\n\nText.\n\n=== \"Linux\"\n\n    run it\n\n1.  Step:\n\n    !!! tip\n        Careful.\n\n    === \"A\"\n\n        a\n\nSee :material-check: and `:::tip` in code.\n\n```\n!!! warning in a fence\n```\n\n  !!! danger\n"},
		Options{Preset: "none"})
	var got []string
	for _, d := range tr.Diagnostics {
		if d.Code == "generator-syntax" {
			got = append(got, strings.Join([]string{d.Path, itoa(d.Line), d.Message}, ":"))
		}
	}
	// The top-level tab is converted (a labelled section), and so are the admonition and the tab nested in
	// the list item (indented as its content); an admonition indented by two columns is nobody's: named.
	want := []string{
		"a/x.md:24:an MkDocs admonition (`!!!`) is left as written: Atender will show it as text (no converter handles it here)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := page(t, tr, "a/x.md"); !strings.Contains(p.Content, "**Linux**\n\nrun it\n") {
		t.Errorf("the tab is not a labelled section:\n%s", p.Content)
	}
	// The icon shortcode is converted (a check mark says yes: ✓; outside code only) and counted.
	if p := page(t, tr, "a/x.md"); !strings.Contains(p.Content, "See ✓ and `:::tip` in code.") || !strings.Contains(p.Content, "!!! warning in a fence") {
		t.Errorf("the icon is not removed, or code changed:\n%s", p.Content)
	}
	// Converted: two tabs, the admonition in the list item and the icon.
	if p := page(t, tr, "a/x.md"); !strings.Contains(p.Content, "1.  Step:\n\n    > **Tip:**\n    > Careful.\n\n    **A**\n\n    a\n") {
		t.Errorf("the list item's admonition and tab:\n%s", p.Content)
	}
	if c := tr.PageCounts(); !maps.Equal(c.Converted, map[string]int{"tabs": 2, "admonitions": 1, "icons": 1}) {
		t.Errorf("converted %v", c.Converted)
	}
	// An .mdx page: its tabs are converted (counted with the `:::` admonition), a component no converter
	// knows is warned about.
	tr = load(t, map[string]string{"a/y.mdx": "# Y\n\n<Tabs groupId=\"os\">\n<TabItem value=\"a\">\n\nText.\n\n</TabItem>\n</Tabs>\n\n:::tip\nHi.\n:::\n\n<Badge text=\"new\" />\n"}, Options{Preset: "none"})
	if c := tr.PageCounts(); !maps.Equal(c.Converted, map[string]int{"admonitions": 1, "tabs": 1}) || c.Components["Badge"] != 1 || c.Components["Tabs"] != 0 || !strings.Contains(c.String(), "components warned about: Badge×1") {
		t.Errorf("counts %+v (%s)", c, c)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A first heading with an id or classes gives the title without them.
func TestTitleFromAHeadingWithAnID(t *testing.T) {
	tr := load(t, map[string]string{"a/x.md": "# Install pnpm {#install}\n\nText.\n", "a/y.md": "# Beta { .badge #beta }\n\nText.\n"}, Options{Preset: "none"})
	if p := page(t, tr, "a/x.md"); p.Title != "Install pnpm" {
		t.Errorf("title %q", p.Title)
	}
	if p := page(t, tr, "a/y.md"); p.Title != "Beta" {
		t.Errorf("title %q", p.Title)
	}
}

// Includes are read from inside the repository only: beside the page, from the docs folder, from the
// generator's project folder, from the repository root; never a file outside it, symlinks included.
func TestIncludesStayInsideTheRepository(t *testing.T) {
	root := writeTree(t, map[string]string{
		".git/HEAD":              "ref: refs/heads/main\n",
		"mkdocs.yml":             "site_name: x\n",
		"CONTRIBUTING.md":        "contributing",
		"docs/guide/a.md":        "# A\n",
		"docs/guide/_part.md":    "beside",
		"docs/snippets/s.md":     "from docs",
		"docs/reference/.hid.md": "hidden snippet",
	})
	os.WriteFile(filepath.Join(filepath.Dir(root), "secret.txt"), []byte("secret"), 0o644)
	os.Symlink(filepath.Join(filepath.Dir(root), "secret.txt"), filepath.Join(root, "docs", "link.md"))
	o := Options{}
	tr := &Tree{}
	docsDir := filepath.Join(root, "docs")
	if err := usePreset(docsDir, &o, tr); err != nil || tr.Preset != "mkdocs" {
		t.Fatalf("%v %q", err, tr.Preset)
	}
	inc := o.includer(docsDir)
	for target, want := range map[string]string{"_part.md": "beside", "snippets/s.md": "from docs", "CONTRIBUTING.md": "contributing",
		"docs/reference/.hid.md": "hidden snippet", "/snippets/s.md": "from docs", "@site/CONTRIBUTING.md": "contributing"} {
		b, err := inc("guide/a.md", target)
		if err != nil || string(b) != want {
			t.Errorf("%s: %q, %v", target, b, err)
		}
	}
	for target, want := range map[string]string{"../../secret.txt": "outside the repository", "link.md": "outside the repository", "nope.md": "no such file (looked for guide/nope.md, nope.md"} {
		if _, err := inc("guide/a.md", target); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", target, err, want)
		}
	}
}

// MkDocs snippets are included from the repository, indented as their line; diagnostics name the page's own
// lines; a missing snippet is a warning under the MkDocs preset (as in mkdocs build) and stays as written.
func TestMkDocsSnippetsAreIncluded(t *testing.T) {
	root := writeTree(t, map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"mkdocs.yml":           "site_name: x\n",
		"CONTRIBUTING.md":      "Fork it.\n\nSee [the guide](guide/a.md).\n",
		"docs/guide/a.md":      "# A\n\nText.\n",
		"docs/contributing.md": "# Contributing\n\n--8<-- \"CONTRIBUTING.md\"\n\n- item:\n\n    --8<-- 'docs/guide/part.md'\n\n[gone](nope.md)\n\n--8<-- \"missing.md\"\n\n```\n--8<-- \"CONTRIBUTING.md\"\n```\n",
		"docs/guide/part.md":   "part one\npart two",
	})
	tr, err := Load(filepath.Join(root, "docs"), Options{DefaultCategory: "General"})
	if err != nil {
		t.Fatal(err)
	}
	p := page(t, tr, "contributing.md")
	for _, w := range []string{"Fork it.\n\nSee [the guide](/knowledge/a).\n", "    part one\n    part two\n", "--8<-- \"missing.md\"", "```\n--8<-- \"CONTRIBUTING.md\"\n```"} {
		if !strings.Contains(p.Content, w) {
			t.Errorf("content lacks %q:\n%s", w, p.Content)
		}
	}
	var got []string
	for _, d := range tr.Diagnostics {
		if d.Path == "contributing.md" && d.Code != "generator-syntax" {
			got = append(got, itoa(d.Line)+":"+string(d.Severity)+":"+d.Code)
		}
	}
	// the broken link is on line 9 of the file, whatever the snippets above it held
	if strings.Join(got, ",") != "9:warning:broken-link,11:warning:include" {
		t.Fatalf("diagnostics %v: %v", got, tr.Diagnostics)
	}
}

// A left-out folder is walked only to count its pages: its category file and odd files are not looked at.
func TestLeftOutFoldersAreNotRead(t *testing.T) {
	tr := load(t, map[string]string{
		".atenderignore":       "drafts/\n",
		"guide/a.md":           "# A\n\ntext\n",
		"drafts/_category.yml": "title: [unclosed\n",
		"drafts/b.md":          "# B\n\ntext\n",
		"drafts/deep/c.md":     "\x00binary",
	}, Options{Preset: "none"})
	if tr.Errors() != 0 || tr.Warnings() != 0 || !maps.Equal(tr.LeftOut, map[string]int{"excluded": 2}) || len(tr.Pages) != 1 {
		t.Fatalf("left out %v, %d pages; %v", tr.LeftOut, len(tr.Pages), tr.Diagnostics)
	}
}

// Docusaurus' {require('@site/static/img/x.png').default} is the site's /img/x.png, rewritten onto
// assets.baseUrl like useBaseUrl (a Markdown image); before, the image was lost without a word.
func TestDocusaurusRequireImages(t *testing.T) {
	files := map[string]string{"c/a.mdx": "# A\n\n<img alt=\"x\" src={require('@site/static/img/shot.png').default} />\n\n<img src={require(\"@site/static/img/b.svg\")} />\n"}
	tr := load(t, files, Options{Preset: "none", AssetsBaseURL: "https://example.com/"})
	noErrors(t, tr)
	a := page(t, tr, "c/a.mdx")
	for _, w := range []string{`![x](https://example.com/img/shot.png)`, `![](https://example.com/img/b.svg)`} {
		if !strings.Contains(a.Content, w) {
			t.Errorf("content lacks %s:\n%s", w, a.Content)
		}
	}
	tr = load(t, files, Options{Preset: "none"})
	wantDiag(t, tr, "c/a.mdx", 3, SevError, "image /img/shot.png is a path on another site")
}

// A root page of a generator's tree has no category: the fix the error names is the config line, not moving
// the file (which would change its URL on the generator's site).
func TestRootPageOfAPresetTreeNamesTheConfigFix(t *testing.T) {
	tr := load(t, map[string]string{"FAQ.md": "# FAQ\n\nText.\n", "usage/a.md": "# A\n\nText.\n"}, Options{Preset: "docusaurus"})
	if tr.Errors() != 1 || tr.Diagnostics[0].Code != "no-category" || tr.Diagnostics[0].Path != "FAQ.md" {
		t.Fatalf("%v", tr.Diagnostics)
	}
	if m := tr.Diagnostics[0].Message; !strings.Contains(m, "for a Docusaurus tree set `defaults: {category: Docs}` in .atender.yaml") || strings.Contains(m, "move it") {
		t.Errorf("message: %s", m)
	}
}

// Jest's shape: docs/ beside website/docusaurus.config.mjs, whose `onBrokenLinks: 'warn'` builds the site
// with broken links; so a link to a page that is gone (TutorialReactNative.md → tutorial-react) is a
// warning, as in `docusaurus build`, not an error that stops the sync. Docusaurus' default (throw), or a
// site that throws on broken Markdown links, keeps it an error.
func TestDocusaurusOnBrokenLinksWarnMakesBrokenLinksWarnings(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                     "ref: refs/heads/main\n",
		"website/docusaurus.config.mjs": "export default {\n  onBrokenLinks: 'warn',\n  onBrokenMarkdownLinks: 'warn',\n};\n",
		"docs/Tutorial.md":              "---\nid: tutorial-react-native\n---\n# Native\n\nSee [caveats](tutorial-react#caveats).\n",
	}
	root := writeTree(t, files)
	tr, err := Load(root+"/docs", Options{DefaultCategory: "Jest", Preset: "docusaurus"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	wantDiag(t, tr, "Tutorial.md", 6, SevWarning, "points to tutorial-react, which does not exist")
	for _, cfg := range []string{"export default {};\n", "export default {onBrokenLinks: 'warn', markdown: {hooks: {onBrokenMarkdownLinks: 'throw'}}};\n"} {
		files["website/docusaurus.config.mjs"] = cfg
		root := writeTree(t, files)
		tr, _ := Load(root+"/docs", Options{DefaultCategory: "Jest", Preset: "docusaurus"})
		wantDiag(t, tr, "Tutorial.md", 6, SevError, "points to tutorial-react, which does not exist")
	}
}

// Tauri's shape: tsconfig.json (comments, trailing commas) names `@assets/*` src/assets/* and
// `@fragments/*` the docs' _fragments/*, and pages write `![x](@assets/about/diagram.svg)` and
// `import Cta from '@fragments/cta.mdx'`, as Astro resolves them. The partial is inlined and the image is
// the file under src/assets (outside the docs folder: shown from the repository), instead of 26 errors
// for "about/@assets/…" and "no such file" that kept all 139 pages out of the KB.
func TestStarlightTsconfigAliases(t *testing.T) {
	files := map[string]string{
		".git/HEAD":        "ref: refs/heads/main\n",
		"astro.config.mjs": "import starlight from '@astrojs/starlight';\n",
		"tsconfig.json": `{
  // Astro's strict base
  "extends": "astro/tsconfigs/strict",
  "compilerOptions": {
    "baseUrl": ".",
    "paths": {
      "@components/*": ["src/components/*"],
      "@assets/*": ["src/assets/*"], /* images */
      "@fragments/*": ["src/content/docs/_fragments/*"],
    },
  },
}
`,
		"src/assets/about/diagram.svg":          "<svg/>",
		"src/content/docs/_fragments/cta.mdx":   "Join us on **Discord**.\n",
		"src/content/docs/about/governance.mdx": "---\ntitle: Governance\n---\nimport Cta from '@fragments/cta.mdx';\n\n![Diagram](@assets/about/diagram.svg)\n\n<Cta />\n",
	}
	root := writeTree(t, files)
	tr, err := Load(filepath.Join(root, "src/content/docs"), Options{Preset: "starlight", RepoURL: "https://github.com/acme/docs", RepoRef: "v2"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	c := page(t, tr, "about/governance.mdx").Content
	for _, w := range []string{"Join us on **Discord**.", "![Diagram](https://github.com/acme/docs/raw/v2/src/assets/about/diagram.svg)"} {
		if !strings.Contains(c, w) {
			t.Errorf("content lacks %q:\n%s", w, c)
		}
	}
	// Without a tsconfig.json alias for it, @/ is the project's src/, for images as for includes (Biome).
	delete(files, "tsconfig.json")
	files["src/content/docs/about/governance.mdx"] = "---\ntitle: Governance\n---\n![Diagram](@/assets/about/diagram.svg)\n"
	root = writeTree(t, files)
	tr, _ = Load(filepath.Join(root, "src/content/docs"), Options{Preset: "starlight", RepoURL: "https://github.com/acme/docs", RepoRef: "v2"})
	noErrors(t, tr)
	if c := page(t, tr, "about/governance.mdx").Content; !strings.Contains(c, "](https://github.com/acme/docs/raw/v2/src/assets/about/diagram.svg)") {
		t.Errorf("@/ image:\n%s", c)
	}
}

// Hugo's own docs: _common/_index.md cascades `build: {render: never}` to its snippets, the glossary's
// _index.md is rendered but cascades it to its 157 terms (shown on the glossary page, never at a URL of
// their own), and a page may say it itself (TOML, or the older `_build:`). Hugo publishes none of those
// pages, so none is an article (204 of them reached the KB); they are counted as not rendered.
func TestHugoPagesThatAreNotRenderedAreLeftOut(t *testing.T) {
	tr := load(t, map[string]string{
		"_common/_index.md":  "---\ncascade:\n  build:\n    list: never\n    render: never\n---\n\n<!-- snippets -->\n",
		"_common/snippet.md": "---\n_comment: keep\n---\n\nShared text.\n",
		"glossary/_index.md": "---\ntitle: Glossary\nbuild:\n  render: always\ncascade:\n  build:\n    render: never\n    list: local\n---\n\nTerms used in these docs.\n",
		"glossary/bundle.md": "---\ntitle: bundle\n---\n\nA folder of content.\n",
		"guide/hidden.md":    "+++\ntitle = 'Hidden'\nbuild = { render = 'never' }\n+++\n\nText.\n",
		"guide/old.md":       "---\ntitle: Old\n_build:\n  render: false\n---\n\nText.\n",
		"guide/targeted.md":  "---\ntitle: Targeted\n---\n\nText.\n",
		"guide/_index.md":    "---\ntitle: Guide\ncascade:\n- _target:\n    path: /nothing/**\n  build:\n    render: never\n---\n\nThe guide.\n",
		"guide/ok.md":        "---\ntitle: OK\n---\n\nText.\n",
	}, Options{Preset: "hugo", DefaultCategory: "Docs"})
	noErrors(t, tr)
	var got []string
	for _, p := range tr.Pages {
		got = append(got, p.Path)
	}
	if strings.Join(got, " ") != "glossary/_index.md guide/_index.md guide/ok.md guide/targeted.md" {
		t.Errorf("pages %v", got)
	}
	if want := map[string]int{ReasonNotRendered: 4, ReasonSection: 1}; !maps.Equal(tr.LeftOut, want) {
		t.Errorf("left out %v, want %v (_common/_index.md shows only a comment: a section page)", tr.LeftOut, want)
	}
	// Like drafts, they hold their articles: synced before this rule, they are never pruned for it.
	if got := strings.Join(tr.Held, " "); got != "common-snippet glossary-bundle guide-hidden guide-old common" {
		t.Errorf("held %q", got)
	}
}

// Starlight serves a page at its path slugged as Astro does (tauri's concept/Inter-Process
// Communication/index.mdx is /concept/inter-process-communication/), or at its `slug:`, under the
// config's `base:` (obsidian-typings is served under /obsidian-typings): site links written that way reach
// their article, and `/` is the home page, instead of 89 (tauri), 7 and 2 site-link warnings.
func TestStarlightSiteLinksByRouteAndBase(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                  "ref: refs/heads/main\n",
		"astro.config.mjs":           "import starlight from '@astrojs/starlight';\nexport default defineConfig({\n  site: 'https://fevol.github.io',\n  base: '/obsidian-typings',\n  integrations: [starlight({title: 'x'})],\n});\n",
		"src/content/docs/index.mdx": "---\ntitle: Home\n---\nSee [IPC](/obsidian-typings/concept/inter-process-communication/#top), [moved](/obsidian-typings/elsewhere/) and [home](/obsidian-typings/).\n",
		"src/content/docs/concept/Inter-Process Communication/index.mdx": "---\ntitle: IPC\n---\nText.\n",
		"src/content/docs/guides/old-name.md":                            "---\ntitle: Moved\nslug: elsewhere\n---\nText.\n",
	}
	root := writeTree(t, files)
	tr, err := Load(filepath.Join(root, "src/content/docs"), Options{Preset: "starlight", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	ipc, moved, home := page(t, tr, "concept/Inter-Process Communication/index.mdx").Slug, page(t, tr, "guides/old-name.md").Slug, page(t, tr, "index.mdx").Slug
	c := page(t, tr, "index.mdx").Content
	for _, w := range []string{"[IPC](/knowledge/" + ipc + "#top)", "[moved](/knowledge/" + moved + ")", "[home](/knowledge/" + home + ")"} {
		if !strings.Contains(c, w) {
			t.Errorf("content lacks %q:\n%s", w, c)
		}
	}
	for _, d := range tr.Diagnostics {
		if d.Code == "site-link" {
			t.Errorf("%s", d)
		}
	}
	// Without base, / is the home page.
	files["astro.config.mjs"] = "import starlight from '@astrojs/starlight';\n"
	files["src/content/docs/index.mdx"] = "---\ntitle: Home\n---\nSee [home](/) and [IPC](/concept/inter-process-communication/).\n"
	root = writeTree(t, files)
	tr, _ = Load(filepath.Join(root, "src/content/docs"), Options{Preset: "starlight", DefaultCategory: "Docs"})
	if c := page(t, tr, "index.mdx").Content; !strings.Contains(c, "[home](/knowledge/"+home+")") || !strings.Contains(c, "[IPC](/knowledge/"+ipc+")") {
		t.Errorf("without base:\n%s", c)
	}
}

// typescript-eslint's docs/maintenance/Governance.mdx is a title and nothing else; Docusaurus builds it
// (and Starlight, MkDocs, VitePress, Mintlify build such a page too). It is no article: left out, named and
// counted as an empty page, instead of an empty-body error that kept all 53 pages out of the KB.
func TestAnEmptyPageUnderAPresetIsLeftOutNotAnError(t *testing.T) {
	for _, name := range []string{"docusaurus", "starlight", "mkdocs", "vitepress", "mintlify"} {
		tr := load(t, map[string]string{
			"maintenance/Governance.mdx": "---\nid: governance\ntitle: Governance\n---\n",
			"maintenance/Releases.mdx":   "---\ntitle: Releases\n---\n\nWe release weekly.\n",
		}, Options{Preset: name, DefaultCategory: "Docs"})
		noErrors(t, tr)
		wantDiag(t, tr, "maintenance/Governance.mdx", 5, SevWarning, "empty body: the page is left out of the sync")
		if tr.LeftOut[ReasonEmpty] != 1 || len(tr.Pages) != 1 {
			t.Errorf("%s: left out %v, %d pages", name, tr.LeftOut, len(tr.Pages))
		}
	}
	// Without a preset, a tree written for Atender, it is still an error.
	tr := load(t, map[string]string{"maintenance/Governance.md": "---\ntitle: Governance\n---\n"}, Options{})
	wantDiag(t, tr, "maintenance/Governance.md", 4, SevError, "empty body")
}

// Capacitor's docs write images as relative paths into the site's static/ folder
// (../../../static/img/v6/docs/android/running.png), which Docusaurus serves from the site's root: with
// assets.baseUrl they are shown from there (img/v6/…), instead of 66 outside-link errors that kept all 148
// pages out of the KB. Starlight's public/ is the same.
func TestImagesInTheSitesStaticFolderAreShownFromAssetsBaseURL(t *testing.T) {
	root := writeTree(t, map[string]string{
		"docusaurus.config.js":       "module.exports = {};\n",
		"static/img/android/run.png": "png",
		"static/files/guide.pdf":     "pdf",
		"docs/main/android/index.md": "# Android\n\n![Running](../../../static/img/android/run.png)\n\nThe [guide](../../../static/files/guide.pdf).\n",
	})
	tr, err := Load(filepath.Join(root, "docs"), Options{Preset: "docusaurus", DefaultCategory: "Docs", AssetsBaseURL: "https://capacitorjs.com/"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	c := page(t, tr, "main/android/index.md").Content
	for _, w := range []string{"![Running](https://capacitorjs.com/img/android/run.png)", "[guide](https://capacitorjs.com/files/guide.pdf)"} {
		if !strings.Contains(c, w) {
			t.Errorf("content lacks %q:\n%s", w, c)
		}
	}
	root = writeTree(t, map[string]string{
		"astro.config.mjs":             "import starlight from '@astrojs/starlight';\n",
		"public/shot.png":              "png",
		"src/content/docs/guide/a.mdx": "---\ntitle: A\n---\n![Shot](../../../../public/shot.png)\n",
	})
	tr, err = Load(filepath.Join(root, "src/content/docs"), Options{Preset: "starlight", DefaultCategory: "Docs", AssetsBaseURL: "https://example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	if c := page(t, tr, "guide/a.mdx").Content; !strings.Contains(c, "![Shot](https://example.com/shot.png)") {
		t.Errorf("starlight public/:\n%s", c)
	}
}

// Outside Starlight nothing names what `@/` or `~/` stand for (a Docusaurus or Mintlify site's bundler may):
// an image written so is a warning that names the alias and says it will not show, not an error that keeps
// the whole tree out of the KB under a path joined to the page's folder.
func TestUnresolvedCodeAliasIsAWarning(t *testing.T) {
	root := writeTree(t, map[string]string{
		"docs/c/shot.md": "---\ntitle: Shot\ncategory: Docs\n---\nText.\n\n![Shot](@/assets/x.png)\n\n![Home](~/img/home.png)\n",
	})
	tr, err := Load(filepath.Join(root, "docs"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	var msgs []string
	for _, d := range tr.Diagnostics {
		if d.Code == "broken-image" && d.Severity == SevWarning {
			msgs = append(msgs, d.Message)
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "@/assets/x.png starts with @/, a path alias") || !strings.Contains(msgs[1], "~/img/home.png starts with ~/") ||
		strings.Contains(msgs[0], "c/@/") {
		t.Errorf("warnings %q", msgs)
	}
	if c := page(t, tr, "c/shot.md").Content; !strings.Contains(c, "![Shot](@/assets/x.png)") {
		t.Errorf("content %q", c)
	}
}
