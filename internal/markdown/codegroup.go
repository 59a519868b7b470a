package markdown

import (
	"bytes"
	"regexp"
	"strings"
)

var (
	codeGroupRe = regexp.MustCompile(`^ {0,3}:::[ \t]*code-group[ \t]*$`)
	// groupFenceRe is a fence line of a code group with its tab label: ```sh [npm]
	groupFenceRe = regexp.MustCompile("^( {0,3}(?:```|~~~)[^\\[`]*?)[ \\t]*\\[([^\\]]+)\\][ \\t]*(.*)$")
)

// convertCodeGroups turns VitePress' `::: code-group` (which the admonition converter would make a fake
// "Code-group" admonition of) into labelled code blocks: the container's lines become blank, and each
// block's label (```sh [npm]) is written in bold on the line before it when that line is blank (the
// label is then removed from the fence). Lines stay on their lines. It returns src itself when there is
// no code group.
func convertCodeGroups(src []byte) []byte {
	if !bytes.Contains(src, []byte("code-group")) {
		return src
	}
	lines := strings.SplitAfter(string(src), "\n")
	var fence Fence
	in, changed := false, false
	for i, l := range lines {
		body := strings.TrimRight(l, "\n")
		nl := l[len(body):]
		t := strings.TrimSpace(body)
		switch {
		case fence.Open():
			fence.Line(body)
		case !in && codeGroupRe.MatchString(body):
			lines[i], in, changed = nl, true, true
		case in && (t == ":::" || strings.HasPrefix(t, ":::") && strings.Trim(t, ":") == ""):
			lines[i], in = nl, false
		case fence.Line(body):
			if m := groupFenceRe.FindStringSubmatch(body); in && m != nil && i > 0 && strings.TrimSpace(lines[i-1]) == "" {
				lines[i-1] = "**" + m[2] + "**" + strings.TrimLeft(lines[i-1], " \t")
				lines[i] = strings.TrimRight(m[1]+" "+m[3], " ") + nl
			}
		}
	}
	if !changed {
		return src
	}
	return []byte(strings.Join(lines, ""))
}
