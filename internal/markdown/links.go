package markdown

import (
	"bytes"
	"context"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// This file is the one place that finds the link and image destinations of a Markdown source, on goldmark's
// tree: inline links and images, reference definitions, autolinks and the href/src attributes of raw HTML.
// What stands inside code (fenced and indented blocks, code spans) is text, never a destination.

// RefKind says what a destination belongs to.
type RefKind int

const (
	KindLink RefKind = iota
	KindImage
	KindDefinition // [label]: dest — used by reference-style links and images
	// KindAutoLink is <https://…>, <me@example.com> or a bare URL of GitHub's extension: Dest is the URL the
	// text stands for, Start:End the text itself.
	KindAutoLink
	// KindHTMLLink is the href or src attribute of a raw HTML element other than <img> (an <img>'s src is a
	// KindImage with HTML set).
	KindHTMLLink
)

// Ref is one link or image destination in the source.
type Ref struct {
	Kind       RefKind
	Dest       string
	Start, End int // byte range of Dest in the source; Start < 0 when it could not be located
	Line, Col  int // 1-based, in the source
	// SiteRoot marks an <img src={useBaseUrl('img/x.png')}> of Docusaurus: Dest is the path from the site's
	// root, and Start:End covers the whole {…} expression, to be replaced by a quoted URL.
	SiteRoot bool
	// HTML marks the value of an attribute of raw HTML; Start:End is inside its quotes, if it has any.
	HTML bool
	// Reference marks a reference-style link or image ([text][label], [label]): Dest is its definition's,
	// which holds it in the source (Start is -1 here).
	Reference bool
}

// kindSet is the kinds of destination a walk reports.
type kindSet uint

const allKinds kindSet = 1<<KindLink | 1<<KindImage | 1<<KindDefinition | 1<<KindAutoLink | 1<<KindHTMLLink

func (s kindSet) has(k RefKind) bool { return s&(1<<k) != 0 }

// linkWalker reports the destinations of the nodes it visits. A walker over the whole tree calls visit for
// every node on entering and skips the children when it says so.
type linkWalker struct {
	src        []byte
	want       kindSet
	references bool // report reference-style links too (with Start -1)
	lineCol    func(off int) (int, int)
	emit       func(Ref, ast.Node)
}

// visit reports n's own destinations; skip is true for code, whose children are text, never links.
func (w *linkWalker) visit(n ast.Node) (skip bool) {
	switch n := n.(type) {
	case *ast.Link:
		w.inline(KindLink, n.Destination, n.Reference != nil, n)
	case *ast.Image:
		w.inline(KindImage, n.Destination, n.Reference != nil, n)
	case *ast.LinkReferenceDefinition:
		w.definition(n)
	case *ast.AutoLink:
		w.autoLink(n)
	case *ast.HTMLBlock:
		w.html(n.Lines(), n)
	case *ast.RawHTML:
		w.html(n.Segments, n)
	case *ast.Paragraph:
		// <img src={require('@site/static/…')} /> is no valid HTML tag, so goldmark makes text of it.
		w.requireImages(n.Lines(), n)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.CodeSpan:
		return true
	}
	return false
}

func (w *linkWalker) add(r Ref, n ast.Node, pos int) {
	at := pos
	if r.Start >= 0 {
		at = r.Start
	}
	r.Line, r.Col = w.lineCol(at)
	w.emit(r, n)
}

// inline locates the destination of an inline link or image at or after its node's position. The destination
// is searched as written; one with backslash escapes or entities may not be found, and is then reported with
// Start -1 (never rewritten).
func (w *linkWalker) inline(kind RefKind, dest []byte, reference bool, n ast.Node) {
	if !w.want.has(kind) || reference && !w.references {
		return
	}
	pos := max(n.Pos(), 0)
	r := Ref{Kind: kind, Dest: string(dest), Start: -1, End: -1, Reference: reference}
	if len(dest) > 0 && !reference && pos <= len(w.src) {
		i := indexAfter(w.src[pos:], "](", dest)
		if i < 0 {
			if i = indexAfter(w.src[pos:], "](<", dest); i >= 0 {
				i++
			}
		}
		if i >= 0 {
			r.Start = pos + i + 2
			r.End = r.Start + len(dest)
		}
	}
	w.add(r, n, pos)
}

// indexAfter is the index of prefix+dest in s, or -1.
func indexAfter(s []byte, prefix string, dest []byte) int {
	for off := 0; ; {
		i := bytes.Index(s[off:], []byte(prefix))
		if i < 0 {
			return -1
		}
		at := off + i + len(prefix)
		if bytes.HasPrefix(s[at:], dest) {
			return off + i
		}
		off += i + 1
	}
}

// definition locates the destination of [label]: dest, which follows the first "]:".
func (w *linkWalker) definition(n *ast.LinkReferenceDefinition) {
	if !w.want.has(KindDefinition) {
		return
	}
	pos := max(n.Pos(), 0)
	dest := n.Destination
	r := Ref{Kind: KindDefinition, Dest: string(dest), Start: -1, End: -1}
	if len(dest) > 0 && pos <= len(w.src) {
		if j := bytes.Index(w.src[pos:], []byte("]:")); j >= 0 {
			if i := bytes.Index(w.src[pos+j:], dest); i >= 0 {
				r.Start = pos + j + i
				r.End = r.Start + len(dest)
			}
		}
	}
	w.add(r, n, pos)
}

// autoLink reports an autolink; its text is its destination as written.
func (w *linkWalker) autoLink(n *ast.AutoLink) {
	if !w.want.has(KindAutoLink) {
		return
	}
	pos := max(n.Pos(), 0)
	label := n.Label(w.src)
	r := Ref{Kind: KindAutoLink, Dest: string(n.URL(w.src)), Start: -1, End: -1}
	// after a '<', or after the character that triggered GitHub's bare-URL parser (a space, '(', '*', …)
	if near := w.src[pos:min(len(w.src), pos+1+len(label))]; len(label) > 0 {
		if i := bytes.Index(near, label); i >= 0 {
			r.Start, r.End = pos+i, pos+i+len(label)
		}
	}
	w.add(r, n, pos)
}

// imgSrcRe finds the src attribute of an <img> tag in raw HTML.
// A Docusaurus expression names a file of the site's static/ folder, served from the site's root:
// {useBaseUrl('img/x.png')} or {require('@site/static/img/x.png').default}.
var imgSrcRe = regexp.MustCompile(`(?i)<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|(\{\s*(?:useBaseUrl\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]@site/static/([^'"]+)['"]\s*\)(?:\.default)?)\s*\})|([^\s"'>{]+))`)

// tagRe finds the open tags of raw HTML, and attrRe their href and src attributes.
var (
	tagRe  = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9-]*)\b[^>]*>`)
	attrRe = regexp.MustCompile(`(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
)

