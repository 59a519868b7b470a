package docs

import (
	"strings"
	"testing"
)

// An .mdx page reaches the article as Markdown: imports and comments gone, its tabs labelled sections, a
// Mintlify note a block quote; a component no converter knows loses its tags, keeps its text (inside it, and
// of its text attributes: <Badge text="new" /> shows "new"), and is named in one warning for the file. Diagnostics inside converted elements name the file's own line and column.
func TestMDXPageIsConverted(t *testing.T) {
	src := "---\ntitle: Install\n---\nimport Tabs from '@theme/Tabs';\n\n{/* hidden */}\n\n<Tabs>\n  <TabItem value=\"npm\" label=\"npm\">\n    Run [the setup](missing.md).\n  </TabItem>\n</Tabs>\n\n<Note>\n  Keep it **secret**.\n</Note>\n\n<Badge text=\"new\" /> and <Highlight>words</Highlight>.\n\n<Badge text=\"old\" />\n"
	tr := load(t, map[string]string{"c/install.mdx": src}, Options{Preset: "none"})
	p := page(t, tr, "c/install.mdx")
	want := "**npm**\n\nRun [the setup](missing.md).\n\n\n\n> **Note:**\n> Keep it **secret**.\n\n\nnew and words.\n\n**old**"
	if !strings.Contains(p.Content, want) || strings.Contains(p.Content, "import") || strings.Contains(p.Content, "hidden") || strings.Contains(p.Content, "<") {
		t.Fatalf("content:\n%s", p.Content)
	}
	// `Run [the setup](missing.md).` is line 10 of the file, its destination at column 21.
	found := false
	for _, d := range tr.Diagnostics {
		if d.Code == "broken-link" {
			found = d.Line == 10 && d.Col == 21
			if !found {
				t.Errorf("broken link at %d:%d, want 10:21", d.Line, d.Col)
			}
		}
	}
	if !found {
		t.Error("no broken-link diagnostic")
	}
	var jsx []Diagnostic
	for _, d := range tr.Diagnostics {
		if d.Code == "jsx" {
			jsx = append(jsx, d)
		}
	}
	if len(jsx) != 1 || jsx[0].Line != 18 || jsx[0].Col != 1 || jsx[0].Message != "components <Badge> ×2, <Highlight>: no converter knows them, so their tags are left out and their text is kept (what is inside, and their title, label, description or tip in bold above or in parentheses after)" {
		t.Fatalf("jsx warnings: %v", jsx)
	}
	wantDiag(t, tr, "c/install.mdx", 4, SevWarning, "MDX import/export lines are removed from the articles: 1 paragraph(s) in 1 file(s)")
	c := tr.PageCounts()
	if c.Converted["tabs"] != 1 || c.Converted["admonitions"] != 1 || c.Components["Badge"] != 2 || c.Components["Highlight"] != 1 {
		t.Fatalf("counts %v", c)
	}
}

// An MDX element that is never closed, or closed by another's tag, is an error at the file's line and
// column naming it; the page is not an article.
func TestMDXSyntaxErrors(t *testing.T) {
	tr := load(t, map[string]string{
		"c/open.mdx":     "---\ntitle: Open\n---\nText.\n\n<Tabs>\n  <TabItem value=\"a\">\n    A.\n  </TabItem>\n",
		"c/mismatch.mdx": "# Mismatch\n\n<Steps>\n  <Step title=\"One\">\n    One.\n</Steps>\n",
		"c/fine.md":      "# Fine\n\n<Tabs> in a .md page of no MDX preset stays text.\n",
	}, Options{Preset: "none", DefaultCategory: "General"})
	wantDiag(t, tr, "c/open.mdx", 6, SevError, "<Tabs> is never closed: add </Tabs>")
	wantDiag(t, tr, "c/mismatch.mdx", 4, SevError, "<Step> is not closed before </Steps> at line 6, column 1")
	for _, d := range tr.Diagnostics {
		if d.Code == "mdx-syntax" && d.Path == "c/mismatch.mdx" && d.Col != 3 {
			t.Errorf("column %d, want 3", d.Col)
		}
	}
	for _, p := range tr.Pages {
		if p.Path != "c/fine.md" {
			t.Errorf("%s is an article", p.Path)
		}
	}
	if tr.Errors() != 2 {
		t.Fatalf("errors:\n%s", diagText(tr))
	}
}

// Docusaurus reads .md pages as MDX: one that uses MDX syntax is converted like an .mdx page; under another
// generator it is CommonMark, its components warned about as text.
func TestDocusaurusMarkdownThatLooksLikeMDX(t *testing.T) {
	files := map[string]string{
		"docusaurus.config.js": "module.exports = {};\n",
		"docs/c/setup.md":      "# Setup\n\nimport Admonition from '@theme/Admonition';\n\n<Admonition type=\"warning\" title=\"Careful\">\nIt breaks.\n</Admonition>\n",
	}
	tr, err := Load(writeTree(t, files)+"/docs", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := page(t, tr, "c/setup.md"); !strings.Contains(p.Content, "> **Careful**\n> It breaks.\n") {
		t.Fatalf("content:\n%s", p.Content)
	}
	tr = load(t, map[string]string{"c/setup.md": files["docs/c/setup.md"]}, Options{Preset: "none"})
	wantDiag(t, tr, "c/setup.md", 5, SevWarning, "will show as text")

	// HTML with JSX attributes is MDX too (gaianet-docs' and friendly-docs' .md pages): no `{{` reaches the
	// article, the embed is a link
	files["docs/c/video.md"] = "# Video\n\n<iframe width=\"100%\" style={{\"aspect-ratio\": \"16 / 9\"}} src=\"https://www.youtube.com/embed/JdIB7g01zBM\" title=\"Install in two minutes\"></iframe>\n\n<figure style={{ textAlign: 'center' }}>\n  <img src=\"https://example.com/a.png\" alt=\"Audit logs\" />\n</figure>\n"
	tr, err = Load(writeTree(t, files)+"/docs", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := page(t, tr, "c/video.md"); strings.Contains(p.Content, "{{") || !strings.Contains(p.Content, "[Install in two minutes](https://www.youtube.com/embed/JdIB7g01zBM)") ||
		!strings.Contains(p.Content, "<figure>\n<img src=\"https://example.com/a.png\" alt=\"Audit logs\" />\n</figure>") {
		t.Fatalf("content:\n%s", p.Content)
	}
}
