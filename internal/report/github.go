package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/plan"
)

// Prop is one property of a workflow command (file, line, col, title).
type Prop struct{ Name, Value string }

// WorkflowCommand formats a GitHub workflow command (::error …::message). It is the one escaper of the
// GitHub sink: every annotation, group and warning goes through it, so a message with a newline, a comma, a
// colon or a "::" sent by the server cannot end the command early or start another one.
func WorkflowCommand(name string, props []Prop, msg string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		b.WriteString(escape.WorkflowProperty(p.Value))
	}
	b.WriteString("::")
	b.WriteString(escape.WorkflowData(msg))
	return b.String()
}

// Annotation formats a diagnostic as a GitHub workflow command.
func Annotation(d docs.Diagnostic, file string) string {
	level := "warning"
	if d.Severity == docs.SevError {
		level = "error"
	}
	msg := d.Message
	if d.Code != "" {
		msg += " [" + d.Code + "]" // the code rules: takes, as on a terminal
	}
	return WorkflowCommand(level, []Prop{{"file", file}, {"line", fmt.Sprint(d.Line)}, {"col", fmt.Sprint(d.Col)}}, msg)
}

// githubPrinter prints workflow commands on stdout (GitHub reads them there) and the summary for people on
// stderr.
type githubPrinter struct{ out, errOut io.Writer }

func (p githubPrinter) Diagnostics(t *docs.Tree, repoRoot string) {
	p.TreeProblems(t, repoRoot)
	fmt.Fprintln(p.errOut, Summary(t))
}

func (p githubPrinter) TreeProblems(t *docs.Tree, repoRoot string) {
	for _, a := range Annotations(t.Diagnostics, func(rel string) string { return RepoPath(t.Root, rel, repoRoot) }) {
		fmt.Fprintln(p.out, a)
	}
}

func (p githubPrinter) InvalidTree(t *docs.Tree, dryRun bool) { fmt.Fprintln(p.errOut, Summary(t)) }

func (p githubPrinter) Plan(pl *plan.Plan, withDiff bool, blocked string) {
	fmt.Fprintln(p.out, WorkflowCommand("group", nil, "Plan"))
	PlanTextBlocked(p.out, pl, withDiff, false, blocked)
	fmt.Fprintln(p.out, WorkflowCommand("endgroup", nil, ""))
}

func (p githubPrinter) Result(r *SyncResult, repoPath func(string) string) {
	for _, a := range r.Articles {
		if a.Result != "failed" && a.Result != "unknown" {
			continue
		}
		if a.Path != "" {
			d := docs.Diagnostic{Path: a.Path, Line: 1, Col: 1, Severity: docs.SevError, Message: a.Error}
			fmt.Fprintln(p.out, Annotation(d, repoPath(a.Path)))
			continue
		}
		fmt.Fprintln(p.out, WorkflowCommand("error", []Prop{{"title", a.Slug}}, a.Error))
	}
	for _, w := range r.Warnings {
		fmt.Fprintln(p.out, WorkflowCommand("warning", []Prop{{"title", "atender"}}, w))
	}
	SummaryText(p.errOut, r)
}

func (p githubPrinter) Error(title, msg string) {
	fmt.Fprintln(p.out, WorkflowCommand("error", []Prop{{"title", title}}, msg))
}
