package report

import (
	"fmt"
	"strings"

	"github.com/atender/atender/internal/escape"
)

// maxArticleDiffBytes bounds one article's diff in the summary, beside maxDiffLines (a minified line).
const maxArticleDiffBytes = 32 << 10

// diffsMarkdown shows, with --diff, each changed article's diff in its own folded block, cut at
// maxDiffLines lines (or maxArticleDiffBytes), and all of them together at maxDiffBytes; the result JSON
// has every diff whole. More than visibleRows blocks fold into one, so the diffs take one line in view.
func diffsMarkdown(b *strings.Builder, articles []ArticleResult) {
	var with []ArticleResult
	for _, a := range articles {
		if a.Diff != "" {
			with = append(with, a)
		}
	}
	if len(with) == 0 {
		return
	}
	var blocks strings.Builder
	for i, a := range with {
		block := diffBlock(a)
		if blocks.Len()+len(block) > maxDiffBytes {
			n := len(with) - i
			fmt.Fprintf(&blocks, "…and %d more %s not shown here (a job summary's size is bounded): the result JSON (output `result-json`) has every diff whole, as `articles[].diff`\n\n",
				n, plural(n, "diff", "diffs"))
			break
		}
		blocks.WriteString(block)
	}
	fmt.Fprintf(b, "### Diffs (%d)\n\n", len(with))
	if len(with) <= visibleRows {
		b.WriteString(blocks.String())
		return
	}
	fmt.Fprintf(b, "<details><summary>The diffs of %d articles, one block each</summary>\n\n%s</details>\n\n", len(with), blocks.String())
}

// diffBlock is one article's diff as a folded block: its file, slug, changed fields and line counts in
// view, the diff (cut short when long) inside.
func diffBlock(a ArticleResult) string {
	lines := strings.SplitAfter(strings.TrimSuffix(a.Diff, "\n"), "\n")
	added, removed := 0, 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "--- "):
		case strings.HasPrefix(l, "+"):
			added++
		case strings.HasPrefix(l, "-"):
			removed++
		}
	}
	shown, size := 0, 0
	for shown < len(lines) && shown < maxDiffLines && size+len(lines[shown]) <= maxArticleDiffBytes {
		size += len(lines[shown])
		shown++
	}
	what := ""
	if a.Action == "conflict" {
		what = "conflict, Atender's text against the file: "
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<details><summary>%s → %s: %s%s (+%d −%d)</summary>\n\n", escape.HTMLCode(a.Path), escape.HTMLCode(a.Slug), what,
		strings.Join(a.Fields, ", "), added, removed)
	b.WriteString(escape.MarkdownCodeBlock("diff", strings.Join(lines[:shown], "")))
	if rest := len(lines) - shown; rest > 0 {
		fmt.Fprintf(&b, "\n…%d more %s: the whole diff is in the result JSON (output `result-json`), as `articles[].diff`\n", rest, plural(rest, "line", "lines"))
	}
	b.WriteString("\n</details>\n\n")
	return b.String()
}
