package markdown

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestTitle(t *testing.T) {
	for _, tc := range []struct {
		name, src, title string
		line             int
		rendered         string // Render(nil, true)
	}{
		{"atx", "# Hello *world*\n\nBody.\n", "Hello world", 1, "Body.\n"},
		{"after a paragraph", "Intro.\n\n# Later\n\nBody.\n", "Later", 3, "Intro.\n\n\nBody.\n"},
		{"setext underline removed too", "Setext title\n============\n\nBody.\n", "Setext title", 1, "Body.\n"},
		{"first of two", "# One\n\n# Two\n", "One", 1, "# Two\n"},
		{"level 2 is no title", "## Sub\n\nBody.\n", "", 0, "## Sub\n\nBody.\n"},
		{"code span kept as text", "# Use `kb sync`\n", "Use kb sync", 1, "\n"},
		{"inside a fence is no title", "```\n# not a title\n```\n", "", 0, "```\n# not a title\n```\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Analyze([]byte(tc.src))
			if d.Title != tc.title || d.TitleLine != tc.line {
				t.Fatalf("title %q at line %d, want %q at %d", d.Title, d.TitleLine, tc.title, tc.line)
			}
			if got := d.Render(nil, true); got != tc.rendered {
				t.Fatalf("Render(drop title) = %q, want %q", got, tc.rendered)
			}
		})
	}
}