// html reports the destinations of raw HTML: the src of every <img> (an image), the href and src of every
// other element.
func (w *linkWalker) html(segs *text.Segments, n ast.Node) {
	for i := 0; i < segs.Len(); i++ {
		start, stop := segs.At(i).Start, segs.At(i).Stop
		if w.want.has(KindImage) {
			w.images(start, stop, n)
		}
		if w.want.has(KindHTMLLink) {
			w.attributes(start, stop, n)
		}
	}
}

// images reports the src of every <img> in src[start:stop].
func (w *linkWalker) images(start, stop int, n ast.Node) {
	seg := w.src[start:stop]
	if !bytes.Contains(bytes.ToLower(seg), []byte("<img")) {
		return
	}
	for _, m := range imgSrcRe.FindAllSubmatchIndex(seg, -1) {
		for g := 2; g < len(m); g += 2 {
			if g == 6 && m[g] >= 0 { // {useBaseUrl('…')} or {require('@site/static/…').default}
				p := m[8:10]
				if p[0] < 0 {
					p = m[10:12]
				}
				r := Ref{Kind: KindImage, Dest: "/" + strings.TrimLeft(string(seg[p[0]:p[1]]), "/"), Start: start + m[6], End: start + m[7], SiteRoot: true, HTML: true}
				w.add(r, n, r.Start)
				break
			}
			if g == 8 || g == 10 {
				continue
			}
			if m[g] >= 0 {
				r := Ref{Kind: KindImage, Dest: string(seg[m[g]:m[g+1]]), Start: start + m[g], End: start + m[g+1], HTML: true}
				if r.Dest != "" {
					w.add(r, n, r.Start)
				}
				break
			}
		}
	}
}

// attributes reports the href and src attributes of the elements other than <img> in src[start:stop].
func (w *linkWalker) attributes(start, stop int, n ast.Node) {
	seg := w.src[start:stop]
	if !bytes.Contains(seg, []byte("=")) {
		return
	}
	for _, t := range tagRe.FindAllSubmatchIndex(seg, -1) {
		if strings.EqualFold(string(seg[t[2]:t[3]]), "img") {
			continue
		}
		tag := seg[t[0]:t[1]]
		for _, m := range attrRe.FindAllSubmatchIndex(tag, -1) {
			for g := 2; g < len(m); g += 2 {
				if m[g] >= 0 {
					at := start + t[0]
					r := Ref{Kind: KindHTMLLink, Dest: string(tag[m[g]:m[g+1]]), Start: at + m[g], End: at + m[g+1], HTML: true}
					if r.Dest != "" {
						w.add(r, n, r.Start)
					}
					break
				}
			}
		}
	}
}

