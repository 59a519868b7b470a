package escape

import (
	"regexp"
	"strings"
	"testing"

	"github.com/atender/atender/internal/escape/escapetest"
)

// Texts a file or a server could send to make a job summary show their own link, image or HTML, or to
// close a link or a cell the program wrote.
var hostile = []string{
	"Evil](https://evil.example/x) <img src=https://evil.example/p.png> [x",
	"[Re-authenticate here](https://evil.example/login)",
	"![p](https://evil.example/p.png)",
	"<https://evil.example/auto>",
	"see https://evil.example/bare or www.evil.example or HTTPS://EVIL.EXAMPLE/u or Www.evil.example",
	"mail admin@evil.example, ping @octocat",
	"<script>alert(1)</script><details open>",
	"\n<div>block</div>\n\n[ref]: https://evil.example/ref\n\n[ref]",
	"a | b | c",
	"x` <img src=https://evil.example/c.png> `y",
	"\\[escaped\\](https://evil.example/bs)",
	"&lt;img src=https://evil.example/e.png&gt;",
	"@octocat, @acme/team, #12, GH-7, acme/docs#3 &#64;x",
	"\u202eevil\u2066 zero\u200bwidth",
}

// Whatever the text, Markdown and MarkdownCode leave it text, in a paragraph, a list item and a table cell,
// beside the program's own link.
func TestMarkdownKeepsHostileTextAsText(t *testing.T) {
	for _, h := range hostile {
		for _, s := range []string{Markdown(h), MarkdownCode(h)} {
			md := "[" + Markdown(h) + "](" + MarkdownURL("https://kb.example/a") + ") " + s + "\n\n" +
				"- " + s + "\n\n" +
				"| title | result |\n|---|---|\n| [" + s + "](https://kb.example/a) | " + s + " |\n"
			m := escapetest.Parse(md)
			if len(m.Links) != 2 || m.Links[0] != "link https://kb.example/a" || m.Links[1] != "link https://kb.example/a" {
				t.Errorf("%q: links other than the program's:\n%s\n%s", h, md, m)
			}
			if len(m.HTML) != 0 {
				t.Errorf("%q: HTML came through:\n%s\n%s", h, md, m)
			}
			if len(m.Mentions) != 0 || len(m.References) != 0 {
				t.Errorf("%q: a mention or an issue reference came through:\n%s\n%s", h, md, m)
			}
			if len(m.Table) != 1 || len(m.Table[0]) != 2 || m.Table[0][0] != 2 || m.Table[0][1] != 2 {
				t.Errorf("%q: the table's cells changed:\n%s\n%s", h, md, m)
			}
			if strings.ContainsAny(s, "\n\u202e\u2066\u200b") {
				t.Errorf("%q: a line break or an invisible character is left: %q", h, s)
			}
		}
	}
}

// GitHub would notify a mentioned user or team, and mark a referenced issue, from a pull-request comment:
// text from a file or a server mentions and references nobody, as GitHub reads the rendered text, in a
// paragraph and in a table cell. The same text unescaped does (the check sees them).
func TestMarkdownDisarmsMentionsAndReferences(t *testing.T) {
	for _, raw := range []string{"ping @octocat and @acme/docs-team", "see #12, GH-7, gh-8 and acme/docs#3", "mail admin@evil.example", "&#64;octocat &#35;12"} {
		if m := escapetest.Parse(raw + "\n"); raw[0] != 'm' && len(m.Mentions)+len(m.References) == 0 {
			t.Fatalf("the check finds nothing in %q: it would be empty", raw)
		}
		md := Markdown(raw) + "\n\n| a |\n|---|\n| " + Markdown(raw) + " |\n"
		if m := escapetest.Parse(md); len(m.Mentions) != 0 || len(m.References) != 0 || len(m.Links) != 0 {
			t.Errorf("%q: GitHub would read %s\n%s", raw, m, md)
		}
	}
}

// Whatever the text, HTMLCode inside the <summary> of a <details> block the program writes, and
// MarkdownCodeBlock inside that block, leave it text: the only HTML is the program's block (with text and
// no other element in its <code>), there is no link, and the code block holds every line of the text.
func TestHTMLCodeAndCodeBlockKeepHostileTextAsText(t *testing.T) {
	shape := regexp.MustCompile(`^<details><summary><code>[^<>]*</code> changed</summary>\n$`)
	for _, h := range append(hostile, "</code></summary></details><img src=x>", "```\n<img src=x>\n````", "x\r\n```` \n") {
		diff := "-" + h + "\n+" + h + "\n"
		md := "<details><summary>" + HTMLCode(h) + " changed</summary>\n\n" + MarkdownCodeBlock("diff", diff) + "\n</details>\n\nafter\n"
		var want strings.Builder
		for _, l := range strings.SplitAfter(diff, "\n") {
			if l != "" {
				want.WriteString(Terminal(strings.TrimSuffix(l, "\n")) + "\n")
			}
		}
		m := escapetest.Parse(md)
		if len(m.Links) != 0 {
			t.Errorf("%q: links came through:\n%s\n%s", h, md, m)
		}
		if len(m.HTML) != 2 || !shape.MatchString(m.HTML[0]) || m.HTML[1] != "</details>\n" {
			t.Errorf("%q: HTML other than the program's block:\n%s\n%s", h, md, m)
		}
		if len(m.Code) != 1 || m.Code[0] != want.String() {
			t.Errorf("%q: the code block is not the text's lines:\n%s\n%s", h, md, m)
		}
	}
}

func TestMarkdownCodeBlockFenceOutlastsTheText(t *testing.T) {
	if got := MarkdownCodeBlock("diff", "+a ```` b\n"); got != "`````diff\n+a ```` b\n`````\n" {
		t.Errorf("MarkdownCodeBlock = %q", got)
	}
	if got := HTMLCode(`<b a="1">'&'</b>` + "\n@x"); got != "<code>&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt; @x</code>" {
		t.Errorf("HTMLCode = %q", got)
	}
}

// OutsideDetails counts out the lines of <details> blocks, nested ones too, and is not fooled by a code
// block's lines that look like their start or end.
func TestOutsideDetails(t *testing.T) {
	md := "# T\n\n<details><summary>a</summary>\n\nhidden\n<details><summary>b</summary>\n\nx\n</details>\n\nhidden too\n</details>\n\nshown\n\n" +
		"````diff\n<details>\n</details>\n```\n````\n\nafter\n<details><summary>c</summary>\n\n```\n</details>\n```\n\n</details>\nlast\n"
	got := strings.Join(escapetest.OutsideDetails(md), "|")
	if want := "# T|||shown||````diff|<details>|</details>|```|````||after|last"; got != want {
		t.Errorf("OutsideDetails =\n%q\nwant\n%q", got, want)
	}
}
