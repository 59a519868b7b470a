package docs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/markdown"
)

// Issue 14 (6): `docs -> website/docs` is common in monorepos; the root symlink is followed.
func TestRootThatIsASymlinkIsFollowed(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"website/docs/guide/a.md": "# A\n\nSee [b](b.md).\n",
		"website/docs/guide/b.md": "# B\n\nText.\n",
	})
	link := filepath.Join(dir, "docs")
	if err := os.Symlink(filepath.Join("website", "docs"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	for _, root := range []string{link, link + string(filepath.Separator)} {
		tr, err := Load(root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		noErrors(t, tr)
		if len(tr.Pages) != 2 || tr.Root != root {
			t.Fatalf("%s: %d pages, root %q; diagnostics:\n%s", root, len(tr.Pages), tr.Root, diagText(tr))
		}
		if a := page(t, tr, "guide/a.md"); !strings.Contains(a.Content, "(/knowledge/b)") {
			t.Fatalf("link not resolved through the symlinked root: %q", a.Content)
		}
	}
}

// Issue 14 (7): JSON frontmatter without a blank line after it is frontmatter, not the article's text.
func TestJSONFrontmatterWithoutBlankLine(t *testing.T) {
	tr := load(t, map[string]string{
		"c/multi.md":  "{\n  \"title\": \"Multi line\",\n  \"tags\": [\"a\", \"b\"]\n}\nBody text.\n",
		"c/one.md":    "{\"title\": \"One line\"}\nBody text.\n",
		"c/blank.md":  "{\n\"title\": \"With blank\"\n}\n\nBody text.\n",
		"c/brace.md":  "{ this is Markdown } and more.\n",
		"c/hugo.md":   "{{< note >}}\nA shortcode first.\n{{< /note >}}\n",
		"c/broken.md": "{\n  \"title\": \"Broken\",\n}\nBody text.\n",
	}, Options{})
	for path, title := range map[string]string{"c/multi.md": "Multi line", "c/one.md": "One line", "c/blank.md": "With blank"} {
		p := page(t, tr, path)
		if p.Title != title || p.Content != "Body text.\n" || p.Sources["title"] != "frontmatter" {
			t.Errorf("%s: title %q (%s), content %q", path, p.Title, p.Sources["title"], p.Content)
		}
	}
	if p := page(t, tr, "c/multi.md"); strings.Join(p.Tags, ",") != "a,b" {
		t.Errorf("tags %v", p.Tags)
	}
	if p := page(t, tr, "c/brace.md"); p.Content != "{ this is Markdown } and more.\n" {
		t.Errorf("a brace that opens a paragraph is text: %q", p.Content)
	}
	page(t, tr, "c/hugo.md")
	wantDiag(t, tr, "c/broken.md", 3, SevError, "invalid JSON frontmatter")
}

// Issue 14 (16): equal keys in JSON frontmatter are reported, as YAML's are.
func TestJSONDuplicateKeys(t *testing.T) {
	tr := load(t, map[string]string{
		"c/semi.md":  ";;;\n{\"title\": \"A\",\n \"title\": \"B\"}\n;;;\nBody.\n",
		"c/bare.md":  "{\n\"slug\": \"x\",\n\"title\": \"T\",\n\"slug\": \"y\"\n}\n\nBody.\n",
		"c/fence.md": "---json\n{\"tags\": [\"a\"], \"tags\": [\"b\"]}\n---\nBody.\n",
		"c/yaml.md":  "---\ntitle: A\ntitle: B\n---\nBody.\n",
	}, Options{})
	wantDiag(t, tr, "c/semi.md", 3, SevError, "field `title` appears twice (also on line 2)")
	wantDiag(t, tr, "c/bare.md", 4, SevError, "field `slug` appears twice (also on line 2)")
	wantDiag(t, tr, "c/fence.md", 2, SevError, "field `tags` appears twice")
	wantDiag(t, tr, "c/yaml.md", 3, SevError, "field `title` appears twice (also on line 2)")
	// the first value counts, in JSON as in YAML
	if p := page(t, tr, "c/bare.md"); p.Slug != "x" {
		t.Errorf("slug %q", p.Slug)
	}
}

// Issue 14 (8): hostile Markdown under the size limit is refused quickly, naming the file and line.
func TestHostileMarkdownIsRefusedNotParsed(t *testing.T) {
	var nested strings.Builder
	for i := 0; i < 300; i++ {
		nested.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	tr := load(t, map[string]string{
		"c/links.md":   "# Links\n\n" + strings.Repeat("[a](", 200000) + "\n",
		"c/quotes.md":  "---\ntitle: Quotes\n---\nIntro.\n\n" + strings.Repeat("> ", 200000) + "\n",
		"c/lists.md":   "# Lists\n\n" + nested.String(),
		"c/ordered.md": "# Ordered\n\n" + strings.Repeat("1. ", 200000) + "\n",
		// what real documents do stays well inside the limits
		"c/fine.md": "# Fine\n\n" + strings.Repeat("> > > - 1. [a](b.md) text\n", 2000) + "\n" + strings.Repeat("[x](", 500) + "\n",
		"c/b.md":    "# B\n\nText.\n",
	}, Options{MaxFileSize: 2 << 20})
	wantDiag(t, tr, "c/links.md", 3, SevError, "refused to parse: more than 1000 link destinations")
	wantDiag(t, tr, "c/quotes.md", 6, SevError, "refused to parse: quotes or lists nested 200000 deep")
	wantDiag(t, tr, "c/lists.md", 0, SevError, "refused to parse: quotes or lists nested")
	wantDiag(t, tr, "c/ordered.md", 3, SevError, "refused to parse")
	page(t, tr, "c/fine.md")
	for _, d := range tr.Diagnostics {
		if d.Path == "c/fine.md" && d.Severity == SevError && strings.Contains(d.Message, "refused") {
			t.Fatalf("a real document was refused: %s", d)
		}
	}
}

// F7: unclosed admonitions (120,000 `:::tip` lines, 840 KB, under max-file-size) used to run for minutes and
// take tens of GB while being converted, before any complexity check or deadline. They are refused at the
// nesting limit, naming the file's line that opens one too many.
func TestHostileAdmonitionsAreRefusedQuickly(t *testing.T) {
	t.Parallel()
	tr := load(t, map[string]string{"c/tips.md": "---\ntitle: t\n---\n" + strings.Repeat(":::tip\n", 120000)}, Options{})
	wantDiag(t, tr, "c/tips.md", 3+101, SevError, "refused to parse: admonitions (`:::`) nested more than 100 deep")
	for _, d := range tr.Diagnostics {
		if d.Path == "c/tips.md" && d.Code != "too-complex" {
			t.Errorf("code %s: %s", d.Code, d)
		}
	}
}

// MkDocs admonitions with a long run of blank lines (500,000) are converted in one pass.
func TestMkDocsAdmonitionWithALongBlankRunIsConverted(t *testing.T) {
	t.Parallel()
	tr := load(t, map[string]string{"c/mkdocs.md": "# M\n\n!!! note\n    a\n" + strings.Repeat("\n", 500000) + "    b\n"}, Options{})
	if p := page(t, tr, "c/mkdocs.md"); !strings.HasPrefix(p.Content, "> **Note:**\n> a\n>\n") {
		t.Fatalf("mkdocs content %.40q", p.Content)
	}
}

// Admonitions kept as they are written are text, not nesting: no depth is refused. 12,000 openings are 120
// times the depth limit (the refused case above keeps its 120,000: there the size is the hostile part).
func TestKeptAdmonitionsAreNotRefusedAtAnyDepth(t *testing.T) {
	t.Parallel()
	tr := load(t, map[string]string{"c/kept.md": "# K\n\n" + strings.Repeat(":::tip\n", 12000)}, Options{Admonitions: "keep"})
	noErrors(t, tr)
}

// swapAnalyze replaces the parser for one test.
func swapAnalyze(t *testing.T, f func([]byte) *markdown.Doc) {
	old := analyze
	analyze = func(_ context.Context, src []byte) (*markdown.Doc, error) { return f(src), nil }
	t.Cleanup(func() { analyze = old })
}

// A construct the complexity check does not know is still bounded by a per-file deadline.
func TestParseDeadline(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	swapAnalyze(t, func(src []byte) *markdown.Doc {
		if strings.Contains(string(src), "SLOW") {
			<-release // a parse that never ends within the test
		}
		return markdown.Analyze(src)
	})
	old := parseTimeout
	parseTimeout = time.Millisecond
	t.Cleanup(func() { parseTimeout = old })
	tr := load(t, map[string]string{"c/slow.md": "# Slow\n\nSLOW\n"}, Options{})
	wantDiag(t, tr, "c/slow.md", 1, SevError, "parsing took longer than 1ms and was abandoned")
}

// Issue 14 (8): a Ctrl-C while the tree loads ends the load at once, even inside a slow parse.
func TestLoadStopsWhenCancelled(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	t.Cleanup(func() { close(release) })
	swapAnalyze(t, func(src []byte) *markdown.Doc {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
		return markdown.Analyze(src)
	})
	dir := writeTree(t, map[string]string{"c/a.md": "# A\n\nx\n", "c/b.md": "# B\n\ny\n"})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	tr, err := LoadContext(ctx, dir, Options{})
	if !errors.Is(err, context.Canceled) || tr != nil {
		t.Fatalf("got tree %v, error %v; want context.Canceled", tr, err)
	}
}

// Issue 14 (15): a newline in a file name cannot break the one-line PATH:LINE:COL format.
func TestControlCharactersInPathsAreQuoted(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a\nb.md":    "# A\n\nSee [x](missing.md).\n",
		"c/esc\x1b.md": "# E\n\nSee [x](missing.md).\n",
		"c/é.md":       "# É\n\nSee [x](missing.md).\n",
	}, Options{})
	var lines []string
	for _, d := range tr.Diagnostics {
		lines = append(lines, d.String())
	}
	out := strings.Join(lines, "\n")
	for _, want := range []string{`"c/a\nb.md":3:9: error: link missing.md`, `"c/esc\x1b.md":3:9: error:`, "c/é.md:3:9: error:"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
	if strings.Count(out, "\n") != len(lines)-1 || strings.Contains(out, "\x1b") {
		t.Fatalf("a diagnostic spans lines or carries an escape sequence:\n%q", out)
	}
	// The JSON form keeps the real name.
	if tr.Diagnostics[0].Path != "c/a\nb.md" {
		t.Fatalf("path %q", tr.Diagnostics[0].Path)
	}
	d := Diagnostic{Path: "c/a.md", Line: 1, Col: 1, Severity: SevWarning, Message: "unknown field `a\nb`"}
	if got := d.String(); got != "c/a.md:1:1: warning: unknown field `a\\nb`" {
		t.Fatalf("String() = %q", got)
	}
}

// Issue 14 (17): the loader does not hold every file between its two passes; it reads a file again for its
// body, and refuses one that changed in between rather than render one version with another's offsets.
func TestBodyIsReadAgainAndCheckedForChanges(t *testing.T) {
	dir := writeTree(t, map[string]string{"c/a.md": "---\r\ntitle: A\r\n---\r\nText [b](b.md).\r\n"})
	abs := filepath.Join(dir, "c", "a.md")
	p := parseFile(fileEntry{rel: "c/a.md", abs: abs}, Options{MaxFileSize: 1 << 20})
	if p.page == nil || p.body != nil {
		t.Fatalf("after the first pass: page %v, body kept %q", p.page, p.body)
	}
	var ds diags
	if !analyzeBody(context.Background(), p, Options{}, &ds) || string(p.body) != "Text [b](b.md).\n" || len(ds) != 0 {
		t.Fatalf("re-read body %q, diagnostics %v", p.body, ds)
	}
	p = parseFile(fileEntry{rel: "c/a.md", abs: abs}, Options{MaxFileSize: 1 << 20})
	if err := os.WriteFile(abs, []byte("---\r\ntitle: A\r\n---\r\nText [c](c.md).\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if analyzeBody(context.Background(), p, Options{}, &ds) || len(ds) != 1 || !strings.Contains(ds[0].Message, "changed while atender was reading it") {
		t.Fatalf("a file changed between the passes: %v", ds)
	}
}

// F9: a _category.yml or .atenderignore over 1 MiB is refused with an error naming it, not held in memory;
// a .atenderignore that is /dev/zero behind a symlink is not read (a warning).
func TestLargeCategoryAndIgnoreFilesAreRefused(t *testing.T) {
	big := "# " + strings.Repeat("x", 1<<20) + "\n"
	dir := writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n", "c/_category.yml": big, ".atenderignore": big})
	tr, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantDiag(t, tr, "c/_category.yml", 1, SevError, "_category.yml is larger than 1 MiB; not read")
	wantDiag(t, tr, ".atenderignore", 1, SevError, "larger than 1 MiB; not read")
	dir = writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n"})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, ".atenderignore")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if tr, err = Load(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	wantDiag(t, tr, ".atenderignore", 1, SevWarning, "not a regular file (a device); not read")
}

// F4: a control character in a text field (ESC, BEL, a newline that starts a `::error` workflow command) is
// refused in JSON, TOML and YAML frontmatter alike, at the field's line; YAML's scanner refused only raw
// ones, and escapes passed in all three.
func TestControlCharactersInFieldsAreRefusedInEveryFormat(t *testing.T) {
	tr := load(t, map[string]string{
		"c/json.md":     "{\"title\": \"Evil \\u001b[2J\\u0007 | col \\n::error file=README.md,line=1::pwned\"}\n\nbody text\n",
		"c/jsontags.md": "{\n\"title\": \"T\",\n\"tags\": [\"ok\", \"a\\nb\"]\n}\n\nbody\n",
		"c/toml.md":     "+++\ntitle = \"T\"\nsummary = \"line\\u0007bell\"\n+++\nbody\n",
		"c/yaml.md":     "---\ntitle: T\ncategory: \"x\\ny\"\n---\nbody\n",
		"c/yamlkw.md":   "---\ntitle: T\nkeywords: [a, \"b\\u001b\"]\n---\nbody\n",
		"c/raw.md":      "---\ntitle: \"Ctl \x1b[2J\"\n---\nbody\n",
		// a block scalar ends with a newline, which is trimmed like any space around a value
		"c/block.md": "---\ntitle: T\nsummary: |\n  One line.\n---\nbody\n",
		// what Atender holds and kb pull writes: a summary on several lines, a tab in a title
		"c/pulled.md": "---\ntitle: \"A\\tB\"\nsummary: \"One.\\nTwo.\"\n---\nbody\n",
	}, Options{})
	wantDiag(t, tr, "c/json.md", 1, SevError, "field `title`: control characters are not allowed (U+001B)")
	wantDiag(t, tr, "c/jsontags.md", 3, SevError, "field `tags`: control characters are not allowed (U+000A)")
	wantDiag(t, tr, "c/toml.md", 3, SevError, "field `summary`: control characters are not allowed (U+0007)")
	wantDiag(t, tr, "c/yaml.md", 3, SevError, "field `category`: control characters are not allowed (U+000A)")
	wantDiag(t, tr, "c/yamlkw.md", 3, SevError, "field `keywords`: control characters are not allowed")
	wantDiag(t, tr, "c/raw.md", 0, SevError, "control characters are not allowed")
	for _, d := range tr.Diagnostics {
		if d.Severity == SevError && d.Code != "frontmatter" {
			t.Errorf("code %s: %s", d.Code, d)
		}
		if d.Path == "c/block.md" || d.Path == "c/pulled.md" {
			t.Errorf("a valid text: %s", d)
		}
	}
}

// F4: a _category.yml title is a category name in Atender and a cell of the reports: an escaped control
// character in it is refused as in a page's frontmatter (a multi-line description is text).
func TestControlCharactersInCategoryFiles(t *testing.T) {
	tr := load(t, map[string]string{
		"c/_category.yml": "slug: c\ntitle: \"Evil \\u001b[2J\\n::error::x\"\ndescription: \"Two\\nlines\"\n",
		"c/a.md":          "# A\n\nText.\n",
		"d/_category.yml": "title: Fine\ndescription: |\n  One.\n  Two.\n",
		"d/b.md":          "# B\n\nText.\n",
	}, Options{})
	wantDiag(t, tr, "c/_category.yml", 2, SevError, "field `title`: control characters are not allowed (U+001B)")
	for _, d := range tr.Diagnostics {
		if d.Path == "d/_category.yml" || strings.Contains(d.Message, "`description`") {
			t.Errorf("valid text refused: %s", d)
		}
	}
}
