package markdown

import (
	"context"
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

// A picture inside HTML (Mintlify's hero <div>) stays an <img>: a Markdown image there would be text. One
// imported from an alias of the site's code that the links do not resolve (~/assets/x.svg) cannot be placed:
// it is left out, named; `@/x` is passed on to them.
func TestPictureInHTMLAndAliasedPicture(t *testing.T) {
	src := "import arrow from '~/assets/svg/arrow-right.svg';\n\n<a className=\"install\" href=\"/guides/\">\n  Install\n  <img src=\"/img/x.png\" alt=\"X\" />\n  <Image src={arrow} alt=\"arrow\"/>\n</a>\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "\n\n<a class=\"install\" href=\"/guides/\">\nInstall\n<img src=\"/img/x.png\" alt=\"X\" />\n\n</a>\n"; string(r.Body) != want {
		t.Errorf("body %q, want %q", r.Body, want)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Line != 6 || !strings.Contains(r.Diagnostics[0].Message, "~/assets/svg/arrow-right.svg, a path alias of the site's code that atender does not resolve: it is not in the article") {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
}
