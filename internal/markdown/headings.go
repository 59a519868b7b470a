package markdown

import (
	"bytes"
	"context"
	"regexp"
)

// headingAttrRe matches an ATX heading line that ends with an attribute list: an id `{#install}`, classes
// `{ .beta }`, MkDocs' `{: #id }`, or several.
var headingAttrRe = regexp.MustCompile(`(?m)^( {0,3}#{1,6}[ \t].*?)[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$`)

// anchorLineRe matches a line that is only an anchor: an attribute list alone (`{#projects-config}`,
// markdown-it-attrs in VitePress) or mkdocs-autorefs' empty link with one (`[](){#pattern-note}`).
var anchorLineRe = regexp.MustCompile(`^[ \t]*(?:\[\]\(\))?\{:?[ \t]*#[^{}\n]*\}[ \t]*\r?\n?$`)

// ConvertHeadingAttrs removes the attribute lists that Docusaurus, MkDocs and Hugo put after a heading
// (`## Install {#install}`), and the lines that are only an anchor (`{#id}`, `[](){#id}`): Atender would show
// them as text. The heading's text stays where it was (the list is at the end of its line; an anchor's line
// is left empty), so every position in the result is the file's. Code blocks are left alone. It returns src
// itself when there is none.
func ConvertHeadingAttrs(src []byte) []byte {
	if !bytes.Contains(src, []byte("{")) || !hasHeadingAttrs(src) {
		return src
	}
	var out bytes.Buffer
	out.Grow(len(src))
	var fence Fence
	code := indentedCode(src)
	for n, rest := 0, src; len(rest) > 0; n++ {
		var line []byte
		line, rest = CutLine(rest)
		if !fence.LineBytes(line) {
			if m := headingAttrRe.FindSubmatchIndex(line); isAttrHeading(line) && m != nil {
				out.Write(line[:m[3]])
				out.Write(line[m[1]:]) // the newline
				continue
			}
			if isAnchorLine(line) && !code[n] {
				out.Write(line[len(bytes.TrimRight(line, "\r\n")):])
				continue
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}

// isAttrHeading is the cheap test in front of headingAttrRe: a line that starts with '#' (after at most three
// spaces) and ends with '}'.
func isAttrHeading(line []byte) bool {
	t := bytes.TrimRight(line, " \t\n")
	l := bytes.TrimLeft(t, " ")
	return len(l) > 0 && l[0] == '#' && len(t)-len(l) <= 3 && t[len(t)-1] == '}'
}

// hasHeadingAttrs reports whether some line of src is a heading with an attribute list.
func hasHeadingAttrs(src []byte) bool {
	for rest := src; len(rest) > 0; {
		var line []byte
		line, rest = CutLine(rest)
		if isAttrHeading(line) && headingAttrRe.Match(line) || isAnchorLine(line) {
			return true
		}
	}
	return false
}

func init() {
	RegisterText(TextConverter{Name: "heading-attrs", Order: 10, Convert: func(_ context.Context, src []byte) ([]byte, []int, error) {
		return ConvertHeadingAttrs(src), nil, nil
	}})
}

// isAnchorLine reports whether a line is only an anchor (anchorLineRe, behind a cheap test).
func isAnchorLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) > 2 && t[len(t)-1] == '}' && (t[0] == '{' || t[0] == '[') && anchorLineRe.Match(line)
}
