package markdown

import (
	"bytes"
	"fmt"
)

// Limits on what Analyze is given. goldmark's time grows with the square of some constructs: 200,000
// unclosed `[a](` (800 KB) take longer than seven minutes, 200,000 nested `> ` a minute, 1,000 list levels
// by indentation two seconds. No real document comes near these limits.
const (
	// MaxNesting is the deepest nesting of block quotes and list items on one line.
	MaxNesting = 100
	// MaxUnclosedLinks is the most `](` without a closing `)` in one block (text between blank lines).
	MaxUnclosedLinks = 1000
)

// ComplexityError says why a source is refused before it is parsed.
type ComplexityError struct {
	Line   int // 1-based line of the source where the limit was passed
	Reason string
}

func (e *ComplexityError) Error() string { return e.Reason }

// CheckComplexity refuses, in one linear pass, a source that would make the parser take minutes.
func CheckComplexity(src []byte) *ComplexityError {
	unclosed, blockLine := 0, 1
	line := 0
	for rest := src; len(rest) > 0; {
		line++
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(bytes.TrimSpace(l)) == 0 {
			unclosed, blockLine = 0, line+1
			continue
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
		n := 0
		switch c := l[i]; {
		case c == '>':
			n = 1
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			n = 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 10 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				n = j + 2 - i
			}
		}
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
