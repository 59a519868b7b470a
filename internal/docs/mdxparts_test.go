package docs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The parts of an MDX page that point somewhere reach the article as ordinary Markdown links and images, so
// they are resolved as every other: a card's href to another page becomes that article's link, a picture
// lands on assets.baseUrl, an imported partial is read from the repository and inlined.
func TestMDXCardsImagesAndPartialsAreLinkedAndInlined(t *testing.T) {
	files := map[string]string{
		"docusaurus.config.js":      "module.exports = {};\n",
		"static/img/flow.png":       "png",
		"docs/c/_flags.mdx":         "### cpuFlag\n\nSee [the store](store.md).\n",
		"docs/c/store.md":           "# Store\n\nText.\n",
		"docs/c/shot.png":           "png",
		"docs/c/overview.mdx":       "# Overview\n\nimport Flags from './_flags.mdx';\nimport shot from './shot.png';\n\n<CardGroup>\n  <Card title=\"Store\" href=\"./store.md\">\n    Where packages live.\n  </Card>\n</CardGroup>\n\n<Frame caption=\"The flow\">\n  <img src={require('@site/static/img/flow.png').default} />\n</Frame>\n\n<img src={shot} alt=\"Shot\" />\n\n<Flags />\n\n<Icon icon=\"gear\" />\n",
		"docs/c/broken.mdx":         "# Broken\n\nimport Gone from './_gone.mdx';\n\nText.\n\n<Gone />\n",
		"docs/c/snippetless.mdx":    "# S\n\n<Snippet file=\"nowhere.mdx\" />\n",
		"docs/c/deep/partialuse.md": "# Deep\n\nimport Flags from '../_flags.mdx';\n\n<Flags />\n",
	}
	tr, err := Load(writeTree(t, files)+"/docs", Options{AssetsBaseURL: "https://cdn.example.com", DefaultCategory: "C"})
	if err != nil {
		t.Fatal(err)
	}
	p := page(t, tr, "c/overview.mdx")
	for _, w := range []string{
		"- **[Store](/knowledge/store)**\n\n  Where packages live.",
		"![](https://cdn.example.com/img/flow.png)\n\n*The flow*",
		"![Shot](https://cdn.example.com/c/shot.png)",
		"### cpuFlag\n\nSee [the store](/knowledge/store).",
	} {
		if !strings.Contains(p.Content, w) {
			t.Errorf("content lacks %q:\n%s", w, p.Content)
		}
	}
	if strings.Contains(p.Content, "<") {
		t.Errorf("a tag is left:\n%s", p.Content)
	}
	// from a folder below, the partial's link still names the page beside the partial
	if d := page(t, tr, "c/deep/partialuse.md"); !strings.Contains(d.Content, "See [the store](/knowledge/store).") {
		t.Errorf("deep/partialuse.md:\n%s", d.Content)
	}
	wantDiag(t, tr, "c/broken.mdx", 7, SevError, `<Gone> (imported from ./_gone.mdx): include "./_gone.mdx": no such file`)
	wantDiag(t, tr, "c/snippetless.mdx", 3, SevError, `<Snippet file="nowhere.mdx">: include "/snippets/nowhere.mdx": no such file`)
	c := tr.PageCounts()
	for k, n := range map[string]int{"cards": 1, "frames": 1, "images": 2, "includes": 2, "icons": 1} {
		if c.Converted[k] != n {
			t.Errorf("converted %s: %d, want %d (%v)", k, c.Converted[k], n, c.Converted)
		}
	}
	if len(c.Components) != 0 {
		t.Errorf("components warned about: %v", c.Components)
	}
}

// The summary line lists the most converted kinds and says how many more the JSON holds, never dropping
// them without a word.
func TestConvertedKindsBeyondTheListAreSaid(t *testing.T) {
	c := PageCounts{Read: 3, Articles: 3, Converted: map[string]int{"tabs": 9, "cards": 8, "admonitions": 7, "steps": 6, "includes": 5, "images": 4, "frames": 3, "icons": 2, "code titles": 1}}
	s := c.String()
	if !strings.Contains(s, "converted 9 tabs, 8 cards, 7 admonitions, 6 steps, 5 includes, 4 images, 3 frames, 2 icons and 1 more kind (--output json lists them)") {
		t.Errorf("summary: %s", s)
	}
}

