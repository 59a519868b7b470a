package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// lineRawHTML is goldmark's inline raw HTML parser with a linear scan in front: an open or close tag that
// starts and ends on its line is recognised (or refused) by a hand-written scan of the line's bytes, which
// accepts exactly what goldmark's expression accepts there. Goldmark matches that expression on a rune
// reader at every '<', which made pages of generated HTML (Starlight's rule pages: 30,000-character lines of
// escaped tags) cost 40 % of a tree's load. A tag the line does not decide (it goes on past the line's end)
// and every other form (comments, declarations, CDATA) is goldmark's.
type lineRawHTML struct{ next parser.InlineParser }

var rawHTML = util.Prioritized(lineRawHTML{next: parser.NewRawHTMLParser()}, 400)

func (lineRawHTML) Trigger() []byte { return []byte{'<'} }

func (p lineRawHTML) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n, decided := -1, false
	switch {
	case seg.Padding != 0:
	case len(line) > 1 && util.IsAlphaNumeric(line[1]):
		n, decided = scanOpenTag(line)
	case len(line) > 2 && line[1] == '/' && util.IsAlphaNumeric(line[2]):
		n, decided = scanCloseTag(line)
	}
	if !decided {
		return p.next.Parse(parent, block, pc)
	}
	if n < 0 {
		return nil
	}
	node := ast.NewRawHTML()
	node.Segments.Append(text.NewSegment(seg.Start, seg.Start+n))
	block.Advance(n)
	return node
}

func isTagStart(c byte) bool  { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isTagChar(c byte) bool   { return isTagStart(c) || c >= '0' && c <= '9' || c == '-' }
func isAttrStart(c byte) bool { return isTagStart(c) || c == '_' || c == ':' }
func isAttrChar(c byte) bool  { return isAttrStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-' }
func isUnquoted(c byte) bool {
	return c > 0x20 && c != '"' && c != '\'' && c != '=' && c != '<' && c != '>' && c != '`'
}

// lineEnd reports the end of what the line decides: past its last byte, or at a line break (where
// goldmark's expression may go on, on the next line).
func lineEnd(s []byte, i int) bool { return i >= len(s) || s[i] == '\n' || s[i] == '\r' }

// skipSpace skips spaces and tabs.
func skipSpace(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// scanOpenTag matches `<tag attr="v" …>` or `…/>` at the start of s: the length of the tag (n < 0: no tag),
// and whether the line decides it.
func scanOpenTag(s []byte) (n int, decided bool) {
	if !isTagStart(s[1]) {
		return -1, true
	}
	i := 2
	for i < len(s) && isTagChar(s[i]) {
		i++
	}
	for {
		j := skipSpace(s, i)
		switch {
		case lineEnd(s, j):
			return 0, false
		case s[j] == '>':
			return j + 1, true
		case s[j] == '/':
			if j+1 < len(s) && s[j+1] == '>' {
				return j + 2, true
			}
			return -1, true
		case j == i || !isAttrStart(s[j]):
			return -1, true // an attribute needs space before it
		}
		for j++; j < len(s) && isAttrChar(s[j]); j++ {
		}
		k := skipSpace(s, j)
		if lineEnd(s, k) {
			return 0, false
		}
		if s[k] != '=' {
			i = j
			continue
		}
		var decided bool
		if i, decided = scanValue(s, skipSpace(s, k+1)); i < 0 || !decided {
			return i, decided
		}
	}
}

// scanValue matches an attribute's value at s[k:] ('…', "…" or unquoted): where it ends (-1: no value), and
// whether the line decides it.
func scanValue(s []byte, k int) (end int, decided bool) {
	if lineEnd(s, k) {
		return 0, false
	}
	if q := s[k]; q == '"' || q == '\'' {
		end = k + 1
		for end < len(s) && s[end] != q && s[end] != '\n' && s[end] != '\r' {
			end++
		}
		if end >= len(s) || s[end] != q {
			return 0, false // the quoted value may close on a later line
		}
		return end + 1, true
	}
	for end = k; end < len(s) && isUnquoted(s[end]); end++ {
	}
	if end == k {
		return -1, true
	}
	return end, true
}

// scanCloseTag matches `</tag >` at the start of s.
func scanCloseTag(s []byte) (n int, decided bool) {
	if !isTagStart(s[2]) {
		return -1, true
	}
	i := 3
	for i < len(s) && isTagChar(s[i]) {
		i++
	}
	i = skipSpace(s, i)
	switch {
	case lineEnd(s, i):
		return 0, false
	case s[i] == '>':
		return i + 1, true
	}
	return -1, true
}

// newParser is goldmark's default parser with lineRawHTML in place of its raw HTML parser.
func newParser() parser.Parser {
	var inline []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == parser.NewRawHTMLParser() {
			v = rawHTML
		}
		inline = append(inline, v)
	}
	return parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...), parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))
}
