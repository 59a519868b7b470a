package markdown

import (
	"bytes"
	"context"
	"regexp"
	"strings"
)

// Icons are decoration that Atender cannot show: Starlight's and Mintlify's <Icon name="…"/> (<Icon
// icon="…"/>) and the icon shortcodes of MkDocs Material (:material-check:, :octicons-…:, :fontawesome-…:,
// :simple-…:) are removed. An <Icon> with a label (Starlight's accessible name: label="The rule has a safe
// fix") leaves its label, the text a screen reader says in its place; Material's check and close marks,
// which say yes and no in tables, leave ✓ and ✗. The summary counts them all as icons.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Icon"}, Count: "icons", Convert: convertIcon})
	RegisterText(TextConverter{Name: "icons", Order: 40, Convert: removeIconShortcodes})
}

func convertIcon(x *Editor, e *Element) {
	label := escapeText(strings.Join(strings.Fields(e.Open.String("label")), " "))
	if e.Close != nil {
		x.ReplaceElement(e, label)
		return
	}
	start, end := e.Open.Start, e.Open.End
	if label == "" {
		// "Click <Icon name="x" /> here" reads "Click here", not "Click  here"
		if start > 0 && end < len(x.src) && x.src[start-1] == ' ' && (x.src[end] == ' ' || x.src[end] == '\n') {
			start--
		}
	}
	x.Replace(start, end, label)
}

// iconShortcodeRe is a Material icon shortcode, with the attribute list that may follow it
// (:material-clock-fast:{ .lg .middle }).
var iconShortcodeRe = regexp.MustCompile(`[ \t]?:(?:material|octicons|fontawesome|simple)-[\w-]+:(?:\{[^{}\n]*\})?`)

// iconMarks are the icons that stand for a word: yes and no in a table of features.
var iconMarks = map[string]string{":material-check:": "✓", ":material-check-bold:": "✓", ":material-close:": "✗"}

// removeIconShortcodes removes the icon shortcodes of src outside code; lines stay on their lines.
func removeIconShortcodes(ctx context.Context, src []byte) ([]byte, []int, error) {
	// The regexp has no literal prefix (it starts with an optional space), so it is only run on a page that
	// holds one of the icon sets' names: else it backtracks at every byte of every page.
	if !hasIconSet(src) || !iconShortcodeRe.Match(src) {
		return src, nil, nil
	}
	var out bytes.Buffer
	out.Grow(len(src))
	var fence Fence
	n := 0
	for rest := src; len(rest) > 0; n++ {
		if n%ctxEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		var line []byte
		line, rest = CutLine(rest)
		if fence.LineBytes(line) {
			out.Write(line)
			continue
		}
		out.Write(replaceOutsideSpans(line, iconShortcodeRe, iconMark))
	}
	return out.Bytes(), nil, nil
}

// hasIconSet reports whether src names one of the icon sets of iconShortcodeRe.
func hasIconSet(src []byte) bool {
	for _, set := range []string{":material-", ":octicons-", ":fontawesome-", ":simple-"} {
		if bytes.Contains(src, []byte(set)) {
			return true
		}
	}
	return false
}

// iconMark is what an icon shortcode leaves: a mark for yes and no, else nothing (the space before it
// included, so that "Fast :material-clock:" does not end in a space, but "| :material-check: |" keeps its
// cell's spacing).
func iconMark(m []byte) []byte {
	code := strings.TrimLeft(string(m), " \t")
	if i := strings.IndexByte(code[1:], ':'); i >= 0 {
		code = code[:i+2]
	}
	if mark, ok := iconMarks[code]; ok {
		return []byte(string(m[:len(m)-len(strings.TrimLeft(string(m), " \t"))]) + mark)
	}
	return nil
}

// replaceOutsideSpans replaces the matches of re in line that stand outside `code spans` with what repl
// makes of them.
func replaceOutsideSpans(line []byte, re *regexp.Regexp, repl func([]byte) []byte) []byte {
	all := re.FindAllIndex(line, -1)
	if all == nil {
		return line
	}
	code := codeSpans(line)
	var out []byte
	last := 0
	for _, m := range all {
		if inSpans(code, m[0]) {
			continue
		}
		out = append(out, line[last:m[0]]...)
		out = append(out, repl(line[m[0]:m[1]])...)
		last = m[1]
	}
	return append(out, line[last:]...)
}

// codeSpans are the byte ranges of the `code spans` of one line (a run of backticks to the next run as
// long).
func codeSpans(line []byte) [][2]int {
	var spans [][2]int
	for i := 0; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		run := line[i:j]
		k := bytes.Index(line[j:], run)
		if k < 0 {
			i = j
			continue
		}
		spans = append(spans, [2]int{i, j + k + len(run)})
		i = j + k + len(run)
	}
	return spans
}

func inSpans(spans [][2]int, off int) bool {
	for _, s := range spans {
		if off >= s[0] && off < s[1] {
			return true
		}
	}
	return false
}
