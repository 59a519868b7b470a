package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (path → content) under a temporary folder and returns it.
func writeTree(t testing.TB, files map[string]string) string {
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

func load(t *testing.T, files map[string]string, o Options) *Tree {
	t.Helper()
	tr, err := Load(writeTree(t, files), o)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func page(t *testing.T, tr *Tree, path string) *Page {
	t.Helper()
	for _, p := range tr.Pages {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no page %s; diagnostics:\n%s", path, diagText(tr))
	return nil
}

func diagText(tr *Tree) string {
	var b strings.Builder
	for _, d := range tr.Diagnostics {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// wantDiag asserts a diagnostic at path:line with severity and a message containing substr.
func wantDiag(t *testing.T, tr *Tree, path string, line int, sev Severity, substr string) {
	t.Helper()
	for _, d := range tr.Diagnostics {
		if d.Path == path && (line == 0 || d.Line == line) && d.Severity == sev && strings.Contains(d.Message, substr) {
			return
		}
	}
	t.Fatalf("want %s:%d %s containing %q; got:\n%s", path, line, sev, substr, diagText(tr))
}

func noErrors(t *testing.T, tr *Tree) {
	t.Helper()
	if tr.Errors() > 0 {
		t.Fatalf("unexpected errors:\n%s", diagText(tr))
	}
}

func TestTitleFallbacks(t *testing.T) {
	tr := load(t, map[string]string{
		"c/front.md":     "---\ntitle: From frontmatter\n---\nBody text.\n",
		"c/heading.md":   "# From the heading\n\nBody text.\n",
		"c/file-name.md": "Just a body, no heading.\n",
		"c/repeat.md":    "---\ntitle: Same\n---\n# Same\n\nBody.\n",
		"c/differ.md":    "---\ntitle: Other\n---\n# Heading stays\n\nBody.\n",
		"c/setext.md":    "Setext title\n============\n\nBody here.\n",
	}, Options{})
	noErrors(t, tr)
	wantDiag(t, tr, "c/repeat.md", 4, SevWarning, `the heading "Same" repeats the title`)
	cases := []struct{ path, title, source, content string }{
		{"c/front.md", "From frontmatter", "frontmatter", "Body text.\n"},
		{"c/heading.md", "From the heading", "heading", "Body text.\n"},
		{"c/file-name.md", "File name", "filename", "Just a body, no heading.\n"},
		{"c/repeat.md", "Same", "frontmatter", "# Same\n\nBody.\n"},
		{"c/differ.md", "Other", "frontmatter", "# Heading stays\n\nBody.\n"},
		{"c/setext.md", "Setext title", "heading", "Body here.\n"},
	}
	for _, c := range cases {
		p := page(t, tr, c.path)
		if p.Title != c.title || p.Sources["title"] != c.source || p.Content != c.content {
			t.Errorf("%s: title %q (%s), content %q; want %q (%s), %q", c.path, p.Title, p.Sources["title"], p.Content, c.title, c.source, c.content)
		}
	}
}

func TestSlugFallbacks(t *testing.T) {
	tr := load(t, map[string]string{
		"c/Update Payment.md": "Body.\n",
		"c/Über uns.md":       "Body.\n",
		"c/guides/index.md":   "Body.\n",
		"c/faq/README.md":     "Body.\n",
		"c/explicit.md":       "---\nslug: my-slug\n---\nBody.\n",
		"c/Notes.markdown":    "Body.\n",
		"c/UPPER.MD":          "Body.\n",
	}, Options{})
	noErrors(t, tr)
	for path, want := range map[string]string{
		"c/Update Payment.md": "update-payment", "c/Über uns.md": "uber-uns", "c/guides/index.md": "guides",
		"c/faq/README.md": "faq", "c/explicit.md": "my-slug", "c/Notes.markdown": "notes", "c/UPPER.MD": "upper",
	} {
		if got := page(t, tr, path).Slug; got != want {
			t.Errorf("%s: slug %q, want %q", path, got, want)
		}
	}
}

func TestInvalidExplicitSlugIsAnErrorNeverChanged(t *testing.T) {
	tr := load(t, map[string]string{"c/a.md": "---\ntitle: A\nslug: Update_Payment\n---\nBody.\n"}, Options{})
	wantDiag(t, tr, "c/a.md", 3, SevError, `slug "Update_Payment" is not valid`)
	wantDiag(t, tr, "c/a.md", 3, SevError, `"update-payment"`)
}

func TestSummaryFallbacks(t *testing.T) {
	long := strings.Repeat("word ", 60)
	tr := load(t, map[string]string{
		"c/explicit.md": "---\nsummary: Given.\n---\nFirst paragraph.\n",
		"c/desc.md":     "---\ndescription: From Docusaurus.\n---\nFirst paragraph.\n",
		"c/para.md":     "# T\n\nThe *first* paragraph, with `code` and [a link](https://x.y).\n\nSecond.\n",
		"c/long.md":     "# T\n\n" + long + "\n",
	}, Options{})
	noErrors(t, tr)
	if s := page(t, tr, "c/explicit.md").Summary; s != "Given." {
		t.Errorf("explicit: %q", s)
	}
	if s := page(t, tr, "c/desc.md").Summary; s != "From Docusaurus." {
		t.Errorf("description: %q", s)
	}
	if s := page(t, tr, "c/para.md").Summary; s != "The first paragraph, with code and a link." {
		t.Errorf("paragraph: %q", s)
	}
	s := page(t, tr, "c/long.md").Summary
	if n := len([]rune(s)); n > 200 || !strings.HasSuffix(s, "word…") {
		t.Errorf("long summary (%d chars) not cut at a word boundary: %q", n, s)
	}
	tr = load(t, map[string]string{"c/long.md": "# T\n\n" + long + "\n"}, Options{SummaryLength: 20})
	if s := page(t, tr, "c/long.md").Summary; len([]rune(s)) > 20 {
		t.Errorf("summary-length 20: %q", s)
	}
}

func TestCategoryFallbacks(t *testing.T) {
	tr := load(t, map[string]string{
		"getting-started/a.md":           "Body.\n",
		"billing/_category.yml":          "title: Billing & Plans\ndescription: Money.\nsortOrder: 2\n",
		"billing/payments/b.md":          "Body.\n",
		"billing/payments/deep/er/c.md":  "Body.\n",
		"billing/d.md":                   "---\ncategory: Other Stuff\n---\nBody.\n",
		"billing/payments/_category.yml": "title: Card payments\nslug: cards\n",
		"root.md":                        "---\ncategory: billing\n---\nBody.\n",
	}, Options{})
	noErrors(t, tr)
	check := func(path, cat, sub string) {
		p := page(t, tr, path)
		if p.Category != cat || p.Subcategory != sub {
			t.Errorf("%s: %s/%s, want %s/%s", path, p.Category, p.Subcategory, cat, sub)
		}
	}
	check("getting-started/a.md", "getting-started", "")
	check("billing/payments/b.md", "billing", "cards")
	check("billing/payments/deep/er/c.md", "billing", "cards")
	check("billing/d.md", "other-stuff", "")
	check("root.md", "billing", "")
	titles := map[string]string{}
	for _, c := range tr.Categories {
		titles[c.Slug] = c.Title
	}
	if titles["billing"] != "Billing & Plans" || titles["getting-started"] != "Getting started" || titles["other-stuff"] != "Other Stuff" {
		t.Errorf("category titles %v", titles)
	}
	if len(tr.Subcategories) != 1 || tr.Subcategories[0].Title != "Card payments" || tr.Subcategories[0].Parent != "billing" {
		t.Errorf("subcategories %+v", tr.Subcategories)
	}
}

func TestRootFileNeedsCategory(t *testing.T) {
	files := map[string]string{"faq.md": "Body.\n"}
	tr := load(t, files, Options{})
	wantDiag(t, tr, "faq.md", 1, SevError, "no category")
	tr = load(t, files, Options{DefaultCategory: "General"})
	noErrors(t, tr)
	if p := page(t, tr, "faq.md"); p.Category != "general" {
		t.Errorf("defaults.category: %q", p.Category)
	}
}

func TestStatusAndLists(t *testing.T) {
	tr := load(t, map[string]string{
		"c/default.md": "Body.\n",
		"c/pub.md":     "---\nstatus: published\ntags: billing, Payment Methods\nkeywords: [a, b]\n---\nBody.\n",
		"c/bad.md":     "---\nstatus: live\n---\nBody.\n",
		"c/map.md":     "---\ntags:\n  a: 1\n---\nBody.\n",
		"c/title.md":   "---\ntitle: [a, b]\n---\nBody.\n",
	}, Options{DefaultStatus: "needs-review"})
	if p := page(t, tr, "c/default.md"); p.Status != "needs-review" {
		t.Errorf("defaults.status: %q", p.Status)
	}
	p := page(t, tr, "c/pub.md")
	if p.Status != "published" || strings.Join(p.Tags, "|") != "billing|Payment Methods" || strings.Join(p.Keywords, "|") != "a|b" {
		t.Errorf("pub: %+v", p)
	}
	wantDiag(t, tr, "c/bad.md", 2, SevError, `status "live" is not one of draft, published, needs-review, archived`)
	wantDiag(t, tr, "c/map.md", 2, SevError, "field `tags` must be a list of strings or a comma-separated string, got a map")
	wantDiag(t, tr, "c/title.md", 2, SevError, "field `title` must be a string, got a list")
}

func TestUnknownFields(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a.md": "---\ncatgory: billing\nflavour: x\nsidebar_position: 3\n---\nBody.\n",
		"c/b.md": "---\nsidebar_position: 4\n---\nBody.\n",
	}, Options{})
	wantDiag(t, tr, "c/a.md", 2, SevWarning, "did you mean `category`?")
	wantDiag(t, tr, "c/a.md", 3, SevWarning, "unknown field `flavour`")
	wantDiag(t, tr, "c/a.md", 4, SevWarning, "`sidebar_position` (Docusaurus) is ignored by atender; 2 file(s)")
	if n := strings.Count(diagText(tr), "sidebar_position"); n != 1 {
		t.Errorf("a field of another tool is reported once per tree, got %d times", n)
	}
	if tr.Errors() != 0 {
		t.Errorf("unknown fields are warnings: %s", diagText(tr))
	}
	tr, _ = Load(writeTree(t, map[string]string{"c/a.md": "---\nflavour: x\n---\nBody.\n"}), Options{Strict: true})
	wantDiag(t, tr, "c/a.md", 2, SevError, "(--strict)")
}

func TestSkipping(t *testing.T) {
	tr := load(t, map[string]string{
		"c/keep.md":               "Body.\n",
		"c/off.md":                "---\nsync: false\n---\nBody.\n",
		".hidden/x.md":            "Body.\n",
		"c/node_modules/pkg/x.md": "Body.\n",
		"drafts/x.md":             "Body.\n",
		"c/private-notes.md":      "Body.\n",
		"c/image.png":             "png",
		".atenderignore":          "drafts/\n*-notes.md\n",
		"c/vendor/y.md":           "Body.\n",
	}, Options{Exclude: []string{"c/vendor/**"}})
	noErrors(t, tr)
	if len(tr.Pages) != 1 || tr.Pages[0].Path != "c/keep.md" {
		var got []string
		for _, p := range tr.Pages {
			got = append(got, p.Path)
		}
		t.Fatalf("pages %v, want only c/keep.md", got)
	}
}

func TestLinksAndImages(t *testing.T) {
	files := map[string]string{
		"billing/refunds.md": "# Refunds\n\nFees apply.\n",
		"billing/a.md": "# A\n\n" +
			"See [refunds](refunds.md#fees) and [up](../guides/start.md).\n" +
			"[ext](https://example.com/x.md) [mail](mailto:a@b.c) [anchor](#top)\n" +
			"![logo](https://cdn.example.com/logo.png)\n\n" +
			"[ref]: refunds.md\n\n" +
			"Use [the ref][ref].\n\n" +
			"```\n[not a link](missing.md)\n```\n",
		"guides/start.md": "# Start\n\nText.\n",
	}
	tr := load(t, files, Options{})
	noErrors(t, tr)
	c := page(t, tr, "billing/a.md").Content
	for _, want := range []string{"[refunds](/knowledge/refunds#fees)", "[up](/knowledge/start)", "(https://example.com/x.md)", "(mailto:a@b.c)", "(#top)", "(https://cdn.example.com/logo.png)", "[ref]: /knowledge/refunds", "[not a link](missing.md)"} {
		if !strings.Contains(c, want) {
			t.Errorf("content lacks %q:\n%s", want, c)
		}
	}
	tr = load(t, files, Options{LinksBaseURL: "https://help.example.com/"})
	if c := page(t, tr, "billing/a.md").Content; !strings.Contains(c, "(https://help.example.com/knowledge/refunds#fees)") {
		t.Errorf("links.baseUrl not applied:\n%s", c)
	}
}

// A URL is a URL by its scheme, even when the rest is no valid URL: prettier's browser.md links to
// https://unpkg.com/browse/prettier@%PRETTIER_VERSION%/plugins (a placeholder its site fills in), which
// was a broken-link error to a file "https:/unpkg.com/…" that stopped the sync.
func TestALinkWithASchemeIsExternalEvenWhenItIsNoValidURL(t *testing.T) {
	tr := load(t, map[string]string{"c/a.md": "# A\n\nSee [plugins](https://unpkg.com/browse/prettier@%PRETTIER_VERSION%/plugins) and ![x](https://cdn.example.com/%ZZ.png).\n"}, Options{})
	noErrors(t, tr)
	c := page(t, tr, "c/a.md").Content
	if !strings.Contains(c, "(https://unpkg.com/browse/prettier@%PRETTIER_VERSION%/plugins)") || !strings.Contains(c, "(https://cdn.example.com/%ZZ.png)") {
		t.Errorf("the URLs changed:\n%s", c)
	}
}

func TestBrokenLinksAndImages(t *testing.T) {
	files := map[string]string{
		"c/a.md":        "# A\n\nText.\n\n[gone](missing.md) and [out](../../etc/passwd.md)\n\n![pic](img/pic.png)\n\n![nope](img/none.png)\n",
		"c/img/pic.png": "png",
	}
	tr := load(t, files, Options{})
	wantDiag(t, tr, "c/a.md", 5, SevError, "link missing.md points to c/missing.md, which does not exist")
	wantDiag(t, tr, "c/a.md", 5, SevError, "points outside the docs folder")
	wantDiag(t, tr, "c/a.md", 7, SevError, "Atender has no media upload; set assets.baseUrl")
	wantDiag(t, tr, "c/a.md", 9, SevError, "which does not exist")
	for _, d := range tr.Diagnostics {
		if d.Line == 5 && strings.Contains(d.Message, "missing.md") && d.Col != 1 {
			return
		}
	}
	t.Errorf("a link diagnostic should carry the column of the link:\n%s", diagText(tr))
}

func TestAssetsBaseURL(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a.md":           "# A\n\n![pic](img/my pic.png) ![abs](/static/x.png)\n",
		"c/img/my pic.png": "png",
	}, Options{AssetsBaseURL: "https://cdn.example.com/docs"})
	noErrors(t, tr)
	c := page(t, tr, "c/a.md").Content
	if !strings.Contains(c, "https://cdn.example.com/docs/c/img/my%20pic.png") && !strings.Contains(c, "(img/my pic.png)") {
		t.Errorf("image not rewritten:\n%s", c)
	}
	if !strings.Contains(c, "https://cdn.example.com/docs/static/x.png") {
		t.Errorf("site-path image not rewritten:\n%s", c)
	}
}

func TestMarkupWarnings(t *testing.T) {
	tr := load(t, map[string]string{
		"c/a.md": "---\ntitle: A\n---\nimport Tabs from '@theme/Tabs';\n\nText <b>bold</b>.\n\n<Tabs>\n<TabItem>x</TabItem>\n</Tabs>\n\n{{< note >}}\nHi\n{{< /note >}}\n",
	}, Options{})
	wantDiag(t, tr, "c/a.md", 4, SevWarning, "MDX import/export line")
	wantDiag(t, tr, "c/a.md", 6, SevWarning, "raw HTML is passed through")
	wantDiag(t, tr, "c/a.md", 8, SevWarning, "JSX/MDX or Vue component <Tabs>")
	wantDiag(t, tr, "c/a.md", 12, SevWarning, "Hugo shortcode {{< note >}}")
	if tr.Errors() != 0 {
		t.Errorf("markup findings are warnings:\n%s", diagText(tr))
	}
}

func TestFileDiagnostics(t *testing.T) {
	big := "# Big\n\n" + strings.Repeat("x", 2000) + "\n"
	tr := load(t, map[string]string{
		"c/yaml.md":     "---\ntitle: A\ntags: [a, b\n---\nBody.\n",
		"c/unclosed.md": "---\ntitle: A\n\nBody.\n",
		"c/yaml2.md":    "---\ntitle: A\n- x\n---\nBody.\n",
		"c/yaml3.md":    "---\ntitle: A\nb: @x\n---\nBody.\n",
		"c/dup1.md":     "---\nslug: same\n---\nBody.\n",
		"c/dup2.md":     "---\ntitle: X\nslug: same\n---\nBody.\n",
		"c/empty.md":    "  \n\n",
		"c/nobody.md":   "---\ntitle: Only a title\n---\n\n",
		"c/nobody2.md":  "# Only a heading\n",
		"c/latin1.md":   "# Caf\xe9\n\nBody.\n",
		"c/nul.md":      "# A\n\nBo\x00dy\n",
		"c/big.md":      big,
		"c/bom.md":      "\xef\xbb\xbf---\r\ntitle: Bom\r\n---\r\nBody with CRLF.\r\n",
		"c/toml.md":     "+++\ntitle = \"Toml\"\ntags = [\"a\"]\n+++\nBody.\n",
		"c/badtoml.md":  "+++\ntitle = \n+++\nBody.\n",
		"c/json.md":     ";;;\n{\"title\": \"Json\", \"status\": \"published\"}\n;;;\nBody.\n",
		"c/twice.md":    "---\ntitle: A\ntitle: B\n---\nBody.\n",
		"c/list.md":     "---\n- a\n- b\n---\nBody.\n",
	}, Options{MaxFileSize: 1000})
	wantDiag(t, tr, "c/yaml.md", 3, SevError, "invalid YAML frontmatter: did not find expected ',' or ']'")
	wantDiag(t, tr, "c/yaml2.md", 3, SevError, "invalid YAML frontmatter: did not find expected key")
	wantDiag(t, tr, "c/yaml3.md", 3, SevError, "invalid YAML frontmatter: found character that cannot start any token")
	wantDiag(t, tr, "c/unclosed.md", 1, SevError, `never closed: add a line "---"`)
	wantDiag(t, tr, "c/dup1.md", 2, SevError, `duplicate slug "same": c/dup2.md`)
	wantDiag(t, tr, "c/dup2.md", 3, SevError, `duplicate slug "same": c/dup1.md`)
	wantDiag(t, tr, "c/empty.md", 1, SevError, "empty file")
	wantDiag(t, tr, "c/nobody.md", 0, SevError, "empty body")
	wantDiag(t, tr, "c/nobody2.md", 0, SevError, "empty body")
	wantDiag(t, tr, "c/latin1.md", 1, SevError, "not valid UTF-8")
	wantDiag(t, tr, "c/nul.md", 3, SevError, "NUL byte")
	wantDiag(t, tr, "c/big.md", 1, SevError, "over the limit of 1000")
	wantDiag(t, tr, "c/badtoml.md", 2, SevError, "invalid TOML frontmatter")
	wantDiag(t, tr, "c/twice.md", 0, SevError, "title")
	wantDiag(t, tr, "c/list.md", 2, SevError, "frontmatter must be `key: value` fields, not a list")
	for path, title := range map[string]string{"c/bom.md": "Bom", "c/toml.md": "Toml", "c/json.md": "Json"} {
		p := page(t, tr, path)
		if p.Title != title || strings.Contains(p.Content, "\r") {
			t.Errorf("%s: title %q content %q", path, p.Title, p.Content)
		}
	}
	for _, d := range tr.Diagnostics {
		if strings.HasPrefix(d.Path, "c/bom") || strings.HasPrefix(d.Path, "c/toml") || strings.HasPrefix(d.Path, "c/json") {
			t.Errorf("BOM/CRLF/TOML/JSON must be accepted: %s", d)
		}
	}
	// The YAML error points into the frontmatter, at the line the parser names.
	for _, d := range tr.Diagnostics {
		if d.Path == "c/yaml.md" && (d.Line < 2 || d.Line > 4) {
			t.Errorf("YAML error line %d outside the frontmatter", d.Line)
		}
	}
}

func TestSymlinks(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.md": "# Secret\n\nText.\n"})
	dir := writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "c", "secret.md")); err != nil {
		t.Skip("symlinks not supported here:", err)
	}
	os.Symlink(filepath.Join(dir, "c"), filepath.Join(dir, "c", "loop"))
	os.Symlink(filepath.Join(dir, "c", "a.md"), filepath.Join(dir, "c", "alias.md"))
	tr, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantDiag(t, tr, "c/secret.md", 1, SevWarning, "outside the docs folder")
	wantDiag(t, tr, "c/loop", 1, SevWarning, "symlinked folder not followed")
	for _, p := range tr.Pages {
		if p.Path == "c/secret.md" {
			t.Fatal("a symlink outside the tree was followed")
		}
	}
}

