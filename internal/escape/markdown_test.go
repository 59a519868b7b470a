package escape

import (
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
	"see https://evil.example/bare or www.evil.example or HTTPS://EVIL.EXAMPLE/u",
	"mail admin@evil.example, ping @octocat",
	"<script>alert(1)</script><details open>",
	"\n<div>block</div>\n\n[ref]: https://evil.example/ref\n\n[ref]",
	"a | b | c",
	"x` <img src=https://evil.example/c.png> `y",
	"\\[escaped\\](https://evil.example/bs)",
	"&lt;img src=https://evil.example/e.png&gt;",
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
			if len(m.Table) != 1 || len(m.Table[0]) != 2 || m.Table[0][0] != 2 || m.Table[0][1] != 2 {
				t.Errorf("%q: the table's cells changed:\n%s\n%s", h, md, m)
			}
			if strings.ContainsAny(s, "\n\u202e\u2066\u200b") {
				t.Errorf("%q: a line break or an invisible character is left: %q", h, s)
			}
		}
	}
}

// An @mention or an address is not autolinked (GitHub would notify the user in a pull-request comment).
func TestMarkdownDisarmsMentions(t *testing.T) {
	if got := Markdown("ping @octocat"); got != `ping \@octocat` {
		t.Errorf("Markdown = %q", got)
	}
}