func TestFirstParagraph(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"folded", "# T\n\nFirst   line\nsecond line.\n\nSecond paragraph.\n", "First line second line."},
		{"inline markup is plain text", "A [link](x.md), **bold**, `code` and ![img](a.png) here.\n", "A link, bold, code and here."},
		{"a quote is not the summary", "> quoted\n\nReal one.\n", "Real one."},
		{"a list item is not the summary", "- item\n\nReal one.\n", "Real one."},
		{"a shortcode paragraph is skipped", "{{< note >}}\n\nReal one.\n", "Real one."},
		{"an MDX import is skipped", "import Tabs from '@theme/Tabs';\n\nReal one.\n", "Real one."},
		{"none", "# Only a title\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Analyze([]byte(tc.src)).FirstParagraph; got != tc.want {
				t.Fatalf("FirstParagraph = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"short enough", 200, "short enough"},
		{"  folds   its\nspace ", 200, "folds its space"},
		{"one two three four", 12, "one two…"},
		{"cut at a word, then trailing punctuation: gone", 30, "cut at a word, then trailing…"},
		{"ééé ééé ééé", 8, "ééé ééé…"}, // counted in characters, not bytes
		{"anything", 0, "anything"},
	} {
		if got := Summary(tc.in, tc.max); got != tc.want {
			t.Errorf("Summary(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestRefs(t *testing.T) {
	src := "# T\n\nSee [a](a.md#x), ![pic](img/p.png \"title\") and [ref][r].\n" +
		"A [bracketed](<with space.md>) one, <https://auto.example> and `[not](code.md)`.\n\n" +
		"```\n[fenced](no.md)\n```\n\n[r]: other.md\n"
	d := Analyze([]byte(src))
	type want struct {
		kind      RefKind
		dest      string
		line, col int
	}
	wants := []want{
		{KindLink, "a.md#x", 3, 9},
		{KindImage, "img/p.png", 3, 25},
		{KindLink, "with space.md", 4, 16},
		{KindDefinition, "other.md", 10, 6},
	}
	if len(d.Refs) != len(wants) {
		t.Fatalf("%d refs, want %d: %+v", len(d.Refs), len(wants), d.Refs)
	}
	for i, w := range wants {
		r := d.Refs[i]
		if r.Kind != w.kind || r.Dest != w.dest || r.Line != w.line || r.Col != w.col {
			t.Errorf("ref %d = %+v, want %+v", i, r, w)
		}
		if r.Start < 0 || src[r.Start:r.End] != w.dest {
			t.Errorf("ref %d: byte range %d:%d does not hold %q", i, r.Start, r.End, w.dest)
		}
	}
}

func TestRefNotWrittenAsParsedIsNotLocated(t *testing.T) {
	d := Analyze([]byte("[a]( a.md )\n"))
	if len(d.Refs) != 1 || d.Refs[0].Dest != "a.md" || d.Refs[0].Start != -1 {
		t.Fatalf("refs %+v: an escaped destination must be reported unlocated (Start -1)", d.Refs)
	}
	// and Render leaves it alone rather than editing the wrong bytes
	if got := d.Render(map[int]string{0: "/knowledge/x"}, false); got != "[a]( a.md )\n" {
		t.Fatalf("Render = %q", got)
	}
}

func TestRender(t *testing.T) {
	src := "# Title with [a link](t.md)\n\n[one](1.md) and ![two](2.png) and [one again](1.md).\n\n\n"
	d := Analyze([]byte(src))
	if len(d.Refs) != 4 {
		t.Fatalf("refs: %+v", d.Refs)
	}
	rep := map[int]string{0: "/knowledge/t", 1: "/knowledge/one", 2: "https://cdn/2.png", 3: "/knowledge/one"}
	got := d.Render(rep, false)
	want := "# Title with [a link](/knowledge/t)\n\n[one](/knowledge/one) and ![two](https://cdn/2.png) and [one again](/knowledge/one).\n"
	if got != want {
		t.Fatalf("Render = %q\nwant     %q", got, want)
	}
	// Dropping the title wins over a rewrite inside it; the rest is still rewritten.
	got = d.Render(rep, true)
	want = "[one](/knowledge/one) and ![two](https://cdn/2.png) and [one again](/knowledge/one).\n"
	if got != want {
		t.Fatalf("Render(drop) = %q\nwant           %q", got, want)
	}
	// Nothing to do: the author's text comes back byte for byte (blank lines at the ends trimmed).
	if got := Analyze([]byte("\n\nA *b*  \nc\n\n")).Render(nil, false); got != "A *b*  \nc\n" {
		t.Fatalf("Render(nil) = %q", got)
	}
}

func TestFindings(t *testing.T) {
	src := strings.Join([]string{
		"import Tabs from '@theme/Tabs';", // 1
		"",
		"<div class=\"x\">", // 3: HTML block
		"</div>",
		"",
		"<Tabs>", // 6: JSX block
		"</Tabs>",
		"",
		"Inline <span>html</span> and {{< hint >}} here.", // 9
		"",
		"`{{< not-in-code >}}` and",
		"",
		"```",
		"<div>not in a fence</div>",
		"{{< nor-here >}}",
		"```",
		"",
		"export const x = 1;", // 18
		"",
	}, "\n")
	d := Analyze([]byte(src))
	type want struct {
		kind      FindingKind
		line, col int
		text      string
	}
	wants := []want{
		{FindingImport, 1, 1, "import Tabs from '@theme/Tabs';"},
		{FindingHTML, 3, 1, `<div class="x">`},
		{FindingJSX, 6, 1, "<Tabs>"},
		{FindingHTML, 9, 8, "<span>"},
		{FindingShortcode, 9, 30, "hint"},
		{FindingHTML, 9, 18, "</span>"},
		{FindingImport, 18, 1, "export const x = 1;"},
	}
	// sorted by line, then column
	wants[4], wants[5] = wants[5], wants[4]
	if len(d.Findings) != len(wants) {
		t.Fatalf("%d findings, want %d: %+v", len(d.Findings), len(wants), d.Findings)
	}
	for i, w := range wants {
		f := d.Findings[i]
		if f.Kind != w.kind || f.Line != w.line || f.Col != w.col || f.Text != w.text {
			t.Errorf("finding %d = %+v, want %+v", i, f, w)
		}
	}
}

func TestLineColCountsCharacters(t *testing.T) {
	d := Analyze([]byte("ab\nééx\n"))
	for _, tc := range []struct{ off, line, col int }{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 3}, {-1, 1, 1}} {
		if l, c := d.LineCol(tc.off); l != tc.line || c != tc.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

func TestCheckComplexity(t *testing.T) {
	nested := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, src string
		line      int // 0: accepted
	}{
		{"ordinary", "# T\n\n> quote\n> > nested\n\n- a\n  - b\n    1. c\n\n[a](b.md) [c](d.md)\n", 0},
		{"deep but real", strings.Repeat("> ", 40) + "- 1. x\n" + nested(40), 0},
		{"quotes", "a\n\n" + strings.Repeat("> ", 200000), 3},
		{"ordered lists on one line", strings.Repeat("1. ", 101), 1},
		{"lists by indentation", nested(120), 101},
		{"unclosed links", "x\n\n" + strings.Repeat("[a](", 1001), 3},
		{"unclosed links across lines of one paragraph", "x\n\ny\n" + strings.Repeat("[a](\n", 1001), 3},
		{"many closed links", strings.Repeat("[a](b) ", 50000), 0},
		{"a blank line closes the count", strings.Repeat(strings.Repeat("[a](", 900)+"\n\n", 20), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := CheckComplexity([]byte(tc.src))
			switch {
			case tc.line == 0 && e != nil:
				t.Fatalf("refused at line %d: %s", e.Line, e.Reason)
			case tc.line != 0 && e == nil:
				t.Fatal("accepted")
			case tc.line != 0 && e.Line != tc.line:
				t.Fatalf("refused at line %d, want %d (%s)", e.Line, tc.line, e.Reason)
			}
		})
	}
}

func TestConvertAdmonitions(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"docusaurus", ":::tip\n\nUse **this**.\n\n:::\n\nAfter.\n", "> **Tip:**\n>\n> Use **this**.\n>\n\n\nAfter.\n"},
		{"title", ":::warning Mind the gap\nText.\n:::\n", "> **Mind the gap**\n> Text.\n\n"},
		{"bracket title", ":::note[Did you know?]\nText.\n:::\n", "> **Did you know?**\n> Text.\n\n"},
		{"vitepress", "::: danger STOP\nText.\n:::", "> **STOP**\n> Text.\n"},
		{"title with an anchor", "::: warning Class Support {#class-support}\nText.\n:::", "> **Class Support**\n> Text.\n"},
		{"nested", "::::info\nOuter.\n:::tip\nInner.\n:::\n::::\n", "> **Info:**\n> Outer.\n> > **Tip:**\n> > Inner.\n>\n\n"},
		// micromark's directive ends at its closing line before its content is read: a fence left open
		// inside ends with it (tauri-docs' prerequisites.mdx); more colons outside show a `:::` line
		{"a fence open inside ends with it", ":::tip\n```\n:::\n```\n:::\n", "> **Tip:**\n> ```\n\n```\n:::\n"},
		{"code inside stays code", "::::tip\n```\n:::\n```\n::::\n", "> **Tip:**\n> ```\n> :::\n> ```\n\n"},
		// tauri-docs' plugin/http-client.mdx: an admonition in a list item's content stays in the item
		{"in a list item", "2.  Send a request\n\n    ```js\n    fetch(x)\n    ```\n\n    :::note\n\n    It is `fetch`.\n\n    :::\n\nAfter.\n",
			"2.  Send a request\n\n    ```js\n    fetch(x)\n    ```\n\n    > **Note:**\n    >\n    > It is `fetch`.\n    >\n\n\nAfter.\n"},
		{"tab-indented code is no list item", "Text.\n\n\t:::note\n\tx\n\t:::\n", "Text.\n\n\t:::note\n\tx\n\t:::\n"},
		{"indented code is no list item", "Text.\n\n    :::note\n    x\n    :::\n", "Text.\n\n    :::note\n    x\n    :::\n"},
		{"code outside is untouched", "```md\n:::tip\nx\n:::\n```\n", "```md\n:::tip\nx\n:::\n```\n"},
		{"no admonition", "a ::: b\n:::\n", "a ::: b\n:::\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _, err := ConvertAdmonitions(context.Background(), []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
			if strings.Count(got, "\n") != strings.Count(tc.in, "\n") {
				t.Fatalf("line count changed: %q", got)
			}
		})
	}
}

