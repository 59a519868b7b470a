package markdown

import (
	"strings"
	"testing"
)

// Attribute lists after inline elements (Material's buttons and pictures, a tooltip on bold text) go, a
// title kept in parentheses; braces that are text, code or no attribute list stay.
func TestConvertInlineAttrs(t *testing.T) {
	src := "[Subscribe](https://x.io){ .md-button .md-button--primary } now\n" +
		"![Image title](https://dummyimage.com/600x400/){ width=\"300\" align=left }\n" +
		"> __Update__{ title=\"August 21, 2024\" }: the maintainer said…\n" +
		"`code`{: #c } and `[a](b){ .x }` and a {placeholder} and f(x){y}\n" +
		"$\\sum_{i=1}^{n} a_{k=2}$ and *x*{i=1} stay\n" +
		"```md\n[Button](#){ .md-button }\n```\n"
	want := "[Subscribe](https://x.io) now\n" +
		"![Image title](https://dummyimage.com/600x400/)\n" +
		"> __Update__ (August 21, 2024): the maintainer said…\n" +
		"`code` and `[a](b){ .x }` and a {placeholder} and f(x){y}\n" +
		"$\\sum_{i=1}^{n} a_{k=2}$ and *x*{i=1} stay\n" +
		"```md\n[Button](#){ .md-button }\n```\n"
	if got := string(convertInlineAttrs([]byte(src))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// a line of 50,000 (BenchmarkHostileInputs times it: the code-span test reads the line once)
	if got := convertInlineAttrs([]byte(strings.Repeat("[a](b){.c}", 50000))); string(got) != strings.Repeat("[a](b)", 50000) {
		t.Errorf("a line of attribute lists: %.40q…", got)
	}
	// indented code shows them as written; a content tab's and a list item's content is no code
	src = "Text.\n\n    ![x](x.png){ width=\"300\" }\n\n=== \"Left\"\n\n    ![y](y.png){ align=left }\n\n-   Item:\n\n    [Go](#){ .md-button }\n"
	want = "Text.\n\n    ![x](x.png){ width=\"300\" }\n\n=== \"Left\"\n\n    ![y](y.png)\n\n-   Item:\n\n    [Go](#)\n"
	if got := string(convertInlineAttrs([]byte(src))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if src := []byte("No lists (here){}.\n"); &convertInlineAttrs(src)[0] != &src[0] {
		t.Error("a text without attribute lists is returned as is")
	}
}
