package markdown

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// admonitionRe matches the opening line of a Docusaurus or VitePress admonition: `:::tip`, `:::tip Title`,
// `:::tip[Title]`, `::: warning Title`. More colons open an admonition that holds others.
// Its indentation is at most three spaces, or that of a list item's content (`2.  :::note`, four columns
// per level, see itemContext), whose lines the admonition then holds behind that indentation.
var admonitionRe = regexp.MustCompile(`^([ \t]*)(:{3,})[ \t]*([A-Za-z][\w-]*)(?:\[([^\]]*)\])?[ \t]*(.*?)[ \t]*$`)

// ConvertAdmonitions turns admonitions, which Atender would show as literal `:::` lines, into block quotes
// with a bold label (MkDocs' `!!! note "Title"` with its indented body too, and MkDocs content tabs
// `=== "Label"` into labelled sections, see convertTabs):
//
//	:::tip Title          > **Title**
//	Text.          →      > Text.
//	:::                   (an empty line)
//
// Each line stays on its line, so positions reported in the converted text are the file's lines; shift[i]
// is how many columns the text of line i+1 moved right (negative: left), to report the file's columns. Code
// blocks are left alone. It returns src itself and a nil shift when there is no admonition.
//
// Each open admonition prefixes every following line with "> ", so unclosed ones would make the text grow
// with the square of its length (40,000 lines of `:::tip`: 5.8 GB). Admonitions nested deeper than
// MaxNesting are refused with a *ComplexityError naming the line that opens one too many; the text then
// grows by at most 2×MaxNesting bytes a line. Both passes are linear and stop with ctx's error when ctx is
// done, so a caller's deadline bounds them.
func ConvertAdmonitions(ctx context.Context, src []byte) (out []byte, shift []int, err error) {
	if bytes.Contains(src, []byte("===")) {
		// MkDocs content tabs first: an admonition inside a tab is then at the start of its line.
		if src, shift, err = convertTabs(ctx, src); err != nil {
			return nil, nil, err
		}
	}
	if bytes.Contains(src, []byte("!!!")) || bytes.Contains(src, []byte("???")) {
		var sh []int
		if src, sh, err = convertMkDocs(ctx, src); err != nil {
			return nil, nil, err
		}
		shift = addShifts(shift, sh)
		if bytes.Contains(src, []byte("===")) {
			// tabs in an admonition's body, now quoted
			if src, sh, err = convertTabs(ctx, src); err != nil {
				return nil, nil, err
			}
			shift = addShifts(shift, sh)
		}
	}
	if !bytes.Contains(src, []byte(":::")) {
		return src, shift, nil
	}
	src = convertCodeGroups(src) // VitePress code groups are labelled code blocks, not admonitions
	src2, shift2, err := convertColons(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	if shift2 == nil {
		return src, shift, nil
	}
	return src2, addShifts(shift, shift2), nil
}

func init() {
	// MkDocs tabs and admonitions, VitePress code groups and `:::` admonitions are one step: each needs the
	// one before it done (an admonition inside a tab starts its line once the tab is unwrapped).
	RegisterText(TextConverter{Name: "admonitions", Order: 20, Admonition: true, Convert: ConvertAdmonitions})
}

// addShifts adds two conversions' column shifts (either may be nil: no change).
func addShifts(a, b []int) []int {
	if a == nil {
		return b
	}
	for i := range b {
		a[i] += b[i]
	}
	return a
}

// MaxAdmonitionGrowth is how many times its own length converting `:::` admonitions may add to a text. Real
// documents add a few percent (two bytes a line in an admonition, four in one nested in another).
const MaxAdmonitionGrowth = 2

// ctxEvery is how many lines the converters handle between two looks at their context.
const ctxEvery = 4096

func convertColons(ctx context.Context, src []byte) ([]byte, []int, error) {
	var shift []int
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/8)
	// Each line in n admonitions gains 2n bytes: with 100 open, 450,000 one-letter lines (900 KB) would be
	// 90 MB for goldmark to parse (gigabytes). The text may grow by MaxAdmonitionGrowth times its length.
	budget := (MaxAdmonitionGrowth+1)*len(src) + 64<<10
	var stack []int // colons of each open admonition
	var fence Fence
	var items itemContext
	ind := "" // the indentation of the outermost open admonition: a list item's content
	changed := false
	for n, rest := 0, src; len(rest) > 0; n++ {
		if n%ctxEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		line := rest
		nl := false
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest, nl = rest[:i], rest[i+1:], true
		} else {
			rest = nil
		}
		prefix := ind + strings.Repeat("> ", len(stack))
		body := line // behind the admonition's indentation
		if len(stack) > 0 {
			body = cutSpaces(line, len(ind))
		}
		shift = append(shift, len(prefix)-(len(line)-len(body)))
		if out.Len() > budget {
			return nil, nil, &ComplexityError{Line: n + 1, Reason: fmt.Sprintf("admonitions (`:::`) make the text more than %d times as long by here: the ones opened above are probably never closed (close each with a `:::` line)", MaxAdmonitionGrowth+1)}
		}
		text := string(line)
		trimmed := strings.TrimLeft(text, " ")
		switch {
		case len(stack) > 0 && fence.Open() && closesAround(trimmed, stack[len(stack)-1]):
			// a fence left open inside an admonition ends with it, as micromark's directive (and
			// markdown-it's container) checks for its closing line, of at least as many colons, before its
			// content: an admonition shows a `:::` line in its code only when it opens with more colons
			fence = Fence{}
			fallthrough
		case !fence.Open() && len(stack) > 0 && isCloser(trimmed, stack[len(stack)-1]):
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				ind = ""
			}
			out.WriteString(strings.TrimRight(ind+strings.Repeat("> ", len(stack)), " "))
			changed = true
		case fence.Line(text):
			writeQuoted(&out, prefix, body)
		default:
			m := admonitionRe.FindStringSubmatch(string(body))
			if !opensHere(m, len(stack) > 0, &items) {
				writeQuoted(&out, prefix, body)
				if len(stack) == 0 && len(bytes.TrimSpace(line)) > 0 {
					items.see(text)
				}
				break
			}
			if len(stack) == 0 {
				ind, prefix = m[1], m[1]
			}
			label := colonsLabel(m)
			if len(stack) >= MaxNesting {
				return nil, nil, &ComplexityError{Line: n + 1, Reason: fmt.Sprintf("admonitions (`:::`) nested more than %d deep: the ones opened above are probably never closed (close each with a `:::` line)", MaxNesting)}
			}
			out.WriteString(prefix + "> **" + label + "**")
			stack = append(stack, len(m[2]))
			changed = true
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	if !changed {
		return src, nil, nil
	}
	return out.Bytes(), shift, nil
}

