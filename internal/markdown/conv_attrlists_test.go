package markdown

import "testing"

// Attribute lists after inline elements (Material's buttons and pictures, a tooltip on bold text) go, a
// title kept in parentheses; braces that are text, code or no attribute list stay.
func TestConvertInlineAttrs(t *testing.T) {
	src := "[Subscribe](https://x.io){ .md-button .md-button--primary } now\n" +
		"![Image title](https://dummyimage.com/600x400/){ width=\"300\" align=left }\n" +
		"> __Update__{ title=\"August 21, 2024\" }: the maintainer said…\n" +
		"`code`{: #c } and `[a](b){ .x }` and a {placeholder} and f(x){y}\n" +
		"```md\n[Button](#){ .md-button }\n```\n"
	want := "[Subscribe](https://x.io) now\n" +
		"![Image title](https://dummyimage.com/600x400/)\n" +
		"> __Update__ (August 21, 2024): the maintainer said…\n" +
		"`code` and `[a](b){ .x }` and a {placeholder} and f(x){y}\n" +
		"```md\n[Button](#){ .md-button }\n```\n"
	if got := string(convertInlineAttrs([]byte(src))); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if src := []byte("No lists (here){}.\n"); &convertInlineAttrs(src)[0] != &src[0] {
		t.Error("a text without attribute lists is returned as is")
	}
}
