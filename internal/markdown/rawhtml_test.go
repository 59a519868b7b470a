package markdown

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// goldmarkOnly is the parser as it was, with goldmark's own raw HTML parser: the reference.
var goldmarkOnly = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithInlineParsers(stoppingEmphasis)))

// dump lists every node of a tree with its kind and, for raw HTML, its segments.
func dump(src []byte, n ast.Node) string {
	var b strings.Builder
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "%s", n.Kind())
		if r, ok := n.(*ast.RawHTML); ok {
			for i := 0; i < r.Segments.Len(); i++ {
				s := r.Segments.At(i)
				fmt.Fprintf(&b, "[%d:%d]", s.Start, s.Stop)
			}
		}
		if t, ok := n.(*ast.Text); ok {
			fmt.Fprintf(&b, "[%d:%d]", t.Segment.Start, t.Segment.Stop)
		}
		b.WriteByte('\n')
		return ast.WalkContinue, nil
	})
	return b.String()
}

func sameTree(t *testing.T, name string, src []byte) {
	t.Helper()
	got, err := parseContext(context.Background(), md.Parser(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := parseContext(context.Background(), goldmarkOnly.Parser(), src, nil)
	if g, w := dump(src, got), dump(src, want); g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s: the trees differ at node %d: %s, goldmark %s", name, i, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: the trees differ in length", name)
	}
}

// The line scan accepts and refuses exactly the tags goldmark's expression does.
func TestLineRawHTMLIsGoldmarks(t *testing.T) {
	for i, src := range []string{
		"a <b>x</b> c", "<a href=\"x\">y</a>", "<a href='x' title=\"a>b\">", "<a b=c d>", "<a b = c>", "<a b=>", "<a b=\"x\"c>",
		"<a/>", "<a />", "<a / >", "<a b=x/>", "<a b=/x/>", "<1a>", "</a >", "</a x>", "</1>", "<a\nb=\"c\">", "<a b=\"c\nd\">",
		"<a b\n=c>", "<a b=\n\"c\">", "<Fragment set:html={\"<pre class=\\\"x\\\"><span>y</span>\"} />", "<a_b>", "<a-b c:d.e_f=1>",
		"<!-- c --> <?pi?> <!DOCTYPE x> <![CDATA[x]]>", "x <a b='c", "<a b=`c`>", "<a\tb=c\t>", "> <a b=c>\n> d", "- <x y=\"z\">\n  w",
		"<a b=\"é\" c=ü>", "text <", "<a", "</a", "<a b=c", "\t<a b=c>",
	} {
		sameTree(t, fmt.Sprint(i, " ", src), []byte(src))
	}
}
