package markdown

import "regexp"

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
