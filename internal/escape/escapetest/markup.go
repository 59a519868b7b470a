// Package escapetest reads Markdown as GitHub renders it (CommonMark with the GFM extensions: tables,
// autolinked URLs and addresses, strikethrough, task lists) and reports the markup a text made, so tests
// can show that text from a file or a server stays text in a job summary.
package escapetest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// Markup is what md renders to beyond text: every link, image and autolink with its destination, and
// every raw HTML element or block with its text, in document order (a block's text ends with its line
// break, an inline element's does not). Table is the number of cells of each table row, so a test sees a
// cell split by a pipe; Code the text of each fenced code block.
type Markup struct {
	Links []string // "link DEST", "image DEST", "autolink DEST"
	HTML  []string
	Table [][]int  // per table: cells of each row
	Code  []string // the text of each fenced code block
	// Mentions (@user, @org/team) and References (#123, owner/repo#123, GH-123) are what GitHub would find
	// in the rendered text outside links and code: a mention notifies someone, a reference links an issue
	// and leaves a mark on it.
	Mentions, References []string
}

// Parse reads md as GitHub's Markdown.
func Parse(md string) Markup {
	src := []byte(md)
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	doc := gm.Parser().Parse(text.NewReader(src))
	var m Markup
	var out bytes.Buffer
	if err := gm.Renderer().Render(&out, src, doc); err == nil {
		m.Mentions, m.References = references(out.String())
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			m.Links = append(m.Links, "link "+string(n.Destination))
		case *ast.Image:
			m.Links = append(m.Links, "image "+string(n.Destination))
		case *ast.AutoLink:
			m.Links = append(m.Links, "autolink "+string(n.URL(src)))
		case *ast.RawHTML:
			var s string
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				s += string(seg.Value(src))
			}
			m.HTML = append(m.HTML, s)
		case *ast.HTMLBlock:
			var s string
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				s += string(seg.Value(src))
			}
			m.HTML = append(m.HTML, s)
		case *ast.FencedCodeBlock:
			var s string
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				s += string(seg.Value(src))
			}
			m.Code = append(m.Code, s)
		case *east.Table:
			var rows []int
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				rows = append(rows, r.ChildCount())
			}
			m.Table = append(m.Table, rows)
		}
		return ast.WalkContinue, nil
	})
	return m
}

// String lists the markup, for a test's failure message.
func (m Markup) String() string {
	return fmt.Sprintf("links %q, HTML %q, tables %v, code %q, mentions %q, references %q", m.Links, m.HTML, m.Table, m.Code, m.Mentions, m.References)
}

// OutsideDetails are the lines of md a reader sees without opening a <details> block: every line but those
// from a line starting <details> to its </details> line, nested blocks counted, the lines of a fenced code
// block never taken for either. (The program writes those lines unindented, and a text from a file or a
// server never starts a line of the Markdown that escape writes, so these are the program's.)
func OutsideDetails(md string) []string {
	var out []string
	depth, fence := 0, ""
	for _, l := range strings.Split(strings.TrimSuffix(md, "\n"), "\n") {
		switch {
		case fence != "":
			if strings.HasPrefix(l, fence) && strings.Trim(l, "`") == "" {
				fence = ""
			}
		case strings.HasPrefix(l, "```"):
			fence = l[:len(l)-len(strings.TrimLeft(l, "`"))]
		case strings.HasPrefix(l, "<details>") || strings.HasPrefix(l, "<details "):
			depth++
		case l == "</details>" && depth > 0:
			depth--
			continue
		}
		if depth == 0 {
			out = append(out, l)
		}
	}
	return out
}

// GitHub's patterns for mentions and issue references in a text node (as its filters read them: after
// entities are decoded, not inside a, code or pre).
var (
	mentionPattern   = regexp.MustCompile(`(?:^|[^\w@/` + "`" + `])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9-]*)?)`)
	referencePattern = regexp.MustCompile(`(?:^|[^\w/])((?:[\w.-]+/[\w.-]+)?#\d+|(?i:gh)-\d+)\b`)
)

// references finds the mentions and issue references in the text of rendered HTML.
func references(rendered string) (mentions, refs []string) {
	root, err := html.Parse(strings.NewReader(rendered))
	if err != nil {
		return nil, nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "a" || n.Data == "code" || n.Data == "pre") {
			return
		}
		if n.Type == html.TextNode {
			for _, x := range mentionPattern.FindAllStringSubmatch(n.Data, -1) {
				mentions = append(mentions, "@"+x[1])
			}
			for _, x := range referencePattern.FindAllStringSubmatch(n.Data, -1) {
				refs = append(refs, x[1])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return mentions, refs
}
