package markdown

import (
	"bytes"
	"context"
	"sort"
	"strings"
)

// Editor is what an element converter changes an MDX source with: replacements of byte ranges (a tag by a
// label, an element by its Markdown), prefixes of lines (`> ` for an element that becomes a block quote)
// and the removal of the indentation of an element's children (MDX ignores it; CommonMark would make code of
// it), which every converted element gets before its converter runs. The edits are made once, in one pass
// over the source, when every converter is done. Each line of the result knows the source line it comes from,
// so diagnostics name the file's lines.
type Editor struct {
	src         []byte
	lines       lineIndex
	edits       []edit
	cut         []int             // indentation removed from each line
	pre         []string          // prefix of each line
	consumed    map[*Element]bool // replaced with its children: they are not converted
	handled     map[*Element]bool // converted by its parent's converter
	r           *Result
	m           *MDX              // the page's structure: its imports
	inc         *inclusion        // how the page's includes are read
	tagLines    map[int]bool      // lines that go on a tag begun on an earlier line (see inTag)
	warned      map[string]bool   // components already warned about on this page
	html        map[*Element]bool // HTML elements kept as HTML (what is inside them is inside HTML)
	imports     map[string]Import // the page's imports, once read (Imports)
	importsRead bool
}

type edit struct {
	start, end int
	with       string
}

func newEditor(src []byte, lines lineIndex, r *Result) *Editor {
	x := &Editor{src: src, lines: lines, consumed: map[*Element]bool{}, handled: map[*Element]bool{}, warned: map[string]bool{}, html: map[*Element]bool{}, r: r}
	x.cut = make([]int, len(x.lines.lineStarts))
	x.pre = make([]string, len(x.lines.lineStarts))
	return x
}

// Source is the MDX source the editor changes.
func (x *Editor) Source() []byte { return x.src }

// Replace replaces the bytes start:end of the source with text (which may hold newlines: its lines then all
// come from start's line). Ranges must not overlap; a range overlapping one replaced before is ignored.
func (x *Editor) Replace(start, end int, text string) {
	x.edits = append(x.edits, edit{start, end, text})
}

// ReplaceOpen replaces e's opening tag with text. A tag alone on its line that is replaced by "" leaves an
// empty line (the end of a paragraph, as in the source).
func (x *Editor) ReplaceOpen(e *Element, text string) { x.Replace(e.Open.Start, e.Open.End, text) }

// ReplaceClose replaces e's closing tag, if it has one, with text.
func (x *Editor) ReplaceClose(e *Element, text string) {
	if e.Close != nil {
		x.Replace(e.Close.Start, e.Close.End, text)
	}
}

// ReplaceElement replaces all of e, its children included, with text; its children are not converted.
func (x *Editor) ReplaceElement(e *Element, text string) {
	x.Replace(e.Open.Start, x.End(e), text)
	x.consumed[e] = true
}

// Handled says the converter of e's parent converted e (a <Step> of <Steps>): e's own converter does not
// run, the elements inside it are converted as usual. The parent's converter removes e's indentation itself
// (Dedent), first.
func (x *Editor) Handled(e *Element) { x.handled[e] = true }

// End is the offset past e's closing tag (its opening tag's when it closes itself).
func (x *Editor) End(e *Element) int {
	if e.Close != nil {
		return e.Close.End
	}
	return e.Open.End
}

// Children is the source between e's tags ("" when it closes itself).
func (x *Editor) Children(e *Element) string {
	if e.Close == nil {
		return ""
	}
	return string(x.src[e.Open.End:e.Close.Start])
}

// Alone reports whether the tag is alone on its line(s).
func (x *Editor) Alone(t *Tag) bool {
	return blank(x.src[x.lineStart(t.Start):t.Start]) && blank(x.src[t.End:x.lineEnd(t.End)])
}

// Label replaces e's opening tag with a label ("**Linux**"). When the tag is alone on its line and text
// follows on the next line, an empty line is put after the label, so that the label stands as a paragraph
// of its own instead of running into that text.
func (x *Editor) Label(e *Element, label string) {
	if label != "" && x.Alone(&e.Open) {
		if next := x.lineOf(e.Open.End) + 1; next < len(x.lines.lineStarts) && !blank(x.lineBytes(next)) {
			label += "\n"
		}
	}
	x.ReplaceOpen(e, label)
}

// Prefix puts pre in front of the lines of e: from the line of its opening tag (withOpen) or the line after
// it, to the line before its closing tag, or the closing tag's line when text shares it.
func (x *Editor) Prefix(e *Element, pre string, withOpen bool) {
	first, last := x.lineOf(e.Open.Start), x.lineOf(e.Open.End)
	if !withOpen {
		first = last + 1
	}
	if e.Close != nil {
		last = x.lineOf(e.Close.Start)
		if x.Alone(e.Close) {
			last--
		}
	}
	for l := first; l <= last && l < len(x.pre); l++ {
		x.pre[l] += pre
	}
}

// Warn adds a warning at e.
func (x *Editor) Warn(e *Element, code, message string) {
	x.r.Diagnostics = append(x.r.Diagnostics, Diagnostic{Code: code, Line: e.Line, Col: e.Col, Message: message})
}

// Error adds an error at e: the page is then not sent.
func (x *Editor) Error(e *Element, code, message string) {
	x.r.Diagnostics = append(x.r.Diagnostics, Diagnostic{Error: true, Code: code, Line: e.Line, Col: e.Col, Message: message})
}

// Count counts one more converted construct of the kind what ("tabs"), beside the one the element's
// converter is registered to count.
func (x *Editor) Count(what string) {
	if x.r.Converted == nil {
		x.r.Converted = map[string]int{}
	}
	x.r.Converted[what]++
}

