// Package report renders results for their reader: text for people, JSON for machines, and GitHub
// workflow commands (annotations, job summary, step outputs) inside GitHub Actions. The mode is chosen once.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/findup"
)

// DiagnosticsJSON is the --output json shape of `kb validate`.
type DiagnosticsJSON struct {
	SchemaVersion int               `json:"schemaVersion"`
	Root          string            `json:"root"`
	Files         int               `json:"files"`
	Articles      int               `json:"articles"`
	Skipped       int               `json:"skipped"`
	Errors        int               `json:"errors"`
	Warnings      int               `json:"warnings"`
	Diagnostics   []docs.Diagnostic `json:"diagnostics"`
	// Pages says what became of the pages: read, articles, left out by reason, converted, warned about.
	Pages docs.PageCounts `json:"pages"`
}

// DiagnosticsOf is the JSON view of a tree's diagnostics.
func DiagnosticsOf(t *docs.Tree) DiagnosticsJSON {
	d := t.Diagnostics
	if d == nil {
		d = []docs.Diagnostic{}
	}
	return DiagnosticsJSON{SchemaVersion: SchemaVersion, Root: t.Root, Files: t.Files, Articles: len(t.Pages), Skipped: t.Skipped, Errors: t.Errors(), Warnings: t.Warnings(), Diagnostics: d, Pages: t.PageCounts()}
}

// Summary is the one-line verdict on a tree.
func Summary(t *docs.Tree) string {
	files := t.Files
	s := fmt.Sprintf("%d %s checked", files, plural(files, "file", "files"))
	if t.Skipped > 0 {
		s += fmt.Sprintf(" (%d skipped)", t.Skipped)
	}
	s += fmt.Sprintf(": %d %s, %d %s", t.Errors(), plural(t.Errors(), "error", "errors"), t.Warnings(), plural(t.Warnings(), "warning", "warnings"))
	if t.Errors() > 0 {
		s += "; nothing was sent"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// RepoPath turns a path relative to the docs folder into one relative to the repository root, so GitHub
// places the annotation on the file in the pull request.
func RepoPath(docsRoot, rel, repoRoot string) string {
	if repoRoot == "" {
		return filepath.ToSlash(filepath.Join(docsRoot, rel))
	}
	abs, err := filepath.Abs(filepath.Join(docsRoot, filepath.FromSlash(rel)))
	if err != nil {
		return rel
	}
	r, err := filepath.Rel(repoRoot, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(filepath.Join(docsRoot, rel))
	}
	return filepath.ToSlash(r)
}

// RepoRoot finds the repository root: workspace ($GITHUB_WORKSPACE, runenv.Env.Workspace) when set, else
// the nearest folder above dir with a .git.
func RepoRoot(workspace, dir string) string {
	if w := workspace; w != "" {
		if abs, err := filepath.Abs(w); err == nil {
			return abs
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return findup.RepoRoot(abs)
}

// WriteJSON writes v as indented JSON, bidi and invisible characters as \u escapes (escape.JSON), so a
// terminal showing it is not reordered by a file's or a server's text.
func WriteJSON(w io.Writer, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	w.Write(escape.JSON(b.Bytes()))
}

// ValidateSummary renders the job summary of `kb validate`: the verdict, then the errors (the reason the
// job failed comes first), then the warnings grouped by code with counts; ann is what the step wrote
// as annotations, for the footer that says when GitHub shows only some of them.
func ValidateSummary(t *docs.Tree, repoRoot string, ann AnnotationCount) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## atender kb validate\n\n%s\n", Summary(t))
	if c := t.PageCounts(); c.Notable() {
		fmt.Fprintf(&b, "\n%s\n", escape.Markdown(c.String()))
	}
	b.WriteString(DiagnosticsMarkdown(t.Diagnostics, func(p string) string { return RepoPath(t.Root, p, repoRoot) }))
	b.WriteString(ann.overflowMarkdown("every error is in the table of errors above"))
	return b.String()
}

// maxWarningRows bounds the example rows of the warnings table.
const maxWarningRows = 50

// DiagnosticsMarkdown is the Markdown of a tree's problems for a job summary: a table of the errors first
// (20 in view, the rest folded, as many as fit in GitHub's size limit, with where every one is), then one
// row per warning code (count and first example), folded when there are many codes, so 229 warnings take a
// few lines.
func DiagnosticsMarkdown(diags []docs.Diagnostic, repoPath func(string) string) string {
	var b strings.Builder
	var errs []docs.Diagnostic
	type group struct {
		code  string
		n     int
		first docs.Diagnostic
	}
	var groups []*group
	byCode := map[string]*group{}
	for _, d := range diags {
		if d.Severity == docs.SevError {
			errs = append(errs, d)
			continue
		}
		c := string(d.Code)
		if c == "" {
			c = "other"
		}
		g := byCode[c]
		if g == nil {
			g = &group{code: c, first: d}
			byCode[c] = g
			groups = append(groups, g)
		}
		g.n++
	}
	if len(errs) > 0 {
		rows := make([]string, len(errs))
		for i, d := range errs {
			rows[i] = fmt.Sprintf("| %s | %d | %s |\n", pathCell(repoPath(d.Path)), d.Line, mdWithCode(d))
		}
		fmt.Fprintf(&b, "\n### Errors (%d)\n\n", len(errs))
		rowsInView(&b, "| file | line | message |\n|---|---:|---|\n", rows, "errors", "`atender kb validate` lists every one")
	}
	if len(groups) > 0 {
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].n > groups[j].n })
		fmt.Fprintf(&b, "\n### Warnings (%d) by code\n\n", len(diags)-len(errs))
		var t strings.Builder
		t.WriteString("| code | count | first, e.g. |\n|---|---:|---|\n")
		for i, g := range groups {
			if i == maxWarningRows {
				fmt.Fprintf(&t, "\n…and %d more codes (atender kb validate lists every warning)\n", len(groups)-maxWarningRows)
				break
			}
			fmt.Fprintf(&t, "| %s | %d | %s:%d: %s |\n", escape.MarkdownCode(g.code), g.n, escape.Markdown(repoPath(g.first.Path)), g.first.Line, escape.Markdown(g.first.Message))
		}
		fold(&b, fmt.Sprintf("%d codes, with the count and a first example of each", len(groups)), t.String(), len(groups))
	}
	return b.String()
}

