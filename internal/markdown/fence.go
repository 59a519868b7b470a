package markdown

import "bytes"

// Fence follows the code fences of a Markdown text, line by line, by CommonMark's rule: a fence opens with a
// run of three or more backticks or tildes (a backtick fence's info string holds no backtick), and closes
// only on a line that holds nothing but a run of the same character at least as long, indented no more than
// three columns past the opening fence. So a four-backtick fence that shows a ``` line is code to its own
// four-backtick end.
//
// The lines are the caller's: behind whatever quote prefix it has taken off, with the indentation of a
// list item still on them (the tracker knows no containers, so it does not take four columns of
// indentation to mean an indented code block).
type Fence struct {
	char   byte // '`' or '~' of the open fence, 0 when none is open
	n      int  // the length of its run
	indent int  // its indentation, in columns
}

// Line reads the next line (its line ending may be on it) and reports whether it is code-fence text: an
// opening or closing fence line, or a line between them.
func (f *Fence) Line(line string) bool { return fenceLine(f, line) }

// LineBytes is Line for a line held in bytes.
func (f *Fence) LineBytes(line []byte) bool { return fenceLine(f, line) }

// Open reports whether a fence is open after the lines read so far.
func (f *Fence) Open() bool { return f.char != 0 }

func fenceLine[T string | []byte](f *Fence, line T) bool {
	indent, i := indentation(line)
	c, n := fenceRun(line, i)
	if f.char != 0 {
		if c == f.char && n >= f.n && indent-f.indent <= 3 && !hasOther(line, i+n, 0) {
			f.char = 0
		}
		return true
	}
	if n < 3 || c == '`' && hasOther(line, i+n, '`') {
		return false
	}
	f.char, f.n, f.indent = c, n, indent
	return true
}

// indentation is the width of line's leading spaces and tabs (a tab to the next multiple of four) and the
// index of its first other byte.
func indentation[T string | []byte](line T) (cols, i int) {
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols, i
		}
	}
	return cols, i
}

// fenceRun is the backtick or tilde at line[i] and the length of its run there (0, 0 when there is none).
func fenceRun[T string | []byte](line T, i int) (byte, int) {
	if i >= len(line) || line[i] != '`' && line[i] != '~' {
		return 0, 0
	}
	c, j := line[i], i
	for j < len(line) && line[j] == c {
		j++
	}
	return c, j - i
}

// hasOther reports whether line holds, from i on, the byte c (c == 0: anything but white space).
func hasOther[T string | []byte](line T, i int, c byte) bool {
	for ; i < len(line); i++ {
		b := line[i]
		if c != 0 && b == c || c == 0 && b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return true
		}
	}
	return false
}

// CutLine splits the first line off rest: the line with its line feed, and what follows it (nil after the
// last line).
func CutLine(rest []byte) (line, after []byte) {
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		return rest[:i+1], rest[i+1:]
	}
	return rest, nil
}