// trailingAttrRe is an attribute list at the end of an admonition's title (`::: warning Class Support
// {#class-support}`, markdown-it-attrs): an anchor, not text.
var trailingAttrRe = regexp.MustCompile(`[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$`)

// colonsLabel is the label of the admonition admonitionRe matched: its [title] or the title after its
// type (without an attribute list), else its type ("Tip:").
func colonsLabel(m []string) string {
	label := strings.TrimSpace(trailingAttrRe.ReplaceAllString(m[4], ""))
	if label == "" {
		label = trailingAttrRe.ReplaceAllString(m[5], "")
	}
	if label == "" {
		label = capitalize(m[3]) + ":"
	}
	return label
}

// opensHere reports whether the line admonitionRe matched (m, nil: none) opens an admonition: indented at
// most three columns, or, outside any admonition, as a list item's content with spaces (a tab-indented line
// there is code).
func opensHere(m []string, inside bool, items *itemContext) bool {
	if m == nil {
		return false
	}
	cols, _ := indentation(m[1])
	return cols <= 3 || !inside && items.inItem(cols) && !strings.ContainsRune(m[1], '\t')
}

// cutSpaces is line without up to n leading spaces.
func cutSpaces(line []byte, n int) []byte {
	i := 0
	for i < n && i < len(line) && line[i] == ' ' {
		i++
	}
	return line[i:]
}

// isCloser reports whether a line closes an admonition opened with n colons (a closer has at least 3).
func isCloser(trimmed string, n int) bool {
	t := strings.TrimSpace(trimmed)
	return len(t) >= 3 && len(t) <= max(n, 3) && strings.Trim(t, ":") == ""
}

// closesAround reports whether a line closes an admonition opened with n colons whatever it holds: at least
// n colons and nothing else.
func closesAround(trimmed string, n int) bool {
	t := strings.TrimSpace(trimmed)
	return len(t) >= max(n, 3) && strings.Trim(t, ":") == ""
}