// Dedent removes from the lines between e's tags the indentation they all share. Lines that go on a tag
// written over several lines (an attribute's template literal) and the lines of a fenced code block after
// its opening line do not count: their indentation is the text's, not the element's. Only white space is
// ever cut.
func (x *Editor) Dedent(e *Element) {
	if e.Close == nil {
		return
	}
	first, last := x.lineOf(e.Open.End)+1, x.lineOf(e.Close.Start)-1
	least := -1
	var fence Fence
	for l := first; l <= last; l++ {
		line := x.lineBytes(l)
		n := len(line) - len(bytes.TrimLeft(line, " \t"))
		if open := fence.Open(); x.inTag(l) || fence.LineBytes(line[min(n, x.cut[l]):]) && open || n == len(line) {
			continue // a tag's or a code block's text, or blank
		}
		if n -= x.cut[l]; least < 0 || n < least {
			least = n
		}
	}
	for l := first; least > 0 && l <= last; l++ {
		x.cut[l] += least
	}
}

// inTag reports whether line l goes on a tag begun on an earlier line.
func (x *Editor) inTag(l int) bool {
	if x.tagLines == nil {
		x.tagLines = map[int]bool{}
		var mark func(es []*Element)
		mark = func(es []*Element) {
			for _, e := range es {
				for _, t := range []*Tag{&e.Open, e.Close} {
					if t != nil {
						for k := x.lineOf(t.Start) + 1; k <= x.lineOf(t.End-1); k++ {
							x.tagLines[k] = true
						}
					}
				}
				mark(e.Children)
			}
		}
		if x.m != nil {
			mark(x.m.Elements)
		}
	}
	return x.tagLines[l]
}

func (x *Editor) lineOf(off int) int { return sort.SearchInts(x.lines.lineStarts, off+1) - 1 }

// line is line l (0-based) without its newline.
func (x *Editor) line(l int) string { return string(x.lineBytes(l)) }

func (x *Editor) lineBytes(l int) []byte {
	start := x.lines.lineStarts[l]
	end := len(x.src)
	if l+1 < len(x.lines.lineStarts) {
		end = x.lines.lineStarts[l+1] - 1
	}
	return x.src[start:end]
}

// blank reports whether b holds only white space.
func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func (x *Editor) lineStart(off int) int {
	for off > 0 && x.src[off-1] != '\n' {
		off--
	}
	return off
}

func (x *Editor) lineEnd(off int) int {
	for off < len(x.src) && x.src[off] != '\n' {
		off++
	}
	return off
}

// render makes the edits: the converted text, the column shift of each of its lines and the source line
// each comes from (nil when every line is its own).
func (x *Editor) render(ctx context.Context) ([]byte, []int, []int, error) {
	sort.SliceStable(x.edits, func(i, j int) bool { return x.edits[i].start < x.edits[j].start })
	var out bytes.Buffer
	out.Grow(len(x.src) + len(x.src)/8)
	shift := make([]int, 0, len(x.lines.lineStarts))
	lineMap := make([]int, 0, len(x.lines.lineStarts))
	k, skipTo, last, lines := 0, 0, 0, 0
	var b []byte
	for l, ls := range x.lines.lineStarts {
		if l%ctxEvery == 0 && ctx.Err() != nil {
			return nil, nil, nil, ctx.Err()
		}
		le := x.lineEnd(ls)
		if ls == len(x.src) && l > 0 {
			break // the empty "line" after a final newline
		}
		lines++
		if skipTo > le {
			continue // inside a replaced range that goes on
		}
		b = b[:0]
		pos, delta := ls, 0
		if skipTo > ls {
			pos = skipTo
		}
		for k < len(x.edits) && x.edits[k].start <= le {
			e := x.edits[k]
			k++
			if e.start < last || e.start < pos {
				continue // overlaps an earlier edit
			}
			b = append(b, x.src[pos:e.start]...)
			b = append(b, e.with...)
			pos, last = e.end, e.end
			delta += len(e.with) - (e.end - e.start)
			if e.end > le {
				skipTo = e.end
				break
			}
		}
		if pos < le {
			b = append(b, x.src[pos:le]...)
		}
		x.emit(&out, &shift, &lineMap, l, b, delta)
	}
	text := out.Bytes()
	if len(x.src) > 0 && x.src[len(x.src)-1] != '\n' {
		text = bytes.TrimSuffix(text, []byte("\n"))
	}
	if identity(lineMap, lines) {
		lineMap = nil
	}
	return text, shift, lineMap, nil
}

// emit writes the text made of source line l (0-based): its indentation cut, its prefix put in front; every
// line of it is mapped to l.
func (x *Editor) emit(out *bytes.Buffer, shift, lineMap *[]int, l int, text []byte, delta int) {
	cut := 0
	for cut < x.cut[l] && cut < len(text) && (text[cut] == ' ' || text[cut] == '\t') {
		cut++
	}
	text = text[cut:]
	pre := x.pre[l]
	for i := 0; ; i++ {
		piece, rest, more := bytes.Cut(text, []byte("\n"))
		text = rest
		if blank(piece) {
			out.WriteString(strings.TrimRight(pre, " "))
		} else {
			out.WriteString(pre)
			out.Write(piece)
		}
		out.WriteByte('\n')
		s := len(pre)
		if i == 0 {
			s += delta - cut
		}
		*shift = append(*shift, s)
		*lineMap = append(*lineMap, l+1)
		if !more {
			return
		}
	}
}

// identity reports whether each of the n lines of a text maps to its own line.
func identity(lineMap []int, n int) bool {
	if len(lineMap) != n {
		return false
	}
	for i, m := range lineMap {
		if m != i+1 {
			return false
		}
	}
	return true
}
