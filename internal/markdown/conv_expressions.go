package markdown

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// expressions converts the `{…}` expressions of an MDX page's text: one that is a string or number literal
// ({'/'}, {" "}: JSX's way to write a character MDX would read otherwise) becomes its text, and true, false
// and null (which show nothing) are removed; any other ({props.x}, {count}) has a value only the site's build
// computes, so it is shown as written, and the page gets one warning that names the first and counts them.
func (x *Editor) expressions() {
	var consumed [][2]int
	for e := range x.consumed {
		consumed = append(consumed, [2]int{e.Open.Start, x.End(e)})
	}
	sort.Slice(consumed, func(i, j int) bool { return consumed[i][0] < consumed[j][0] })
	var shown [][2]int
	for _, r := range x.m.Exprs {
		if x.inLinkDest(r[0]) {
			continue
		}
		// inside an element replaced as a whole (the ranges do not overlap): not in the article as written
		if k := sort.Search(len(consumed), func(i int) bool { return consumed[i][0] > r[0] }) - 1; k >= 0 && r[0] < consumed[k][1] {
			continue
		}
		expr := strings.TrimSpace(string(x.src[r[0]+1 : r[1]-1]))
		if v, ok := jsString(expr); ok {
			x.Replace(r[0], r[1], x.textAt(r[0], v))
			continue
		}
		if v, bare, ok := literal(expr); ok && !bare {
			x.Replace(r[0], r[1], v)
			continue
		}
		if expr == "true" || expr == "false" || expr == "null" || expr == "undefined" {
			x.Replace(r[0], r[1], "")
			continue
		}
		shown = append(shown, r)
	}
	if len(shown) == 0 {
		return
	}
	line, col := x.lines.LineCol(shown[0][0])
	more := ""
	if len(shown) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(shown)-1)
	}
	x.r.Diagnostics = append(x.r.Diagnostics, Diagnostic{Code: "jsx", Line: line, Col: col,
		Message: "the expression " + short(string(x.src[shown[0][0]:shown[0][1]])) + more + " is shown as written: its value is computed by the site's build"})
}

// codeLines marks the lines of src inside a code fence opened on a list item's line (`1.  ```ts`), which the
// structure pass, reading lines without their indentation, takes to end there. Such a fence ends at its
// closing fence, or, as CommonMark ends the item, at a line indented less than the item's content. The lines
// of skip (inside a tag or an expression: a template literal's ``` is no fence) are not read.
func codeLines(src []byte, lines *lineIndex, skip map[int]bool) []bool {
	code := make([]bool, len(lines.lineStarts))
	var f Fence
	content := -1 // the columns of the open item's content; -1: no fence of an item is open
	for l, start := range lines.lineStarts {
		if skip[l] {
			continue
		}
		end := len(src)
		if l+1 < len(lines.lineStarts) {
			end = lines.lineStarts[l+1]
		}
		line := src[start:end]
		cols, i := indentation(line)
		if content >= 0 {
			if blank(line) || cols >= content {
				code[l] = true
				if f.LineBytes(line[i:]); !f.Open() {
					content = -1
				}
				continue
			}
			f, content = Fence{}, -1 // the item ends, and its code with it
		}
		rest, marked := line[i:], false
		for {
			m := itemMarkerRe.Find(rest)
			if m == nil {
				break
			}
			rest, marked = rest[len(m):], true
		}
		if marked && f.LineBytes(rest) && f.Open() {
			code[l], content = true, cols+len(line[i:])-len(rest)
		} else {
			f = Fence{}
		}
	}
	return code
}

// itemMarkerRe is a list item's marker and the space after it.
var itemMarkerRe = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])[ \t]+`)

// inLinkDest reports whether offset off is inside a link's destination, `](…`, on its line: braces there are
// part of the URL.
func (x *Editor) inLinkDest(off int) bool {
	// back from off to the first character no destination holds before a brace: a page of {x}{x}… stops at
	// once, instead of reading its line again for each
	for i := off - 1; i > 0; i-- {
		switch x.src[i] {
		case ')', ' ', '\t', '\n', '}':
			return false
		case '(':
			return x.src[i-1] == ']'
		}
	}
	return false
}

// textAt is text written at offset off: escaped as HTML inside an element kept as HTML (where Markdown is
// not read), else as Markdown.
func (x *Editor) textAt(off int, s string) string {
	in := x.m.Elements
	html := false
	for {
		var inside *Element
		for _, e := range in {
			if e.Open.End <= off && e.Close != nil && off < e.Close.Start {
				inside = e
				break
			}
		}
		if inside == nil {
			break
		}
		html, in = x.html[inside], inside.Children
	}
	if html {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	}
	return escapeText(s)
}
