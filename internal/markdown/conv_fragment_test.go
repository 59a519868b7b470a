package markdown

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// JavaScript string literals are decoded as JavaScript reads them; what is not one literal is refused.
func TestJSString(t *testing.T) {
	for lit, want := range map[string]string{
		`"a\"b\\c\/d\n"`:        "a\"b\\c/d\n",
		`'it\'s'`:               "it's",
		"`tpl \\` x`":           "tpl ` x",
		`"\u00e9\x41\u{1F600}"`: "éA😀",
		`"\uD83D\uDE00"`:        "😀",
	} {
		if got, ok := jsString(lit); !ok || got != want {
			t.Errorf("jsString(%s) = %q, %v; want %q", lit, got, ok, want)
		}
	}
	for _, lit := range []string{`"a" + "b"`, "`x ${y}`", `name`, `"\u12"`, `"`} {
		if got, ok := jsString(lit); ok {
			t.Errorf("jsString(%s) = %q: want it refused", lit, got)
		}
	}
}

// What the Code and Fragment components cannot show as written is named at the tag.
func TestCodeAndFragmentsThatCannotBeEvaluatedAreNamed(t *testing.T) {
	r := process(t, "<Code code={`v${version}`} lang=\"sh\" />\n\n<Code code={snippet} />\n\n<Fragment set:html={html} />\n", Options{})
	want := []string{
		"1:1: warning: the code of <Code> holds ${…} substitutions, which atender cannot evaluate: they are shown as written [jsx]",
		"3:1: warning: the code of <Code> is an expression (snippet) atender cannot evaluate: it is left out [jsx]",
		"5:1: warning: <Fragment set:html={html}> is an expression atender cannot evaluate: the HTML it makes is left out [jsx]",
	}
	if got := diagnostics(r); !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(string(r.Body), "```sh\nv${version}\n```\n") || r.Converted["code blocks"] != 1 || r.Converted["HTML fragments"] != 0 {
		t.Errorf("body %q, converted %v", r.Body, r.Converted)
	}
}

// preElement reads a string of HTML as the expression it replaced does: on every string of up to three of
// these pieces, and on 5,000 strings of four to nine (a <code> inside or around, tags cut short, names
// that only begin like pre or code, white space the expression does or does not take for space). Up to six
// pieces, 26 million strings, agreed when it was written.
func TestPreElementIsTheExpression(t *testing.T) {
	re := regexp.MustCompile(`(?s)^\s*<pre\b[^>]*>\s*(?:<code\b([^>]*)>)?(.*?)(?:</code>)?\s*</pre>\s*$`)
	pieces := []string{"<pre>", "<pre", "<pre class=\"x\">", "<preview>", "</pre>", "<code>", "<code class=\"language-js\">",
		"<codex>", "<code", "</code>", " ", "\n", "\v", "x", ">", "<", "a</code>b"}
	check := func(s string) {
		attrs, inner, ok := preElement(s)
		m := re.FindStringSubmatch(s)
		if ok != (m != nil) || ok && (attrs != m[1] || inner != m[2]) {
			t.Fatalf("%q: preElement = %q, %q, %v; the expression: %q", s, attrs, inner, ok, m)
		}
	}
	eachPieceString(pieces, 1, 5_000, check)
}

// breaksAsNewlines and withoutTags do what the expressions they replaced did, on every string of up to three
// of these pieces and on 2,000 strings of four to nine (up to five pieces, 3.4 million strings, agreed when
// this was written).
func TestCodeTextIsTheExpressions(t *testing.T) {
	br, tag := regexp.MustCompile(`(?i)<br\s*/?>`), regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	pieces := []string{"<br>", "<BR/>", "<bR \n/>", "<br", "<br/", "< br>", "<brx>", "</br>", "<b>", "</b>", "</", "<", ">", "/",
		" ", "\n", "x", "<1>", "é", "<a href=\"x\">"}
	check := func(s string) {
		if got, want := breaksAsNewlines(s), br.ReplaceAllString(s, "\n"); got != want {
			t.Fatalf("breaksAsNewlines(%q) = %q, the expression %q", s, got, want)
		}
		if got, want := withoutTags(s), tag.ReplaceAllString(s, ""); got != want {
			t.Fatalf("withoutTags(%q) = %q, the expression %q", s, got, want)
		}
	}
	eachPieceString(pieces, 3, 2_000, check)
}

// eachPieceString calls check on every string of up to three of pieces, then on n strings of four to nine
// drawn at random (seeded by seed, so a failure repeats).
func eachPieceString(pieces []string, seed uint64, n int, check func(string)) {
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		check(s)
		if depth < 3 {
			for _, p := range pieces {
				walk(s+p, depth+1)
			}
		}
	}
	walk("", 0)
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for range n {
		var b strings.Builder
		for range 4 + rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}