func TestImgSrcInRawHTMLIsAnImageRef(t *testing.T) {
	src := "Text <img src=\"a.png\" alt=x> and <IMG width=3 src='b c.png'>.\n\n<div>\n  <img alt=\"y\" src=img/d.svg />\n</div>\n"
	d := Analyze([]byte(src))
	var got []string
	for _, r := range d.Refs {
		if r.Kind != KindImage || src[r.Start:r.End] != r.Dest {
			t.Fatalf("ref %+v", r)
		}
		got = append(got, r.Dest+"@"+strconv.Itoa(r.Line)+":"+strconv.Itoa(r.Col))
	}
	if strings.Join(got, " ") != "a.png@1:16 b c.png@1:52 img/d.svg@4:20" {
		t.Fatalf("refs %v", got)
	}
	out := d.Render(map[int]string{0: "https://cdn/a.png", 2: "https://cdn/img/d.svg"}, false)
	if !strings.Contains(out, `<img src="https://cdn/a.png" alt=x>`) || !strings.Contains(out, `src=https://cdn/img/d.svg />`) {
		t.Fatalf("render %q", out)
	}
}

func TestRenderDropsRanges(t *testing.T) {
	src := "import A from 'a';\nimport B from 'b';\n\n# T\n\nText.\n"
	d := Analyze([]byte(src))
	if len(d.Findings) != 1 || d.Findings[0].Kind != FindingImport {
		t.Fatalf("findings %+v", d.Findings)
	}
	f := d.Findings[0]
	if got := d.Render(nil, true, [2]int{f.Start, f.End}); got != "Text.\n" {
		t.Fatalf("render %q", got)
	}
}

