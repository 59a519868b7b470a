package markdown

import (
	"reflect"
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