// Redux's shape: a .md page that imports partials below an HTML comment, from outside the docs folder and
// by @site/ (the folder of docusaurus.config.js). Both are inlined; a component with no
// text of its own is named as not in the article; nothing outside the repository is read.
func TestPartialsFromAnywhereInTheRepositoryAreInlined(t *testing.T) {
	files := map[string]string{
		".git/HEAD":                 "ref: refs/heads/main\n",
		"docusaurus.config.js":      "module.exports = {};\n",
		"src/_Site.mdx":             "From the site folder.\n",
		"components/_Warning.mdx":   ":::caution\n\nOld patterns ahead.\n\n:::\n",
		"docs/tutorials/part-1.md":  "# Part 1\n\n<!-- prettier-ignore -->\nimport Warning from \"../../components/_Warning.mdx\";\nimport Site from '@site/src/_Site.mdx';\nimport Video from '../../components/Video';\n\n<Warning />\n\n<Site />\n\n<Video id=\"abc\" />\n",
		"docs/tutorials/outside.md": "# Outside\n\nimport Secret from '../../../secret.mdx';\n\n<Secret />\n",
	}
	root := writeTree(t, files)
	tr, err := Load(root+"/docs", Options{DefaultCategory: "C", Preset: "docusaurus"})
	if err != nil {
		t.Fatal(err)
	}
	p := page(t, tr, "tutorials/part-1.md")
	for _, w := range []string{"> **Caution:**\n>\n> Old patterns ahead.", "From the site folder."} {
		if !strings.Contains(p.Content, w) {
			t.Errorf("content lacks %q:\n%s", w, p.Content)
		}
	}
	if strings.Contains(p.Content, "import") || strings.Contains(p.Content, "<") {
		t.Errorf("import or tag left:\n%s", p.Content)
	}
	wantDiag(t, tr, "tutorials/part-1.md", 12, SevWarning, "component <Video /> has no text here; what it renders is not in the article")
	wantDiag(t, tr, "tutorials/outside.md", 5, SevError, "is outside the repository")
}

// typescript-eslint's package pages import `./type-utils/generated/index.md`, a file its build writes
// and its .gitignore names (docs/packages/*/generated): the page is published without it, with an include
// warning that says why, instead of an error that kept all 53 pages out of the KB. A missing file the
// repository does not ignore is still an error.
func TestAnIncludeOfAFileTheRepositoryIgnoresIsAWarning(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := writeTree(t, map[string]string{
		".gitignore":                   "docs/packages/*/generated\n",
		"docusaurus.config.js":         "module.exports = {};\n",
		"docs/packages/Type_Utils.mdx": "---\ntitle: Type utils\n---\nimport GeneratedDocs from './type-utils/generated/index.md';\n\nThe following documentation is auto-generated from source code.\n\n<GeneratedDocs />\n",
		"docs/packages/Other.mdx":      "---\ntitle: Other\n---\nimport Gone from './other/gone.md';\n\nText.\n\n<Gone />\n",
	})
	cmd := exec.Command("git", "-C", root, "init", "-q")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	tr, err := Load(filepath.Join(root, "docs"), Options{Preset: "docusaurus", DefaultCategory: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	wantDiag(t, tr, "packages/Type_Utils.mdx", 8, SevWarning, "the file is made when the site is built (the repository ignores it): what it holds is not in the article")
	wantDiag(t, tr, "packages/Other.mdx", 8, SevError, "no such file")
	if tr.Errors() != 1 {
		t.Errorf("%d errors, want only Other.mdx's:\n%s", tr.Errors(), diagText(tr))
	}
}

// react-native-website's .md pages (formatted by Prettier, which escapes underscores) import
// './\_experimental-api-warning.mdx': in JavaScript '\_' is '_', so the partial is _experimental-api-warning.mdx
// and it is inlined, instead of 18 "no such file" include errors that kept all 227 pages out of the KB.
func TestAnImportPathIsReadAsAJavaScriptString(t *testing.T) {
	tr := load(t, map[string]string{
		"docusaurus.config.js":               "module.exports = {};\n",
		"docs/_experimental-api-warning.mdx": ":::important Experimental\n\nThis API is experimental.\n\n:::\n",
		"docs/accessibility.md":              "---\ntitle: Accessibility\n---\nimport ExperimentalAPIWarning from './\\_experimental-api-warning.mdx';\n\nText.\n\n<ExperimentalAPIWarning />\n",
	}, Options{Preset: "docusaurus", DefaultCategory: "Docs"})
	noErrors(t, tr)
	if c := page(t, tr, "docs/accessibility.md").Content; !strings.Contains(c, "This API is experimental.") {
		t.Errorf("the partial is not inlined:\n%s", c)
	}
}