func TestConvertMkDocsAdmonitions(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"titled", "!!! note \"Read this\"\n    First line.\n\n    Second paragraph.\n\nAfter.\n", "> **Read this**\n> First line.\n>\n> Second paragraph.\n\nAfter.\n"},
		{"untitled, collapsible, tab", "???+ warning\n\tCareful.\nNext.\n", "> **Warning:**\n> Careful.\nNext.\n"},
		{"in a fence", "```\n!!! note\n    x\n```\n", "```\n!!! note\n    x\n```\n"},
		{"not an opener", "!!! not-closed \"x\n", "!!! not-closed \"x\n"},
		// pydantic's concepts/serialization.md: the item's paragraph goes on over a line before the blank
		{"in an item after its continuation line", "* Our function.\n  An alternative:\n\n    !!! tip\n        Use it.\n", "* Our function.\n  An alternative:\n\n    > **Tip:**\n    > Use it.\n"},
		{"a quoted tab in indented code", "Text.\n\n    > === \"Python\"\n    >\n    >     x = 1\n", "Text.\n\n    > === \"Python\"\n    >\n    >     x = 1\n"},
		// pydantic's concepts/validators.md: tabs in an admonition in a list item
		{"tabs in an admonition in an item", "* After.\n\n    ??? example \"Mutating\"\n        Here.\n\n        === \"Annotated\"\n\n            ```python\n            x = 1\n            ```\n",
			"* After.\n\n    > **Mutating**\n    > Here.\n    >\n    > **Annotated**\n    >\n    > ```python\n    > x = 1\n    > ```\n"},
		// pydantic's concepts/types.md and json_schema.md, as Python-Markdown reads them
		{"no space", "!!!note\n    x\n", "> **Note:**\n> x\n"},
		{"quotes in the title", "!!! note \"on the \"jsonable\" nature of JSON schema\"\n    x\n", "> **on the \"jsonable\" nature of JSON schema**\n> x\n"},
		{"nested by indentation", "!!! note\n    Outer.\n\n    ??? tip \"Inner\"\n        Inner text.\n\n        ```sh\n        run\n        ```\n    Outer again.\nAfter.\n",
			"> **Note:**\n> Outer.\n>\n> > **Inner**\n> > Inner text.\n> >\n> > ```sh\n> > run\n> > ```\n> Outer again.\nAfter.\n"},
		{"three deep, then out", "!!! a\n    !!! b\n        !!! c\n            x\ny\n", "> **A:**\n> > **B:**\n> > > **C:**\n> > > x\ny\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _, err := ConvertAdmonitions(context.Background(), []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
			if strings.Count(got, "\n") != strings.Count(tc.in, "\n") {
				t.Fatalf("line count changed: %q", got)
			}
		})
	}
}

// FuzzConvertAdmonitions: any text keeps its line count (diagnostic lines stay true), is analysed without a
// panic, and text without admonition markers comes back unchanged.
func FuzzConvertAdmonitions(f *testing.F) {
	for _, s := range []string{":::tip\nx\n:::\n", "::::a\n:::b\n:::\n::::\n", "!!! note \"t\"\n    x\n\n    y\nz\n", "```\n:::\n", "???+ a\n\tb", ":::\n", "> :::tip\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, shift, err := ConvertAdmonitions(context.Background(), []byte(s))
		if err != nil {
			return // refused: nested deeper than MaxNesting
		}
		if shift != nil && len(shift) != strings.Count(string(out), "\n")+1 && len(shift) != strings.Count(string(out), "\n") {
			t.Fatalf("%d shifts for %q", len(shift), out)
		}
		if strings.Count(string(out), "\n") != strings.Count(s, "\n") {
			t.Fatalf("line count changed: %q → %q", s, out)
		}
		if !strings.Contains(s, ":::") && !strings.Contains(s, "!!!") && !strings.Contains(s, "???") && string(out) != s {
			t.Fatalf("changed text without admonitions: %q → %q", s, out)
		}
		if CheckComplexity(out) == nil {
			Analyze(out)
		}
	})
}