// WarningBudget is how many warning annotations a step prints one by one; GitHub shows only about ten of
// each kind per step, so the rest are summed up, one annotation per code. Errors are always annotated.
const WarningBudget = 10

// Annotations are the workflow commands for a tree's problems: every error, warnings up to the budget,
// then one warning per code for those left over.
func Annotations(diags []docs.Diagnostic, repoPath func(string) string) []string {
	var out []string
	left := map[string]int{}
	var order []string
	warned := 0
	for _, d := range diags {
		if d.Severity == docs.SevError || warned < WarningBudget {
			if d.Severity != docs.SevError {
				warned++
			}
			out = append(out, Annotation(d, repoPath(d.Path)))
			continue
		}
		c := string(d.Code)
		if left[c] == 0 {
			order = append(order, c)
		}
		left[c]++
	}
	for _, c := range order {
		label := c
		if label == "" {
			label = "other"
		}
		out = append(out, WorkflowCommand("warning", []Prop{{"title", "atender: " + label}},
			fmt.Sprintf("%d more warning(s) [%s] not annotated one by one; the job summary and `atender kb validate` list them", left[c], label)))
	}
	return out
}

// mdWithCode is a diagnostic's message with its code, for the job summary: the message is escaped, the code
// (one of ours) is not.
func mdWithCode(d docs.Diagnostic) string {
	if d.Code == "" {
		return escape.Markdown(d.Message)
	}
	return escape.Markdown(d.Message) + " [" + string(d.Code) + "]"
}
