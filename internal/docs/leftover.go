package docs

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/atender/atender/internal/markdown"
)

// leftovers are generator constructs that Atender would show as literal text (JSX components such as <Tabs>
// have their own warning, jsx). Whatever no converter turned
// into Markdown is reported, once per file and construct, so that a page never reaches the help center
// looking other than its author meant without a word.
var leftovers = []struct {
	what  string
	name  string   // the construct, as the summary counts what was converted
	hints []string // literals one of which every match holds: most pages hold none, and are not scanned further
	re    *regexp.Regexp
}{
	{"a `:::` directive (admonition or container)", "admonitions", []string{":::"}, regexp.MustCompile(`(?m)^[ \t>]*:{3,}[ \t]*[A-Za-z\[]`)},
	{"an MkDocs admonition (`!!!`)", "admonitions", []string{"!!!"}, regexp.MustCompile(`(?m)^[ \t>]*!!![ \t]`)},
	{"an MkDocs collapsible admonition (`???`)", "admonitions", []string{"???"}, regexp.MustCompile(`(?m)^[ \t>]*\?\?\?\+?[ \t]`)},
	{"an MkDocs content tab (`=== \"…\"`)", "tabs", []string{"==="}, regexp.MustCompile(`(?m)^[ \t>]*===[ \t]+"`)},
	{"a heading id (`{#id}`)", "heading ids", []string{"{#"}, regexp.MustCompile(`\{#[\w-]+\}`)},
	{"an icon shortcode (`:material-…:`)", "icons", []string{":material-", ":octicons-", ":fontawesome-", ":simple-"}, regexp.MustCompile(`:(material|octicons|fontawesome|simple)-[\w-]+:`)},
	{"an MkDocs snippet include (`--8<--`)", "snippets", []string{"--8<--"}, regexp.MustCompile(`(?m)^[ \t]*-+8<-+`)},
	{"an MDX import", "MDX imports", []string{"import"}, regexp.MustCompile(`(?m)^[ \t]*import[ \t]+(.+[ \t]+from[ \t]+|)['"]`)},
	// filled in when the site is built (mkdocs-macros, an MkDocs hook, VitePress' {{ $frontmatter.x }});
	// Hugo's {{< shortcodes >}} have their own warning, and an object literal (style={{a: 1}}) is no variable
	{"a template variable (`{{ … }}`) filled in when the site is built", "template variables", []string{"{{"}, regexp.MustCompile(`\{\{[ \t]*[$\w][^{}:\n]*\}\}`)},
}

// constructs counts, per entry of leftovers, the constructs in src outside code (nil: none).
func constructs(src []byte) []int {
	var counts []int
	var prose []byte
	for i, l := range leftovers {
		if !slices.ContainsFunc(l.hints, func(h string) bool { return bytes.Contains(src, []byte(h)) }) {
			continue
		}
		if prose == nil {
			prose, counts = blankCode(src), make([]int, len(leftovers))
		}
		counts[i] = countMatches(prose, l.hints, l.re)
	}
	return counts
}

// countMatches counts the matches of re in text on the lines that hold one of hints (every match of a
// leftover holds one, within its line): a regexp anchored at line starts is slow to run over a whole page.
func countMatches(text []byte, hints []string, re *regexp.Regexp) int {
	n := 0
	for rest := text; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if slices.ContainsFunc(hints, func(h string) bool { return bytes.Contains(line, []byte(h)) }) {
			n += len(re.FindAllIndex(line, -1))
		}
	}
	return n
}

// countConverted adds to p.converted what the page's source held and its content no longer does.
func countConverted(p *parsed, content string) {
	if p.before == nil {
		return
	}
	after := constructs([]byte(content))
	for i, n := range p.before {
		if after != nil {
			n -= after[i]
		}
		if n > 0 {
			if p.converted == nil {
				p.converted = map[string]int{}
			}
			p.converted[leftovers[i].name] += n
		}
	}
}

// reportLeftovers warns about each generator construct left in the rendered content (outside code), at the
// line of the body where it is written.
func reportLeftovers(p *parsed, content string, ds *diags) {
	var prose, body []byte
	for _, l := range leftovers {
		if !slices.ContainsFunc(l.hints, func(h string) bool { return strings.Contains(content, h) }) {
			continue
		}
		if prose == nil {
			prose, body = blankCode([]byte(content)), blankCode(p.body)
		}
		all := l.re.FindAllIndex(prose, -1)
		if all == nil {
			continue
		}
		line := 1
		if i := bytes.Index(body, prose[all[0][0]:all[0][1]]); i >= 0 {
			line = bytes.Count(body[:i], []byte{'\n'}) + 1
		}
		more := ""
		if len(all) > 1 {
			more = " (" + strconv.Itoa(len(all)) + " times in this file)"
		}
		ds.warnf("generator-syntax", p.rel, p.fileLine(line), 1, "%s is left as written%s: Atender will show it as text (no converter handles it here)", l.what, more)
	}
}

// blankCode returns body with fenced code blocks and inline code spans blanked out (newlines kept, so line
// numbers stay): code is shown as code, whatever it holds.
func blankCode(body []byte) []byte {
	out := append([]byte(nil), body...)
	var fence markdown.Fence // CommonMark's rule: a ```` fence that shows a ``` line is code to its own end
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := out[start:end]
		if fence.LineBytes(line[len(markdown.QuotePrefix(line)):]) { // the quote markers off, the indentation kept
			blank(line)
		} else {
			blankSpans(line)
		}
		start = end + 1
	}
	return out
}

func blank(b []byte) {
	for i := range b {
		b[i] = ' '
	}
}

// blankSpans blanks `code spans` of one line.
func blankSpans(line []byte) {
	for i := 0; i < len(line); i++ {
		if line[i] != '`' {
			continue
		}
		j := bytes.IndexByte(line[i+1:], '`')
		if j < 0 {
			return
		}
		blank(line[i : i+j+2])
		i += j + 1
	}
}