// F7: each unclosed `:::tip` quoted every following line once more, so 40,000 of them (280 KB) made 5.8 GB
// of text. Nesting is refused at MaxNesting, at the line that opens one too many, before the text grows.
func TestUnclosedAdmonitionsAreRefusedAtTheNestingLimit(t *testing.T) {
	src := []byte(strings.Repeat(":::tip\n", 120000)) // 840 KB, under the default max-file-size
	out, shift, err := ConvertAdmonitions(context.Background(), src)
	var ce *ComplexityError
	if !errors.As(err, &ce) || out != nil || shift != nil {
		t.Fatalf("got %d bytes, error %v; want a ComplexityError", len(out), err)
	}
	if ce.Line != MaxNesting+1 || !strings.Contains(ce.Reason, "admonitions (`:::`) nested more than 100 deep") {
		t.Fatalf("line %d: %s", ce.Line, ce.Reason)
	}
	// MaxNesting levels, each closed, are a document (deep, but allowed), and the text grows linearly.
	ok := strings.Repeat(":::tip\n", MaxNesting) + "x\n" + strings.Repeat(":::\n", MaxNesting)
	out, _, err = ConvertAdmonitions(context.Background(), []byte(ok))
	if err != nil || !strings.Contains(string(out), strings.Repeat("> ", MaxNesting)+"x") {
		t.Fatalf("error %v", err)
	}
}

// F7: 100 admonitions left open, then 450,000 one-letter lines (900 KB), were 90 MB of quotes for goldmark
// (out of memory at 4 GB). The conversion refuses to make the text more than three times as long.
func TestAdmonitionsMayNotMultiplyTheText(t *testing.T) {
	src := strings.Repeat(":::tip\n", MaxNesting) + strings.Repeat("a\n", 450000)
	out, _, err := ConvertAdmonitions(context.Background(), []byte(src))
	var ce *ComplexityError
	if !errors.As(err, &ce) || out != nil || !strings.Contains(ce.Reason, "make the text more than 3 times as long") {
		t.Fatalf("got %d bytes, error %v", len(out), err)
	}
	if ce.Line <= MaxNesting || ce.Line > 20000 {
		t.Fatalf("refused at line %d", ce.Line)
	}
}

// F7: a blank line inside an MkDocs admonition looked ahead for the next text line, once per blank line:
// 500,000 blank lines (under 1 MiB) were 10^11 steps. The look-ahead is now shared by the run of blanks.
func TestMkDocsBlankLinesAreScannedOnce(t *testing.T) {
	src := "!!! note\n    a\n" + strings.Repeat("\n", 500000) + "    b\nafter\n"
	out, shift, err := ConvertAdmonitions(context.Background(), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "> **Note:**\n> a\n>\n>\n") || !strings.HasSuffix(string(out), ">\n> b\nafter\n") || len(shift) != 500004 {
		t.Fatalf("got %q…%q, %d shifts", string(out)[:30], string(out)[len(out)-20:], len(shift))
	}
}

// The conversion stops when its caller's budget is spent (the loader's per-file deadline).
func TestConvertAdmonitionsStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, src := range []string{":::tip\nx\n:::\n", "!!! note\n    x\n"} {
		if _, _, err := ConvertAdmonitions(ctx, []byte(src)); !errors.Is(err, context.Canceled) {
			t.Errorf("%q: error %v, want context.Canceled", src, err)
		}
	}
}

// Nested MkDocs admonitions keep the file's columns in the shift (the column of x moves from 13 to 7), and
// nesting deeper than MaxNesting is refused at the line that opens one too many.
func TestNestedMkDocsShiftAndLimit(t *testing.T) {
	out, shift, err := ConvertAdmonitions(context.Background(), []byte("!!! a\n    !!! b\n        !!! c\n            x\n"))
	if err != nil || !strings.HasSuffix(string(out), "> > > x\n") || shift[3] != 6-12 {
		t.Fatalf("%q, shift %v, %v", out, shift, err)
	}
	var b strings.Builder
	for i := 0; i <= MaxNesting+1; i++ {
		b.WriteString(strings.Repeat("    ", i) + "!!! note\n")
	}
	_, _, err = ConvertAdmonitions(context.Background(), []byte(b.String()))
	var ce *ComplexityError
	if !errors.As(err, &ce) || ce.Line != MaxNesting+1 || !strings.Contains(ce.Reason, "nested more than 100 deep") {
		t.Fatalf("err = %v", err)
	}
}
