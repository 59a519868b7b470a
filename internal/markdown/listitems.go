package markdown

import (
	"bytes"
	"regexp"
	"strings"
)

// itemStartRe matches a line that opens a list item or a definition (`- x`, `1. x`, `:   x`).
var itemStartRe = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)]|:)[ \t]+\S`)

// itemContext follows, line by line, which levels of indentation are the content of a list item or a
// definition: Python-Markdown reads an item's content indented by four columns per level, and MkDocs'
// content tabs and admonitions work there as at the top of the page. A line indented by 4·k columns is in
// an item when the last line indented less than that (at level k-1) opened one.
type itemContext struct {
	opened [MaxNesting + 1]bool // opened[k]: the last line at level k opened an item
}

// see reads the next non-blank line (without its quote prefix). A line indented between two levels that
// opens no item goes on the paragraph of the item above it ("* Our function…\n  An alternative…"): the item
// is still open.
func (c *itemContext) see(line string) {
	cols, _ := indentation(line)
	k := min(cols/4, MaxNesting)
	start := itemStartRe.MatchString(line)
	if !start && cols%4 != 0 && c.opened[k] {
		return
	}
	c.opened[k] = start
	for j := k + 1; j <= MaxNesting; j++ {
		c.opened[j] = false
	}
}

// inItem reports whether a line indented by cols columns (a multiple of four) is an item's content; a line
// that is not indented is always at the top.
func (c *itemContext) inItem(cols int) bool {
	if cols == 0 {
		return true
	}
	k := cols / 4
	return cols%4 == 0 && k <= MaxNesting && c.opened[k-1]
}

// indentedCode marks the lines of src that CommonMark shows as an indented code block: indented four
// columns or more after a blank line (or after such a line), outside code fences and the content of list
// items, MkDocs content tabs and admonitions (see itemContext). The line-based converters leave them as
// written.
func indentedCode(src []byte) []bool {
	var code []bool
	var fence Fence
	var items itemContext
	blankBefore, in := true, false
	content := -1 // the content column of the list item the lines are in (CommonMark's), -1: none
	for rest := src; len(rest) > 0; {
		var line []byte
		line, rest = CutLine(rest)
		if blank(line) && !fence.Open() {
			code = append(code, in)
			blankBefore = true
			continue
		}
		cols, _ := indentation(line)
		if content >= 0 && cols < content {
			content = -1 // less indented than the item's content: the item has ended
		}
		// code: four columns past the item's content, or past the margin outside any container
		inContainer := items.inItem(cols-cols%4) && (content < 0 || cols < content+4)
		isCode := !fence.Open() && cols >= 4 && (blankBefore || in) && !inContainer
		if !isCode {
			fence.LineBytes(line)
			text := string(bytes.TrimRight(line, "\r\n"))
			items.see(text)
			if m := itemMarkerRe.FindString(strings.TrimLeft(text, " \t")); m != "" {
				content = cols + len(m)
			}
			if tabRe.MatchString(text) || mkdocsRe.MatchString(text) {
				items.opened[min(cols/4, MaxNesting)] = true // a content tab's or an admonition's body, as an item's
			}
		}
		code = append(code, isCode)
		in, blankBefore = isCode, false
	}
	return code
}