// A file that cannot be read is reported at its path, never a crash. Root reads any file whatever its mode;
// a path that stopped being a regular file since the walk is skipped with a warning, never opened.
func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	p := parseFile(fileEntry{rel: "c/a.md", abs: dir}, Options{MaxFileSize: 1 << 20})
	if p.page != nil || len(p.diags) != 1 || !strings.Contains(p.diags[0].Message, "not a regular file (a folder)") || p.diags[0].Path != "c/a.md" {
		t.Fatalf("got page %v, diagnostics %v", p.page, p.diags)
	}
	if os.Geteuid() != 0 { // the same through Load, where permissions bite
		tree := writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n"})
		os.Chmod(filepath.Join(tree, "c", "a.md"), 0)
		tr, _ := Load(tree, Options{})
		wantDiag(t, tr, "c/a.md", 1, SevError, "cannot read")
	}
}

func TestRootErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope"), Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing root: %v", err)
	}
}

func TestDeterministicOrder(t *testing.T) {
	files := map[string]string{}
	for _, n := range []string{"z", "a", "m", "b/c", "b/a"} {
		files["cat/"+n+".md"] = "# " + n + "\n\nText.\n"
	}
	dir := writeTree(t, files)
	a, _ := Load(dir, Options{})
	b, _ := Load(dir, Options{})
	for i := range a.Pages {
		if a.Pages[i].Path != b.Pages[i].Path {
			t.Fatal("page order differs between runs")
		}
	}
	if a.Pages[0].Path != "cat/a.md" {
		t.Fatalf("first page %s", a.Pages[0].Path)
	}
}
