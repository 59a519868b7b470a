package report

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/atender/atender/internal/escape"
)

// The job summary's bounds. What a reader needs first (the counts, the failures, why a run stopped) stays
// in view; a long table or list folds into a <details> block whose one line says what it holds. GitHub
// refuses a step's summary over 1 MiB, so the failures, the article rows and the diffs each have a share
// of it (the result JSON has them all).
const (
	// visibleRows: a table or list of more rows than this is folded.
	visibleRows = 10
	// visibleFailures: failures shown in view before the rest fold.
	visibleFailures = 20
	// maxFailureBytes and maxArticleBytes: the rows of the failures and of the changed articles.
	maxFailureBytes = 192 << 10
	maxArticleBytes = 320 << 10
	// maxObjectBytes: the list of categories, subcategories and tags, and that of the warnings.
	maxObjectBytes = 64 << 10
	// maxTextRunes: one message from a server or a file in a row (the result JSON has it whole).
	maxTextRunes = 500
	// maxDiffLines: lines of one article's diff in the summary; maxDiffBytes: of all diffs together.
	maxDiffLines = 200
	maxDiffBytes = 256 << 10
)

// capRows are the first rows that fit in budget bytes, and how many are left out.
func capRows(rows []string, budget int) (kept []string, left int) {
	size := 0
	for i, r := range rows {
		if size+len(r) > budget {
			return rows[:i], len(rows) - i
		}
		size += len(r)
	}
	return rows, 0
}

// GitHubSummary renders the Markdown job summary of a sync: the counts and the failures first, then the
// articles, categories and tags, the diffs (--diff) and the tree's problems, folded when long; ann is what
// this step wrote as annotations, for the footer that says when GitHub shows only some of them.
func GitHubSummary(r *SyncResult, ann AnnotationCount) string {
	var b strings.Builder
	title := "atender kb sync"
	if r.DryRun {
		title += " — plan (dry run)"
	}
	fmt.Fprintf(&b, "## %s\n\n", title)
	if r.Error != nil {
		// The sync stopped before it had a result: the reason comes first, then what to do.
		fmt.Fprintf(&b, "**Failed** (%s): %s\n\n", escape.MarkdownCode(r.Error.Code), escape.Markdown(r.Error.Message))
		if r.Error.Hint != "" {
			fmt.Fprintf(&b, "What to do: %s\n\n", escape.Markdown(r.Error.Hint))
		}
	}
	b.WriteString(keyCannotWriteMarkdown(r.KeyCannotWrite))
	countsMarkdown(&b, r)
	failuresMarkdown(&b, r)
	b.WriteString(leftAloneMarkdown(r.LeftAlone))
	if r.Pages != nil && r.Pages.Notable() {
		fmt.Fprintf(&b, "%s\n\n", escape.Markdown(r.Pages.String()))
	}
	articlesMarkdown(&b, r)
	objectsMarkdown(&b, r)
	diffsMarkdown(&b, r.Articles)
	if len(r.Diagnostics) > 0 {
		b.WriteString(DiagnosticsMarkdown(r.Diagnostics, func(p string) string { return p }))
	}
	if len(r.Warnings) > 0 {
		rows := make([]string, len(r.Warnings))
		for i, w := range r.Warnings {
			rows[i] = fmt.Sprintf("- %s\n", escape.Markdown(cut(w)))
		}
		b.WriteString("\n**Warnings**\n\n")
		b.WriteString(Table(fmt.Sprintf("%d warnings", len(r.Warnings)), "", rows, maxObjectBytes, "warnings", "the result JSON (output `result-json`) lists every one"))
	}
	fmt.Fprintf(&b, "\n<sub>%d requests in %.1fs against %s</sub>\n", r.Requests, float64(r.DurationMs)/1000, escape.Markdown(r.BaseURL))
	b.WriteString(ann.overflowMarkdown("the failures are in the tables above and in the result JSON (output `result-json`)"))
	return b.String()
}

// fold writes body, rows lines of Markdown, in view when it is short, else in a <details> block whose
// summary (the program's own words, never a file's or a server's) says what it holds.
func fold(b *strings.Builder, summary, body string, rows int) {
	if rows <= visibleRows {
		b.WriteString(body)
		b.WriteString("\n")
		return
	}
	fmt.Fprintf(b, "<details><summary>%s</summary>\n\n%s\n</details>\n\n", summary, body)
}

