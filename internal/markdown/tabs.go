package markdown

import (
	"context"
	"regexp"
	"strings"
)

// tabRe matches the opening line of an MkDocs content tab (pymdownx.tabbed): `=== "Linux"`, `===! "A"`,
// `===+ "B"`.
// A tab may stand in a block quote (an admonition's body, once converted): its content then has the same
// `> ` prefix; and in a list item or a definition, indented as its content (see itemContext).
//
// The quote may itself be indented as a list item's content: an admonition converted in a list item
// (`    > === "Annotated pattern"`, pydantic's validators.md).
var tabRe = regexp.MustCompile(`^((?:(?:    )+> ?)?(?:> ?)*)((?:    )*)===[!+]?[ \t]+"([^"]*)"[ \t]*$`)

// maxTabNesting bounds how many times tabs inside tabs are unwrapped.
const maxTabNesting = 8

// convertTabs turns MkDocs content tabs, which Atender would show as a literal `=== "Linux"` line over a code
// block (their content is indented), into labelled sections: the label in bold on the tab's line, the
// content unindented below it, code kept as code. Tabs inside tabs are unwrapped in turn. Lines stay on
// their lines; shift[i] is how many columns the text of line i+1 moved right (negative: left). It returns
// src itself and a nil shift when there is no tab.
func convertTabs(ctx context.Context, src []byte) ([]byte, []int, error) {
	var shift []int
	for range maxTabNesting {
		out, sh, err := convertTabsOnce(ctx, src)
		if err != nil {
			return nil, nil, err
		}
		if sh == nil {
			break
		}
		if shift == nil {
			shift = sh
		} else {
			for i := range shift {
				shift[i] += sh[i]
			}
		}
		src = out
	}
	return src, shift, nil
}

func convertTabsOnce(ctx context.Context, src []byte) ([]byte, []int, error) {
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	shift := make([]int, len(lines))
	var out strings.Builder
	out.Grow(len(src))
	var fence Fence
	var items itemContext
	code := indentedCode(src) // an indented code block showing a tab shows it as written
	in, changed := false, false
	var tb tabBody
	next := 0 // the first non-blank line after the current one, as in convertMkDocs
	for i, l := range lines {
		if i%ctxEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		body := strings.TrimRight(l, "\n")
		nl := l[len(body):]
		if in {
			if tb.blank(l) {
				if next <= i {
					for next = i + 1; next < len(lines) && tb.blank(lines[next]); next++ {
					}
				}
				if next < len(lines) && tb.indented(lines[next]) {
					out.WriteString(l)
					continue
				}
				in = false
				out.WriteString(l)
				continue
			}
			if rest, cut := tb.unindent(body); cut > 0 {
				out.WriteString(tb.pre + rest + nl)
				shift[i] = -cut
				continue
			}
			in = false
		}
		if !fence.Line(body) {
			if m := tabRe.FindStringSubmatch(body); m != nil && items.inItem(len(m[2])) && !(i < len(code) && code[i]) {
				tb = tabBody{pre: m[1], ind: m[2]}
				out.WriteString(tb.pre + tb.ind + "**" + m[3] + "**" + nl)
				shift[i] = 2 - strings.Index(body, `"`) - 1 + len(tb.pre) + len(tb.ind)
				in, changed = true, true
				continue
			}
			if r := body[len(QuotePrefix([]byte(body))):]; strings.TrimSpace(r) != "" {
				items.see(r)
			}
		}
		out.WriteString(l)
	}
	if !changed {
		return src, nil, nil
	}
	return []byte(out.String()), shift, nil
}

// tabBody reads the lines of a tab's content: indented under its `===` line (which is indented by ind),
// behind the same quote prefix.
type tabBody struct{ pre, ind string }

// inner is a line without the tab's quote prefix; ok says it has the prefix (a blank quoted line is ">").
func (tb tabBody) inner(body string) (string, bool) {
	if tb.pre == "" {
		return body, true
	}
	if strings.HasPrefix(body, tb.pre) {
		return body[len(tb.pre):], true
	}
	if strings.TrimSpace(body) == strings.TrimSpace(tb.pre) {
		return "", true
	}
	return body, false
}

func (tb tabBody) blank(l string) bool {
	r, ok := tb.inner(strings.TrimRight(l, "\n"))
	return ok && strings.TrimSpace(r) == ""
}

func (tb tabBody) indented(l string) bool {
	_, cut := tb.unindent(strings.TrimRight(l, "\n"))
	return cut > 0
}

// unindent is a content line without its prefix and the tab's own indent (the indent of the `===` line is
// kept), and how many columns that took (0: the line is not the tab's content).
func (tb tabBody) unindent(body string) (string, int) {
	r, ok := tb.inner(body)
	if !ok {
		return body, 0
	}
	r, ok = strings.CutPrefix(r, tb.ind)
	if !ok {
		return body, 0
	}
	if rest, ok := strings.CutPrefix(r, "    "); ok {
		return tb.ind + rest, 4
	}
	if rest, ok := strings.CutPrefix(r, "\t"); ok {
		return tb.ind + rest, 1
	}
	return body, 0
}