// requireImages reports the Docusaurus {require('@site/static/…')} images of a paragraph's lines (the other
// forms of <img> in a paragraph are raw HTML nodes).
func (w *linkWalker) requireImages(lines *text.Segments, n ast.Node) {
	if !w.want.has(KindImage) {
		return
	}
	for i := 0; i < lines.Len(); i++ {
		start := lines.At(i).Start
		seg := w.src[start:lines.At(i).Stop]
		if !bytes.Contains(seg, []byte("require(")) {
			continue
		}
		for _, m := range imgSrcRe.FindAllSubmatchIndex(seg, -1) {
			if m[10] >= 0 {
				r := Ref{Kind: KindImage, Dest: "/" + strings.TrimLeft(string(seg[m[10]:m[11]]), "/"), Start: start + m[6], End: start + m[7], SiteRoot: true, HTML: true}
				w.add(r, n, r.Start)
			}
		}
	}
}

// walk visits every node of root.
func (w *linkWalker) walk(root ast.Node) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && w.visit(n) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// WalkDestinations calls fn, in source order, for every destination of a tree goldmark parsed from src
// (with any parser options) that stands outside code, with the node it belongs to. Reference-style links
// and images are reported too, with Reference set: rewriting their node's Destination changes what that
// tree renders.
func WalkDestinations(root ast.Node, src []byte, fn func(Ref, ast.Node)) {
	lines := newLineIndex(src)
	w := &linkWalker{src: src, want: allKinds, references: true, lineCol: lines.LineCol, emit: fn}
	w.walk(root)
}

// Destinations parses src and returns its destinations outside code, in source order (reference-style
// links, which hold none of their own, are not among them).
func Destinations(src []byte) []Ref {
	root, _ := parseContext(context.Background(), md.Parser(), src, nil)
	lines := newLineIndex(src)
	var refs []Ref
	w := &linkWalker{src: src, want: allKinds, lineCol: lines.LineCol, emit: func(r Ref, _ ast.Node) { refs = append(refs, r) }}
	w.walk(root)
	return refs
}

// WithoutDestinations is src with the destinations that point somewhere removed: an inline link's or
// image's `(dest "title")` becomes `()`, a definition keeps its `[label]:`, an HTML attribute keeps its
// `href=`. What is in code stays, and so do autolinks, whose destination is their text. Two sources that
// differ only where they point are equal after it.
func WithoutDestinations(src string) string {
	b := []byte(src)
	var cuts [][2]int
	for _, r := range Destinations(b) {
		if r.Start < 0 || r.Kind == KindAutoLink {
			continue
		}
		cuts = append(cuts, cutOf(b, r))
	}
	if len(cuts) == 0 {
		return src
	}
	var out strings.Builder
	out.Grow(len(src))
	last := 0
	for _, c := range cuts {
		if c[0] < last {
			continue
		}
		out.WriteString(src[last:c[0]])
		last = c[1]
	}
	out.WriteString(src[last:])
	return out.String()
}

// cutOf is the byte range WithoutDestinations removes for r.
func cutOf(src []byte, r Ref) [2]int {
	start, end := r.Start, r.End
	switch {
	case r.HTML:
		if start > 0 && end < len(src) && (src[start-1] == '"' || src[start-1] == '\'') && src[end] == src[start-1] {
			start, end = start-1, end+1
		}
	case r.Kind == KindDefinition:
		start = bytes.LastIndex(src[:r.Start], []byte("]:")) + 2
		if nl := bytes.IndexByte(src[end:], '\n'); nl >= 0 {
			end += nl
		} else {
			end = len(src)
		}
	default: // inline: up to the closing parenthesis, over <…> and a title
		if start > 0 && src[start-1] == '<' {
			start--
			if end < len(src) && src[end] == '>' {
				end++
			}
		}
		if close := closingParen(src, end); close >= 0 {
			end = close
		}
	}
	return [2]int{start, end}
}

// closingParen is the index of the ')' that closes an inline link whose destination ends at i: after
// spaces and an optional title ("…", '…' or (…)); -1 when there is none.
func closingParen(src []byte, i int) int {
	j := skipWhite(src, i)
	if j < len(src) && j > i {
		if q := src[j]; q == '"' || q == '\'' || q == '(' {
			c := q
			if q == '(' {
				c = ')'
			}
			k := bytes.IndexByte(src[j+1:], c)
			if k < 0 {
				return -1
			}
			j = skipWhite(src, j+1+k+1)
		}
	}
	if j < len(src) && src[j] == ')' {
		return j
	}
	return -1
}

func skipWhite(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}
