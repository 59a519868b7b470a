package markdown

import (
	"context"
	"testing"
)

// HTML in an MDX page reaches the article as HTML the help center reads, never with `{…}` in it: what
// cannot be written as HTML is named; a VitePress page's HTML is HTML and stays as written.
func TestHTMLOfMDXPages(t *testing.T) {
	src := "<p id=\"kept\" onClick={() => go()} value={name}>\n  Kept.\n</p>\n\n<div id=\"anchor\" className=\"x\">\n\n    Indented.\n\n</div>\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "<p id=\"kept\">\nKept.\n</p>\n\n<div id=\"anchor\" class=\"x\">\n\nIndented.\n\n</div>\n"
	if string(r.Body) != want {
		t.Errorf("body:\n%q\nwant\n%q", r.Body, want)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Line != 1 || r.Diagnostics[0].Message != "<p> has JSX attribute HTML cannot hold (value={name}): left out of the article" {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
	vue := "<div class=\"tip\" :style=\"s\">\n\n  Text.\n\n</div>\n"
	if r, err := Process(context.Background(), []byte(vue), Options{Vue: true}); err != nil || string(r.Body) != vue {
		t.Errorf("VitePress page: %v\n%s", err, r.Body)
	}
}
