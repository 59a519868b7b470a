package markdown

import (
	"bytes"
	"context"
	"fmt"
)

// ElementConverter converts the JSX elements of the given names of an MDX page into Markdown, with an
// Editor. Before Convert runs, the indentation the element's children share is removed. Convert changes
// the element's tags (Editor.ReplaceOpen, ReplaceClose), prefixes its lines (Prefix), or replaces all of it
// (ReplaceElement: its children are then not converted on their own). The elements inside are converted
// after it, by their own converters.
type ElementConverter struct {
	Names []string // the element names it converts: "Note", "Tip"
	// Count is what the summary counts each converted element as ("admonitions"); "" counts nothing (a
	// container whose items are counted).
	Count   string
	Convert func(x *Editor, e *Element)
}

var elementConverters = map[string]*ElementConverter{}

// RegisterElement adds an element converter. It is called from init functions; a name registered twice is
// a programming error.
func RegisterElement(c ElementConverter) {
	for _, n := range c.Names {
		if _, dup := elementConverters[n]; dup {
			panic("markdown: two converters for <" + n + ">")
		}
		elementConverters[n] = &c
	}
}

// convertMDX converts the elements of an MDX body, removes its ESM and `{/* comments */}`, and drops the
// tags of the components no converter knows (children kept, counted in Components).
// vue: the body is a VitePress page's, whose Vue components are converted alike; one never closed (a `<T>`
// in text) is left as written, and named by the analysis.
func convertMDX(ctx context.Context, r *Result, inc *inclusion, vue bool) error {
	if !bytes.ContainsAny(r.Body, "<{") && !LooksLikeMDX(r.Body) {
		return nil
	}
	m, err := parseElements(ctx, r.Body, vue)
	if err != nil {
		return err
	}
	if len(m.Elements) == 0 && len(m.ESM) == 0 && len(m.Comments) == 0 && len(m.Exprs) == 0 {
		return nil
	}
	x := newEditor(r.Body, m.lines, r)
	x.m, x.inc = m, inc
	for i, esm := range m.ESM {
		if i == 0 {
			r.ESMLine, _ = m.lines.LineCol(esm[0])
		}
		x.Replace(esm[0], esm[1], "")
	}
	r.ESM = len(m.ESM)
	for _, c := range m.Comments {
		x.Replace(c[0], c[1], "")
	}
	if err := x.convert(m.Elements, 1); err != nil {
		return err
	}
	x.expressions()
	body, shift, lineMap, err := x.render(ctx)
	if err != nil {
		return err
	}
	r.Body, r.Shift, r.LineMap = body, shift, lineMap
	return nil
}

// convert converts es and the elements inside them, outer ones first (their prefixes come first).
func (x *Editor) convert(es []*Element, depth int) error {
	for _, e := range es {
		if depth > MaxNesting {
			return &ComplexityError{Line: e.Line, Reason: fmt.Sprintf("JSX elements nested more than %d deep", MaxNesting)}
		}
		c := elementConverters[e.Name]
		switch {
		case x.handled[e], e.unclosed:
		case x.m.component(e.Name) && x.inlinePartial(e): // an imported partial, whatever its name: inlined
		case c != nil:
			x.Dedent(e)
			c.Convert(x, e)
			if c.Count != "" {
				x.Count(c.Count)
			}
		case x.m.vue && topLevel(e) && (e.Name == "script" || e.Name == "style") && e.Close != nil:
			// a VitePress page's <script setup> and <style> blocks are its Vue component's code: never shown
			x.ReplaceElement(e, "")
			x.Count("Vue script blocks")
		case e.Name == "": // a fragment: <>…</> only groups
			x.Dedent(e)
			x.ReplaceOpen(e, "")
			x.ReplaceClose(e, "")
		case x.m.component(e.Name):
			x.Dedent(e)
			x.r.component(e, !convertUnknown(x, e))
		case !x.m.vue:
			x.html[e] = convertHTML(x, e)
		}
		// A VitePress page's HTML elements are left as written (raw HTML, reported as such).
		if !x.consumed[e] {
			if err := x.convert(e.Children, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// component counts a component that no converter knows, at e; empty: it has no text of its own (it closes
// itself), so what it renders is not in the article.
func (r *Result) component(e *Element, empty bool) {
	if r.Components == nil {
		r.Components = map[string]int{}
		r.ComponentLine, r.ComponentCol = e.Line, e.Col
	}
	r.Components[e.Name]++
	if empty {
		if r.NoText == nil {
			r.NoText = map[string]int{}
		}
		r.NoText[e.Name]++
	}
}

// topLevel reports whether e is at the top of the page: inside no element but those never closed.
func topLevel(e *Element) bool {
	for p := e.Parent; p != nil; p = p.Parent {
		if !p.unclosed {
			return false
		}
	}
	return true
}
