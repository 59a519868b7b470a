package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// A picture whose source cannot be known, and a card title written as code, are named where they stand; the
// picture is left as written rather than lost.
func TestImagesAndCardsThatCannotBeConvertedAreNamed(t *testing.T) {
	src := "import { logo } from './logos.js'\n\n<img src={logo} alt=\"Logo\" />\n\n<img alt=\"none\" />\n\n<Image src=\"/a.png\">caption?</Image>\n\n<Card title={props.name} href=\"/x\" />\n"
	r := process(t, src, Options{})
	want := []string{
		"3:1: warning: the picture <img> has src={logo}, which atender cannot resolve: it is left as written (write the path as a string) [jsx]",
		"5:1: warning: <img> has no src: it is left as written [jsx]",
		"7:1: warning: the text inside <Image> is not shown by a picture; it is left out [jsx]",
		"9:1: warning: the title of <Card> is an expression (props.name): it is shown as written [jsx]",
	}
	if got := diagnostics(r); !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range []string{`<img src={logo} alt="Logo" />`, `<img alt="none" />`, "![](/a.png)", "**[props.name](/x)**"} {
		if !strings.Contains(string(r.Body), w) {
			t.Errorf("body lacks %q:\n%s", w, r.Body)
		}
	}
	if r.Converted["images"] != 1 || r.Converted["cards"] != 1 {
		t.Errorf("converted %v: the pictures left as written are not counted", r.Converted)
	}
}
