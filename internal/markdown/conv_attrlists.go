package markdown

import (
	"bytes"
	"context"
	"regexp"
)

// Python-Markdown's attr_list (MkDocs, Material) and markdown-it-attrs (VitePress) put attribute lists right
// after an inline element: a button `[Subscribe](…){ .md-button }`, a picture `![x](x.png){ width="300" }`,
// bold text `__Update__{ title="August 21, 2024" }`. They style the element; Atender would show them as
// text. They are removed, outside code; a title (hover text, which the reader sees) is kept in parentheses.
// Icons' attribute lists go with their icons (conv_icons.go), headings' with heading-attrs.

// inlineAttrRe is an attribute list right after the end of a link, an image, strong emphasis or code: one or
// more `.class`, `#id` or `key=value` of an HTML attribute (the value quoted or a word), in braces, `{:`
// allowed. After one `_` or `*` it is no list: LaTeX writes `\sum_{i=1}` so.
var inlineAttrRe = regexp.MustCompile("([)\\]`]|\\*\\*|__)\\{:?[ \\t]*" + attrItem + "(?:[ \\t]+" + attrItem + ")*[ \\t]*\\}")

const attrItem = `(?:[.#][\w-]+|(?:title|width|height|align|loading|target|rel|style|lang|data-[\w-]+)=(?:"[^"\n]*"|'[^'\n]*'|[\w.%-]+))`

var attrTitleRe = regexp.MustCompile(`(?:^|[ \t{:])title=(?:"([^"\n]*)"|'([^'\n]*)')`)

func init() {
	RegisterText(TextConverter{Name: "inline-attrs", Order: 11, Convert: func(ctx context.Context, src []byte) ([]byte, []int, error) {
		return convertInlineAttrs(src), nil, nil
	}})
}

// convertInlineAttrs removes the attribute lists after inline elements, line by line, outside code fences
// and code spans. Each line keeps its line; what follows a removed list moves left on it, which the
// diagnostics of a page with one do not account for (they are rare, and at their end of line).
func convertInlineAttrs(src []byte) []byte {
	if !bytes.Contains(src, []byte("){")) && !bytes.Contains(src, []byte("]{")) && !bytes.Contains(src, []byte("*{")) &&
		!bytes.Contains(src, []byte("_{")) && !bytes.Contains(src, []byte("`{")) {
		return src
	}
	var out bytes.Buffer
	var fence Fence
	changed := false
	code := indentedCode(src)
	for n, rest := 0, src; len(rest) > 0; n++ {
		var line []byte
		line, rest = CutLine(rest)
		if fence.LineBytes(QuotePrefixed(line)) || code[n] || !bytes.Contains(line, []byte("{")) {
			out.Write(line)
			continue
		}
		last, seen, runs := 0, 0, 0
		for _, m := range inlineAttrRe.FindAllSubmatchIndex(line, -1) {
			runs += backtickRuns(line, seen, m[3])
			if seen = m[3]; runs%2 == 1 {
				continue // inside a code span
			}
			out.Write(line[last:m[3]])
			if t := attrTitleRe.FindSubmatch(line[m[3]:m[1]]); t != nil {
				out.WriteString(" (" + escapeText(string(t[1])+string(t[2])) + ")")
			}
			last, changed = m[1], true
		}
		out.Write(line[last:])
	}
	if !changed {
		return src
	}
	return out.Bytes()
}

// backtickRuns counts the runs of backticks that start in line[from:to]: an odd count before a place puts it
// inside a code span.
func backtickRuns(line []byte, from, to int) int {
	runs := 0
	for i := from; i < to; i++ {
		if line[i] == '`' && (i == 0 || line[i-1] != '`') {
			runs++
		}
	}
	return runs
}

// QuotePrefixed is line behind its block-quote prefix, if any.
func QuotePrefixed(line []byte) []byte {
	return line[len(QuotePrefix(line)):]
}
