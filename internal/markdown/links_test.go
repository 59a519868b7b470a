package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func describe(src string, refs []Ref) []string {
	var out []string
	for _, r := range refs {
		at := "unlocated"
		if r.Start >= 0 {
			at = fmt.Sprintf("%q", src[r.Start:r.End])
		}
		out = append(out, fmt.Sprintf("%d %s %d:%d %s", r.Kind, r.Dest, r.Line, r.Col, at))
	}
	return out
}

func TestDestinationsFindsEveryKindWithItsPlace(t *testing.T) {
	src := "See [a](a.md#x \"t\"), ![p](<img/p q.png>), [ref][r] and <https://auto.example/x>.\n" +
		"Mail <me@example.com>, bare www.example.com, <a href=\"b.md\">b</a> and <img src='c.png'>.\n\n" +
		"<div><iframe src=https://video.example/v></iframe></div>\n\n" +
		"[r]: other.md \"title\"\n"
	got := describe(src, Destinations([]byte(src)))
	want := []string{
		`0 a.md#x 1:9 "a.md#x"`,
		`1 img/p q.png 1:28 "img/p q.png"`,
		`3 https://auto.example/x 1:57 "https://auto.example/x"`,
		`3 me@example.com 2:7 "me@example.com"`,
		`3 http://www.example.com 2:29 "www.example.com"`,
		`4 b.md 2:55 "b.md"`,
		`1 c.png 2:81 "c.png"`,
		`4 https://video.example/v 4:18 "https://video.example/v"`,
		`2 other.md 6:6 "other.md"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("destinations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// What stands in code is text: no destination in a fenced block (also a four-backtick fence holding a ```
// line), an indented block or a code span.
func TestDestinationsInCodeAreNotLinks(t *testing.T) {
	src := "`[span](s.md)` and [real](r.md)\n\n" +
		"````md\n```\n[inner](i.md) <a href=\"h.md\">\n```\n[still code](c.md)\n````\n\n" +
		"    [indented](in.md)\n\n" +
		"~~~\n![tilde](t.png)\n~~~\n\n[after](after.md)\n"
	got := describe(src, Destinations([]byte(src)))
	want := []string{`0 r.md 1:27 "r.md"`, `0 after.md 16:9 "after.md"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("destinations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A destination not written as goldmark hands it over is found, but not located: nothing may edit the wrong
// bytes.
func TestDestinationNotWrittenAsParsedIsUnlocated(t *testing.T) {
	src := "[a]( a.md ) [c](c.md)\n"
	got := describe(src, Destinations([]byte(src)))
	if strings.Join(got, "|") != `0 a.md 1:1 unlocated|0 c.md 1:17 "c.md"` {
		t.Fatalf("destinations %v", got)
	}
}

// The same destination twice on a line: each is located at its own link.
func TestRepeatedDestinationsAreLocatedEachAtItsLink(t *testing.T) {
	src := "[x](a.md) and [y](a.md) and a.md\n"
	got := describe(src, Destinations([]byte(src)))
	if strings.Join(got, "|") != `0 a.md 1:5 "a.md"|0 a.md 1:19 "a.md"` {
		t.Fatalf("destinations %v", got)
	}
}

// WalkDestinations works on a tree of another parser's making and hands over the node, reference-style
// links included, so that a renderer can point links elsewhere.
func TestWalkDestinationsGivesTheNodes(t *testing.T) {
	src := []byte("[one](1.md), [two][d] and `[no](no.md)`\n\n[d]: 2.md\n")
	root := md.Parser().Parse(text.NewReader(src))
	var got []string
	WalkDestinations(root, src, func(r Ref, n ast.Node) {
		got = append(got, fmt.Sprintf("%s %s ref=%v start=%d", n.Kind(), r.Dest, r.Reference, r.Start))
	})
	want := "Link 1.md ref=false start=6|Link 2.md ref=true start=-1|LinkReferenceDefinition 2.md ref=false start=46"
	if strings.Join(got, "|") != want {
		t.Fatalf("walk:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

func TestWithoutDestinations(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"[a](a.md) and ![p](p.png \"t\") and [b](<b c.md> 'x')\n", "[a]() and ![p]() and [b]()\n"},
		{"[r]: https://kb.example/knowledge/r \"T\"\n\n[x][r]\n", "[r]:\n\n[x][r]\n"},
		{`<a href="x.md">x</a> <img src='y.png'> <iframe src=z>` + "\n", `<a href=>x</a> <img src=> <iframe src=>` + "\n"},
		{"<https://auto.example> stays, `[code](c.md)` stays\n", "<https://auto.example> stays, `[code](c.md)` stays\n"},
		{"```\n[in](fence.md)\n```\n", "```\n[in](fence.md)\n```\n"},
		{"no links at all\n", "no links at all\n"},
	} {
		if got := WithoutDestinations(tc.in); got != tc.want {
			t.Errorf("WithoutDestinations(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// Two texts that differ only where they point are equal without destinations; a change in code is not.
	a, b := "See [x](/knowledge/old) and <a href=\"o\">.\n", "See [x](new.md) and <a href=\"n\">.\n"
	if WithoutDestinations(a) != WithoutDestinations(b) {
		t.Errorf("%q and %q differ only in destinations", a, b)
	}
	a, b = "`[x](old.md)`\n", "`[x](new.md)`\n"
	if WithoutDestinations(a) == WithoutDestinations(b) {
		t.Errorf("%q and %q differ in code, which is no destination", a, b)
	}
}
