package markdown

import (
	"bytes"
	"fmt"
)

// Limits on what Analyze is given. goldmark's time grows with the square of some constructs: 200,000
// unclosed `[a](` (800 KB) take longer than seven minutes, 200,000 nested `> ` a minute, 1,000 list levels
// by indentation two seconds, 40,000 `*a_` (120 KB: emphasis openers that a closer of the other character
// must look past) seven seconds. No real document comes near these limits.
const (
	// MaxNesting is the deepest nesting of block quotes and list items on one line.
	MaxNesting = 100
	// MaxUnclosedLinks is the most `](` without a closing `)` in one block (text between blank lines).
	MaxUnclosedLinks = 1000
	// MaxEmphasisRuns is the most runs of `*` or `_` in one block outside code fences (at this limit the
	// worst arrangement parses in about a third of a second). Since matching them costs up to the square of
	// their number in each block, the squares of all blocks of a source may add up to MaxEmphasisRuns² too:
	// many blocks just under the limit are refused as well.
	MaxEmphasisRuns = 10000
)

// ComplexityError says why a source is refused before it is parsed.
type ComplexityError struct {
	Line   int // 1-based line of the source where the limit was passed
	Reason string
}

func (e *ComplexityError) Error() string { return e.Reason }

// CheckComplexity refuses, in one linear pass, a source that would make the parser take minutes.
func CheckComplexity(src []byte) *ComplexityError {
	unclosed, runs, blockLine := 0, 0, 1
	squares := 0 // the sum of runs² of the blocks before this one
	line := 0
	var fence Fence
	for rest := src; len(rest) > 0; {
		line++
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(bytes.TrimSpace(l)) == 0 {
			squares += runs * runs
			unclosed, runs, blockLine = 0, 0, line+1
			continue
		}
		if fence.LineBytes(bytes.TrimLeft(l, " \t>-*+")) {
			continue // code: no emphasis, links or containers
		}
		if runs += emphasisRuns(l); runs > MaxEmphasisRuns {
			return &ComplexityError{Line: blockLine, Reason: fmt.Sprintf("more than %d runs of `*` or `_` in the paragraph starting here", MaxEmphasisRuns)}
		}
		if squares+runs*runs > MaxEmphasisRuns*MaxEmphasisRuns {
			return &ComplexityError{Line: blockLine, Reason: fmt.Sprintf("too many runs of `*` or `_` in the paragraphs up to the one starting here (each paragraph counts the square of its runs; all together may count %d²)", MaxEmphasisRuns)}
		}
		if d := nesting(l); d > MaxNesting {
			return &ComplexityError{Line: line, Reason: fmt.Sprintf("quotes or lists nested %d deep on one line (the limit is %d)", d, MaxNesting)}
		}
		unclosed += bytes.Count(l, []byte("](")) - bytes.Count(l, []byte(")"))
		if unclosed < 0 {
			unclosed = 0
		}
		if unclosed > MaxUnclosedLinks {
			return &ComplexityError{Line: blockLine, Reason: fmt.Sprintf("more than %d link destinations `](` without a closing `)` in the paragraph starting here", MaxUnclosedLinks)}
		}
	}
	return nil
}

// nesting estimates how deep the containers at the start of a line go: one level for each `>` and list
// marker, plus one for every two columns of indentation before the first list marker (nested lists).
func nesting(l []byte) int {
	depth, i := 0, 0
	indent := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		if l[i] == '\t' {
			indent += 4
		} else {
			indent++
		}
		i++
	}
	first := true
	for i < len(l) {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i >= len(l) {
			break
		}
		n := markerLen(l, i)
		if n == 0 {
			break
		}
		if first && l[i] != '>' {
			depth += indent / 2
		}
		first = false
		depth++
		i += n
	}
	return depth
}

// emphasisRuns counts the runs of `*` or `_` in a line: each may open or close emphasis.
func emphasisRuns(l []byte) int {
	n := 0
	for i := 0; i < len(l); i++ {
		if (l[i] == '*' || l[i] == '_') && (i == 0 || l[i-1] != l[i]) {
			n++
		}
	}
	return n
}

// markerLen is the length of the quote (`>`) or list marker (`-`, `*`, `+`, `1.`, `1)` and a space) at l[i],
// 0 when there is none.
func markerLen(l []byte, i int) int {
	switch c := l[i]; {
	case c == '>':
		return 1
	case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
		return 2
	case c >= '0' && c <= '9':
		j := i
		for j < len(l) && j-i < 10 && l[j] >= '0' && l[j] <= '9' {
			j++
		}
		if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
			return j + 2 - i
		}
	}
	return 0
}