func writeQuoted(out *bytes.Buffer, prefix string, line []byte) {
	if prefix != "" && len(bytes.TrimSpace(line)) == 0 {
		out.WriteString(strings.TrimRight(prefix, " "))
		return
	}
	out.WriteString(prefix)
	out.Write(line)
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// mkdocsRe matches the opening line of an MkDocs admonition: `!!! note`, `!!! note "Title"`, `??? tip` and
// `???+ tip` (collapsible, pymdownx.details); more words after the type are classes (`!!! note annotate`,
// Material's `!!! info inline end`). It may be indented as the content of a list item (see itemContext).
//
// As Python-Markdown's expression (`(?:!!!|\?{3}\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$`), the space
// after the marker may be left out (`!!!note`), and a title runs to the last quote of its line (`"on the
// "jsonable" nature"`).
var mkdocsRe = regexp.MustCompile(`^((?:    )*)(?:!!!|\?\?\?\+?)[ \t]?([A-Za-z][\w-]*)(?:[ \t]+[A-Za-z][\w-]*)*(?:[ \t]+"(.*)")?[ \t]*$`)

// convertMkDocs converts MkDocs admonitions, whose body is the following lines indented by four spaces (or a
// tab), line for line. An admonition in the body of another is converted with it, one quote deeper.
func convertMkDocs(ctx context.Context, src []byte) ([]byte, []int, error) {
	return convertMkDocsAt(ctx, src, 0, 1)
}

// convertMkDocsAt converts src, whose first line is line line0 (0-based) of the file, at nesting depth. Each
// level of nesting costs a line four bytes of indentation, so converting every body again is linear in src.
func convertMkDocsAt(ctx context.Context, src []byte, line0, depth int) ([]byte, []int, error) {
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	c := &mkdocsConv{ctx: ctx, lines: lines, shift: make([]int, len(lines)), line0: line0, depth: depth}
	c.out.Grow(len(src) + len(src)/8)
	var fence Fence
	var items itemContext
	in, changed := false, false
	for i, l := range lines {
		if i%ctxEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		text := strings.TrimRight(l, "\n")
		nl := l[len(text):]
		if in {
			if strings.TrimSpace(text) == "" {
				if c.bodyGoesOn(i) {
					c.add(i, "\n", 0)
					continue
				}
				in = false
				if err := c.flush(); err != nil {
					return nil, nil, err
				}
				c.out.WriteString(l)
				continue
			}
			if rest, ok := c.indented(text); ok {
				c.add(i, rest+"\n", len(c.ind)+2-(len(text)-len(rest)))
				continue
			}
			in = false
			if err := c.flush(); err != nil {
				return nil, nil, err
			}
		}
		if !fence.Line(text) {
			if m := mkdocsRe.FindStringSubmatch(text); m != nil && items.inItem(len(m[1])) {
				if depth > MaxNesting {
					return nil, nil, &ComplexityError{Line: line0 + i + 1, Reason: fmt.Sprintf("MkDocs admonitions (`!!!`) nested more than %d deep", MaxNesting)}
				}
				label := m[3]
				if label == "" {
					label = capitalize(m[2]) + ":"
				}
				c.ind = m[1]
				c.out.WriteString(c.ind + "> **" + label + "**" + nl)
				in, changed = true, true
				continue
			}
			if strings.TrimSpace(text) != "" {
				items.see(text)
			}
		}
		c.out.WriteString(l)
	}
	if err := c.flush(); err != nil {
		return nil, nil, err
	}
	if !changed {
		return src, nil, nil
	}
	return []byte(c.out.String()), c.shift, nil
}

// indented cuts the indentation of an admonition's body (four spaces or a tab) from a line.
func indented(l string) (string, bool) {
	if strings.HasPrefix(l, "    ") {
		return l[4:], true
	}
	if strings.HasPrefix(l, "\t") {
		return l[1:], true
	}
	return l, false
}

// mkdocsConv is one level of convertMkDocsAt: the lines, what is written, and the body of the open
// admonition (its lines without their indentation, from line bodyAt on), converted for the admonitions
// nested in it and quoted when it ends.
type mkdocsConv struct {
	ctx          context.Context
	lines        []string
	shift        []int
	out          strings.Builder
	line0, depth int
	ind          string // the indentation of the open admonition's `!!!` line (in a list item)

	body            strings.Builder
	bodyAt, bodyLen int
	bodyShift       []int
	// next is the index of the first non-blank line after the current one (len(lines): none). It only
	// moves forward, so a run of blank lines is scanned once, not once per blank line.
	next int
}

// bodyGoesOn reports whether the blank line i stays inside the body: the body goes on after it.
func (c *mkdocsConv) bodyGoesOn(i int) bool {
	if c.next <= i {
		for c.next = i + 1; c.next < len(c.lines) && strings.TrimSpace(c.lines[c.next]) == ""; c.next++ {
		}
	}
	if c.next >= len(c.lines) {
		return false
	}
	_, ok := c.indented(c.lines[c.next])
	return ok
}

// indented cuts the indentation of the open admonition's body from a line: its `!!!` line's, and four
// spaces or a tab more.
func (c *mkdocsConv) indented(l string) (string, bool) {
	r, ok := strings.CutPrefix(l, c.ind)
	if !ok {
		return l, false
	}
	return indented(r)
}

func (c *mkdocsConv) add(i int, text string, shift int) {
	if c.bodyLen == 0 {
		c.bodyAt = i
	}
	c.body.WriteString(text)
	c.bodyShift = append(c.bodyShift, shift)
	c.bodyLen++
}

// flush converts the collected body and writes it quoted.
func (c *mkdocsConv) flush() error {
	if c.bodyLen == 0 {
		return nil
	}
	conv, sub, err := convertMkDocsAt(c.ctx, []byte(c.body.String()), c.line0+c.bodyAt, c.depth+1)
	if err != nil {
		return err
	}
	rest := string(conv)
	for k := 0; k < c.bodyLen && len(rest) > 0; k++ {
		text := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		i := c.bodyAt + k
		nl := "\n"
		if i == len(c.lines)-1 && !strings.HasSuffix(c.lines[i], "\n") {
			nl = ""
		}
		if strings.TrimSpace(text) == "" {
			c.out.WriteString(c.ind + ">" + nl)
			continue
		}
		c.out.WriteString(c.ind + "> " + text + nl)
		c.shift[i] = c.bodyShift[k]
		if sub != nil {
			c.shift[i] += sub[k]
		}
	}
	c.body.Reset()
	c.bodyLen, c.bodyShift = 0, c.bodyShift[:0]
	return nil
}