// countsMarkdown is the counts table, then what did not simply succeed: unknown outcomes, conflicts, and
// why the run stopped early.
func countsMarkdown(b *strings.Builder, r *SyncResult) {
	c := r.Counts
	fmt.Fprintf(b, "| created | updated | unchanged | archived | deleted | failed |\n|---:|---:|---:|---:|---:|---:|\n| %d | %d | %d | %d | %d | %d |\n\n", c.Created, c.Updated, c.Unchanged, c.Archived, c.Deleted, c.Failed)
	if c.Unknown > 0 {
		fmt.Fprintf(b, "**%d unknown** (outcome unknown: the server answered a create with a reply atender could not read, and the listing afterwards does not show it; it may exist in Atender: check its URL before rerunning)\n\n", c.Unknown)
	}
	if c.Conflicts > 0 {
		fmt.Fprintf(b, "**%d %s** (edited in Atender since the last sync; left untouched)\n\n", c.Conflicts, plural(c.Conflicts, "conflict", "conflicts"))
	}
	if r.Stopped != "" {
		fmt.Fprintf(b, "**Stopped:** %s\n\n", escape.Markdown(r.Stopped))
	}
	if r.PruneCancelled != "" {
		fmt.Fprintf(b, "**Prune cancelled:** %s\n\n", escape.Markdown(r.PruneCancelled))
	}
	if r.Interrupted {
		b.WriteString("**Interrupted**: rerun to finish.\n\n")
	}
}

const articleHeader = "| action | article | file | changed fields | result |\n|---|---|---|---|---|\n"

// failed reports whether an article's row belongs among the failures (a conflict is not one).
func (a ArticleResult) failed() bool {
	return a.Action != "conflict" && (a.Result == "failed" || a.Result == "unknown")
}

// failuresMarkdown lists every failed article, category and tag, the first in view and the rest folded.
func failuresMarkdown(b *strings.Builder, r *SyncResult) {
	var rows []string
	for _, o := range append(append([]ObjectResult{}, r.Categories...), r.Tags...) {
		if o.Result == "failed" {
			rows = append(rows, fmt.Sprintf("| %s | %s %s |  | %s | %s |\n", o.Action, escape.Markdown(o.Title), escape.MarkdownCode(o.Slug),
				strings.Join(o.Fields, ", "), failureText(o.Result, o.Error, o.RequestID)))
		}
	}
	for _, a := range r.Articles {
		if a.failed() {
			rows = append(rows, articleRow(a))
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(b, "### Failed (%d)\n\n", len(rows))
	rowsInView(b, articleHeader, rows, "failures", "the result JSON (output `result-json`) lists every one")
}

// rowsInView writes a table's header and its first visibleFailures rows in view, and the rest folded under
// "N more <noun>", cut at maxFailureBytes with where every one is (everyOne).
func rowsInView(b *strings.Builder, header string, rows []string, noun, everyOne string) {
	shown := min(len(rows), visibleFailures)
	b.WriteString(header)
	b.WriteString(strings.Join(rows[:shown], ""))
	b.WriteString("\n")
	rest := rows[shown:]
	if len(rest) == 0 {
		return
	}
	kept, left := capRows(rest, maxFailureBytes)
	more := ""
	if left > 0 {
		more = fmt.Sprintf("\n…and %d more %s: %s\n", left, noun, everyOne)
	}
	fmt.Fprintf(b, "<details><summary>%d more %s</summary>\n\n%s%s%s\n</details>\n\n", len(rest), noun, header, strings.Join(kept, ""), more)
}

// cut is s up to maxTextRunes runes, "…" marking a cut: a server's message can be any length.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxTextRunes {
		return s
	}
	return string([]rune(s)[:maxTextRunes]) + "…"
}

// failureText is the result cell of a failure: the error (cut at maxTextRunes), and the request id when the
// error lacks it.
func failureText(result, err, requestID string) string {
	res := "failed: " + escape.Markdown(cut(err))
	if result == "unknown" {
		res = "unknown: " + escape.Markdown(cut(err))
	}
	if requestID != "" && !strings.Contains(err, requestID) {
		res += " (request " + escape.MarkdownCode(requestID) + ")"
	}
	return res
}

