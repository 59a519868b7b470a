package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

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

// ShownAnnotations is how many error annotations, and how many warning annotations, GitHub shows of one
// step; the rest are in the step's log only.
const ShownAnnotations = 10

// AnnotationCount is how many error and warning annotations a step wrote.
type AnnotationCount struct{ Errors, Warnings int }

// overflowMarkdown is the job summary's footer when GitHub shows only some of the step's annotations: how
// many were left out of each kind, and where to find what they say (errorsAt: where the summary lists what
// the error annotations say); "" when every one is shown.
func (n AnnotationCount) overflowMarkdown(errorsAt string) string {
	errs, warns := max(0, n.Errors-ShownAnnotations), max(0, n.Warnings-ShownAnnotations)
	if errs == 0 && warns == 0 {
		return ""
	}
	var left []string
	if errs > 0 {
		left = append(left, fmt.Sprintf("%d %s", errs, plural(errs, "error", "errors")))
	}
	if warns > 0 {
		left = append(left, fmt.Sprintf("%d %s", warns, plural(warns, "warning", "warnings")))
	}
	s := fmt.Sprintf("\n**Annotations left out:** GitHub shows at most %d error and %d warning annotations of a step; this step wrote %d %s and %d %s, so %s %s not among them. Every annotation is in this step's log",
		ShownAnnotations, ShownAnnotations, n.Errors, plural(n.Errors, "error", "errors"), n.Warnings, plural(n.Warnings, "warning", "warnings"),
		strings.Join(left, " and "), plural(errs+warns, "is", "are"))
	if errs > 0 {
		s += "; " + errorsAt
	}
	if warns > 0 {
		s += "; `atender kb validate` lists every warning of the docs"
	}
	return s + ".\n"
}

// AnnotationCounter passes what is written through to its writer and counts the error and warning workflow
// commands among the lines (those starting ::error or ::warning), however the writes cut them.
type AnnotationCounter struct {
	w       io.Writer
	mu      sync.Mutex
	n       AnnotationCount
	head    []byte // the start of the line being written, until it is told apart
	decided bool   // the line being written is counted, or is no annotation
}

// NewAnnotationCounter counts the annotations written through to w.
func NewAnnotationCounter(w io.Writer) *AnnotationCounter { return &AnnotationCounter{w: w} }

var annotationPrefixes = []struct {
	prefix string
	warn   bool
}{{"::error ", false}, {"::error::", false}, {"::warning ", true}, {"::warning::", true}}

func (c *AnnotationCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	for i := 0; i < len(p); i++ {
		if c.decided { // the rest of the line is of no interest: on to its end
			j := bytes.IndexByte(p[i:], '\n')
			if j < 0 {
				break
			}
			i += j
		}
		ch := p[i]
		if ch == '\n' {
			c.head, c.decided = c.head[:0], false
			continue
		}
		c.head = append(c.head, ch)
		c.decided = true
		for _, ap := range annotationPrefixes {
			switch {
			case string(c.head) == ap.prefix && ap.warn:
				c.n.Warnings++
			case string(c.head) == ap.prefix:
				c.n.Errors++
			case strings.HasPrefix(ap.prefix, string(c.head)):
				c.decided = false // could still be this one
			}
		}
	}
	c.mu.Unlock()
	return c.w.Write(p)
}

// Count is what was written so far; a nil counter counted nothing.
func (c *AnnotationCounter) Count() AnnotationCount {
	if c == nil {
		return AnnotationCount{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
