package markdown

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Element is a JSX element of an MDX source: its opening tag, its closing tag (nil when it closes itself),
// and the elements inside it.
type Element struct {
	Name  string
	Open  Tag
	Close *Tag
	// Block says the opening tag is on a line of tags only (CloseBlock: the closing tag); otherwise the tag
	// stands among text.
	Block, CloseBlock bool
	Parent            *Element
	Children          []*Element
	Line, Col         int // of the opening tag, 1-based
	// unclosed: a Vue component never closed (`Store<T>` in text); it is left as written, as Vue would
	// refuse it. In MDX that is a *SyntaxError.
	unclosed bool
}

// SyntaxError is MDX that cannot be read: an element never closed, or closed by the wrong tag.
type SyntaxError struct {
	Line, Col int // 1-based, of the element at fault
	Reason    string
}

func (e *SyntaxError) Error() string { return e.Reason }

// MDX is the structure of an MDX source: its elements (the top-level ones; each holds its children), its
// `{/* comments */}` and its ESM blocks, as byte ranges.
type MDX struct {
	src      []byte
	lines    lineIndex
	Elements []*Element
	Comments [][2]int
	// Exprs are the `{…}` expressions among text that are not comments, braces included.
	Exprs [][2]int
	ESM   [][2]int
	vue   bool // a VitePress page: custom elements are components too
}

// component reports whether an element of the source is a component (converted, or its tags dropped) rather
// than an HTML element (left as written).
func (m *MDX) component(name string) bool {
	return isComponent(name) || m.vue && strings.Contains(name, "-")
}

// voidHTML are the HTML elements that need no closing tag.
var voidHTML = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// ParseMDX reads the structure of an MDX source: ESM, expressions and JSX elements. A component (a tag
// whose name starts with an uppercase letter, or a fragment) that is never closed, or closed by another's
// tag, is a *SyntaxError at its line and column; HTML elements are matched as HTML is, leniently. It stops
// with ctx's error when ctx is done, and refuses hostile input with a *ComplexityError.
func ParseMDX(ctx context.Context, src []byte) (*MDX, error) { return parseElements(ctx, src, false) }

// ParseVue reads the structure of a VitePress page as ParseMDX does an MDX source's, with Vue's syntax: no
// ESM and no `{…}` expressions; Vue components are those an MDX source has, and custom elements
// (kebab-case: <vue-school-link>).
func ParseVue(ctx context.Context, src []byte) (*MDX, error) { return parseElements(ctx, src, true) }

func parseElements(ctx context.Context, src []byte, vue bool) (*MDX, error) {
	// MDX ignores indentation where CommonMark makes code of it (four spaces: the children of a <TabItem>
	// are often indented so), so the structure is read from the lines without their indentation; what it
	// finds is then placed back on the source.
	flat, back := unindent(src)
	p := mdxParser
	if vue {
		p = vueParser
	}
	root, err := parseContext(ctx, p, flat, nil)
	if err != nil {
		return nil, err
	}
	m := &MDX{src: src, lines: newLineIndex(src), vue: vue}
	type tagAt struct {
		t     Tag
		block bool
	}
	var tags []tagAt
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *JSXBlock:
			for _, t := range n.Tags {
				tags = append(tags, tagAt{back.tag(t), true})
			}
		case *JSXInline:
			tags = append(tags, tagAt{back.tag(n.Tag), false})
		case *ExpressionBlock:
			m.expression(n.Start, n.End, n.Comment, back)
		case *Expression:
			m.expression(n.Start, n.End, n.Comment, back)
		case *ESM:
			l := n.Lines()
			m.ESM = append(m.ESM, [2]int{back.off(l.At(0).Start), back.off(l.At(l.Len() - 1).Stop)})
		}
		return ast.WalkContinue, nil
	})
	// The structure is read without indentation, so a fence opened on a list item's line (`2.  ```ts`) ends
	// there: what the lines below it hold is code all the same, and stays as written.
	spans := append(append([][2]int{}, m.Exprs...), m.Comments...)
	for _, ta := range tags {
		spans = append(spans, [2]int{ta.t.Start, ta.t.End})
	}
	inCode := m.inCode(spans)
	m.Exprs = slices.DeleteFunc(m.Exprs, func(r [2]int) bool { return inCode(r[0]) })
	m.Comments = slices.DeleteFunc(m.Comments, func(r [2]int) bool { return inCode(r[0]) })
	var stack []*Element
	for _, ta := range tags {
		if inCode(ta.t.Start) {
			continue
		}
		t := ta.t
		if t.Close {
			if err := m.close(&stack, t, ta.block); err != nil {
				return nil, err
			}
			continue
		}
		e := &Element{Name: t.Name, Open: t, Block: ta.block}
		e.Line, e.Col = m.lines.LineCol(t.Start)
		if len(stack) > 0 {
			e.Parent = stack[len(stack)-1]
			e.Parent.Children = append(e.Parent.Children, e)
		} else {
			m.Elements = append(m.Elements, e)
		}
		if !t.SelfClose && !voidHTML[t.Name] {
			stack = append(stack, e)
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if e := stack[i]; m.component(e.Name) && vue {
			e.unclosed = true
		} else if m.component(e.Name) {
			return nil, &SyntaxError{Line: e.Line, Col: e.Col, Reason: fmt.Sprintf("%s is never closed: add %s where it ends (or write it %s if it has no content)", openName(e.Name), closeName(e.Name), selfClosed(e.Name))}
		}
	}
	return m, nil
}