// articleRow is an article's row of the summary's tables.
func articleRow(a ArticleResult) string {
	res := a.Result
	switch {
	case a.Action == "conflict":
		res = "conflict: left untouched (`atender kb pull DIR --conflicts` brings in the Atender version)"
	case a.Error != "":
		res = failureText(a.Result, a.Error, a.RequestID)
	}
	title := escape.Markdown(a.Title)
	if u := escape.MarkdownURL(a.URL); u != "" {
		title = "[" + title + "](" + u + ")"
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s |\n", a.Action, title, pathCell(a.Path), strings.Join(a.Fields, ", "), res)
}

// pathCell is a file's path in a table: a code span, where GitHub reads no mention or reference, so the
// path is the exact text to copy (Markdown's escapes would put a zero-width space after an @ or a #).
func pathCell(p string) string {
	if p == "" {
		return ""
	}
	return escape.MarkdownCode(p)
}

// articlesMarkdown is the table of every changed article that did not fail (the failures are listed
// first), folded when long, with the count of each action in its one line.
func articlesMarkdown(b *strings.Builder, r *SyncResult) {
	var rows []ArticleResult
	byAction := map[string]int{}
	for _, a := range r.Articles {
		if a.Action != "unchanged" && !a.failed() {
			rows = append(rows, a)
			byAction[a.Action]++
		}
	}
	if len(rows) == 0 {
		return
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Action < rows[j].Action })
	lines := make([]string, len(rows))
	for i, a := range rows {
		lines[i] = articleRow(a)
	}
	actions := make([]string, 0, len(byAction))
	for act, n := range byAction {
		actions = append(actions, fmt.Sprintf("%d %s", n, act))
	}
	sort.Strings(actions)
	b.WriteString(Table(fmt.Sprintf("Articles: %d %s (%s)", len(rows), plural(len(rows), "change", "changes"), strings.Join(actions, ", ")),
		articleHeader, lines, maxArticleBytes, "articles", "the result JSON (output `result-json`) lists every one"))
}

// Table is a Markdown table (header and rows, each ending in a line break; a list has no header) for a job
// summary, an issue or a pull-request comment: in view when it has at most 10 rows, else folded under summary (the program's own
// words); its rows stop at budget bytes, followed by "…and N more <noun>: <everyOne>".
func Table(summary, header string, rows []string, budget int, noun, everyOne string) string {
	kept, left := capRows(rows, budget)
	var t strings.Builder
	t.WriteString(header)
	t.WriteString(strings.Join(kept, ""))
	if left > 0 {
		fmt.Fprintf(&t, "\n…and %d more %s: %s\n", left, noun, everyOne)
	}
	var b strings.Builder
	fold(&b, summary, t.String(), len(rows))
	return b.String()
}

// objectsMarkdown lists the categories, subcategories and tags the run creates or updates, folded when long.
func objectsMarkdown(b *strings.Builder, r *SyncResult) {
	objs := append(append([]ObjectResult{}, r.Categories...), r.Tags...)
	if len(objs) == 0 {
		return
	}
	rows := make([]string, len(objs))
	for i, o := range objs {
		rows[i] = fmt.Sprintf("- %s %s (%s): %s\n", o.Action, escape.MarkdownCode(o.Slug), escape.Markdown(o.Title), o.Result)
	}
	b.WriteString(Table(fmt.Sprintf("Categories, subcategories and tags: %d", len(objs)), "", rows, maxObjectBytes,
		"categories, subcategories and tags", "the result JSON (output `result-json`) lists every one"))
}

// GitHubOutputs are the step outputs of a sync, one name=value a line (conflicts: articles edited in
// Atender and left untouched; unknown: creates whose outcome is unknown; result-json and summary-md: the
// paths of the result file and of the job summary's Markdown, when written); error is the code of the error
// that stopped the sync before it had a result (see ErrorInfo), absent otherwise.
func GitHubOutputs(r *SyncResult, resultPath, summaryPath string) string {
	c := r.Counts
	path := func(p string) string { return escape.Terminal(strings.ReplaceAll(p, "\n", " ")) }
	out := fmt.Sprintf("created=%d\nupdated=%d\nunchanged=%d\narchived=%d\ndeleted=%d\nfailed=%d\nconflicts=%d\nunknown=%d\nresult-json=%s\n",
		c.Created, c.Updated, c.Unchanged, c.Archived, c.Deleted, c.Failed, c.Conflicts, c.Unknown, path(resultPath))
	if summaryPath != "" {
		out += "summary-md=" + path(summaryPath) + "\n"
	}
	if r.Error != nil {
		out += "error=" + escape.Terminal(strings.ReplaceAll(r.Error.Code, "\n", " ")) + "\n"
	}
	return out
}
