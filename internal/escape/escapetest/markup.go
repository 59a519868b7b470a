// Package escapetest reads Markdown as GitHub renders it (CommonMark with the GFM extensions: tables,
// autolinked URLs and addresses, strikethrough, task lists) and reports the markup a text made, so tests
// can show that text from a file or a server stays text in a job summary.
package escapetest

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
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
}

// Parse reads md as GitHub's Markdown.
func Parse(md string) Markup {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var m Markup
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
	return fmt.Sprintf("links %q, HTML %q, tables %v, code %q", m.Links, m.HTML, m.Table, m.Code)
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