// inCode reports, for an offset of the source, whether the structure pass misread code there: a fence opened
// on a list item's line, and in a VitePress page (CommonMark) an indented code block. spans are the tags and
// expressions found: the lines that go on one are no fence or code of their own.
func (m *MDX) inCode(spans [][2]int) func(off int) bool {
	lineOf := func(off int) int { return sort.SearchInts(m.lines.lineStarts, off+1) - 1 }
	within := map[int]bool{} // lines that go on a tag or an expression begun on an earlier line
	for _, s := range spans {
		for l := lineOf(s[0]) + 1; l <= lineOf(max(s[0], s[1]-1)); l++ {
			within[l] = true
		}
	}
	code := codeLines(m.src, &m.lines, within)
	if m.vue {
		for l, c := range indentedCode(m.src) {
			if l < len(code) && !within[l] {
				code[l] = code[l] || c
			}
		}
	}
	return func(off int) bool { return code[lineOf(off)] }
}

// expression notes an expression of the unindented text at start:end.
func (m *MDX) expression(start, end int, comment bool, back *offsetMap) {
	r := [2]int{back.off(start), back.off(end)}
	if comment {
		m.Comments = append(m.Comments, r)
	} else {
		m.Exprs = append(m.Exprs, r)
	}
}

// close matches a closing tag with the element it closes. HTML elements left open inside it are closed with
// it (as HTML is read); a component left open is an error.
func (m *MDX) close(stack *[]*Element, t Tag, block bool) error {
	s := *stack
	k := len(s) - 1
	for k >= 0 && s[k].Name != t.Name {
		k--
	}
	line, col := m.lines.LineCol(t.Start)
	if k < 0 {
		if !m.component(t.Name) || m.vue {
			return nil // a stray HTML closing tag (Vue's are left as written)
		}
		return &SyntaxError{Line: line, Col: col, Reason: fmt.Sprintf("%s closes nothing: no %s is open here (remove it, or add the opening tag)", closeName(t.Name), openName(t.Name))}
	}
	for j := len(s) - 1; j > k; j-- {
		if e := s[j]; m.component(e.Name) && m.vue {
			e.unclosed = true
		} else if m.component(e.Name) {
			return &SyntaxError{Line: e.Line, Col: e.Col, Reason: fmt.Sprintf("%s is not closed before %s at line %d, column %d: add %s before it", openName(e.Name), closeName(t.Name), line, col, closeName(e.Name))}
		}
	}
	s[k].Close, s[k].CloseBlock = &t, block
	*stack = s[:k]
	return nil
}

// unindent returns src without the indentation of its lines, and the map of its offsets back onto src.
func unindent(src []byte) ([]byte, *offsetMap) {
	out := make([]byte, 0, len(src))
	m := &offsetMap{}
	for start := 0; start < len(src); {
		i := start
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i + 1
		}
		m.flat = append(m.flat, len(out))
		m.orig = append(m.orig, i)
		out = append(out, src[i:end]...)
		start = end
	}
	return out, m
}

// offsetMap maps offsets of the unindented text back onto the source: line k starts at flat[k] there and
// at orig[k] (past its indentation) in the source.
type offsetMap struct{ flat, orig []int }

func (m *offsetMap) off(o int) int {
	k := sort.SearchInts(m.flat, o+1) - 1
	if k < 0 {
		return o
	}
	return o - m.flat[k] + m.orig[k]
}

func (m *offsetMap) tag(t Tag) Tag {
	t.Start, t.End = m.off(t.Start), m.off(t.End)
	if len(t.Attrs) > 0 {
		attrs := make([]Attr, len(t.Attrs))
		for i, a := range t.Attrs {
			if a.Start >= 0 {
				a.Start, a.End = m.off(a.Start), m.off(a.End)
			}
			attrs[i] = a
		}
		t.Attrs = attrs
	}
	return t
}

func openName(n string) string   { return "<" + n + ">" }
func closeName(n string) string  { return "</" + n + ">" }
func selfClosed(n string) string { return "<" + n + " />" }
