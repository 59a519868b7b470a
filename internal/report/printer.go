package report

import (
	"fmt"
	"io"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/plan"
)

// Printer prints a command's results in one output mode. Each mode owns its format: text for people,
// JSON for machines (one document on stdout), GitHub workflow commands in Actions. Commands pick a Printer
// once and never compare the mode again.
type Printer interface {
	// Diagnostics prints a tree's problems as the data of kb validate, and the verdict for people.
	Diagnostics(t *docs.Tree, repoRoot string)
	// TreeProblems prints a tree's problems before a sync, for people (annotations in GitHub).
	TreeProblems(t *docs.Tree, repoRoot string)
	// InvalidTree closes a sync stopped by an invalid tree.
	InvalidTree(t *docs.Tree, dryRun bool)
	// Plan prints the plan of a sync; blocked, when set, marks the removals a guard stops and why.
	Plan(p *plan.Plan, withDiff bool, blocked string)
	// Result prints the outcome of a sync; repoPath maps a docs path to the repository's.
	Result(r *SyncResult, repoPath func(string) string)
	// Error marks a failure already explained on stderr where the mode has a place for it (an annotation).
	Error(title, msg string)
}

// NewPrinter returns the printer of mode; out is stdout (data), errOut stderr (people). color is for the
// text printer on a terminal.
func NewPrinter(mode config.Output, out, errOut io.Writer) Printer {
	switch mode {
	case config.OutputJSON:
		return jsonPrinter{out, errOut}
	case config.OutputGitHub:
		return githubPrinter{out, errOut}
	}
	return textPrinter{out: out, errOut: errOut}
}

// NewTextPrinter returns the text printer; color colours the plan (stdout is a terminal).
func NewTextPrinter(out, errOut io.Writer, color bool) Printer {
	return textPrinter{out: out, errOut: errOut, color: color}
}

type textPrinter struct {
	out, errOut io.Writer
	color       bool
}

func (p textPrinter) Diagnostics(t *docs.Tree, _ string) {
	for _, d := range t.Diagnostics {
		fmt.Fprintln(p.out, d.String())
	}
	fmt.Fprintln(p.errOut, Summary(t))
	if c := t.PageCounts(); c.Notable() {
		fmt.Fprintln(p.errOut, escape.Terminal(c.String()))
	}
}

func (p textPrinter) TreeProblems(t *docs.Tree, _ string) {
	for _, d := range t.Diagnostics {
		fmt.Fprintln(p.errOut, d.String())
	}
}

func (p textPrinter) InvalidTree(t *docs.Tree, dryRun bool) { fmt.Fprintln(p.errOut, Summary(t)) }

func (p textPrinter) Plan(pl *plan.Plan, withDiff bool, blocked string) {
	PlanTextBlocked(p.out, pl, withDiff, p.color, blocked)
}

func (p textPrinter) Result(r *SyncResult, _ func(string) string) { SummaryText(p.errOut, r) }

func (p textPrinter) Error(string, string) {}

// jsonPrinter writes exactly one JSON document on stdout; people still get their lines on stderr.
type jsonPrinter struct{ out, errOut io.Writer }

func (p jsonPrinter) Diagnostics(t *docs.Tree, _ string) {
	WriteJSON(p.out, DiagnosticsOf(t))
}

func (p jsonPrinter) TreeProblems(t *docs.Tree, _ string) {
	for _, d := range t.Diagnostics {
		fmt.Fprintln(p.errOut, d.String())
	}
}

func (p jsonPrinter) InvalidTree(t *docs.Tree, dryRun bool) {
	WriteJSON(p.out, InvalidTreeResult(t, dryRun))
	fmt.Fprintln(p.errOut, Summary(t))
}

func (p jsonPrinter) Plan(*plan.Plan, bool, string) {}

func (p jsonPrinter) Result(r *SyncResult, _ func(string) string) { WriteJSON(p.out, r) }

func (p jsonPrinter) Error(string, string) {}
