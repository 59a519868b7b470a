package report

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/plan"
)

// A message the server controls cannot end a workflow command early or start another one.
func TestWorkflowCommandEscapes(t *testing.T) {
	got := WorkflowCommand("error", []Prop{{"file", "a,b:c.md"}, {"title", "x\ny"}}, "50% done\r\n::warning::injected")
	want := "::error file=a%2Cb%3Ac.md,title=x%0Ay::50%25 done%0D%0A::warning::injected"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if strings.Count(got, "\n") != 0 {
		t.Fatal("a workflow command spans lines")
	}
}

// Every workflow command the GitHub printer writes goes through the escaper: failures without a file,
// warnings and errors included (they used to be printed raw).
func TestGitHubPrinterEscapesEverything(t *testing.T) {
	var out, errOut strings.Builder
	p := NewPrinter(config.OutputGitHub, &out, &errOut)
	evil := "bad\n::error::forged"
	p.Result(&SyncResult{
		Articles: []ArticleResult{{Slug: "s,l:ug", Result: "failed", Error: evil}, {Path: "a.md", Slug: "a", Result: "failed", Error: evil}},
		Warnings: []string{evil},
	}, func(s string) string { return "docs/" + s })
	p.Error("atender keys verify", evil)
	p.Diagnostics(&docs.Tree{Root: "docs", Diagnostics: []docs.Diagnostic{{Path: "x.md", Line: 2, Col: 3, Severity: docs.SevError, Message: evil}}}, "")
	// A workflow command is recognised only at the start of a line: a message that cannot break the line
	// cannot forge one.
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(line, "::") {
			t.Errorf("a line of stdout is not a workflow command: %q", line)
		}
	}
	for _, want := range []string{
		"::error title=s%2Cl%3Aug::bad%0A::error::forged",
		"::error file=docs/a.md,line=1,col=1::bad%0A::error::forged",
		"::warning title=atender::bad%0A::error::forged",
		"::error title=atender keys verify::bad%0A::error::forged",
		"::error file=docs/x.md,line=2,col=3::bad%0A::error::forged",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
}

// Each mode has its printer: JSON writes one document and nothing else on stdout; text writes no workflow
// commands.
func TestOnePrinterPerMode(t *testing.T) {
	res := &SyncResult{Warnings: []string{"w"}, Articles: []ArticleResult{}}
	var out, errOut strings.Builder
	NewPrinter(config.OutputJSON, &out, &errOut).Result(res, nil)
	if !strings.HasPrefix(out.String(), "{") || strings.Count(out.String(), "\n}") != 1 {
		t.Fatalf("json stdout: %q", out.String())
	}
	out.Reset()
	errOut.Reset()
	NewPrinter(config.OutputText, &out, &errOut).Result(res, nil)
	NewPrinter(config.OutputText, &out, &errOut).Error("t", "m")
	if out.Len() != 0 || strings.Contains(errOut.String(), "::") || !strings.Contains(errOut.String(), "warning: w") {
		t.Fatalf("text: stdout %q stderr %q", out.String(), errOut.String())
	}
}

// A server-controlled id or error cannot start a line of the plan or the summary, on a terminal or in a
// CI log, nor send escape sequences.
func TestServerStringsCannotBreakALine(t *testing.T) {
	evil := "x\n::error file=README.md,line=1::forged\x1b[2J"
	var b strings.Builder
	PlanText(&b, &plan.Plan{Actions: []*plan.Action{{Kind: plan.Archive, Slug: evil, Title: evil, ID: evil}}}, false, false)
	SummaryText(&b, &SyncResult{Warnings: []string{evil}, Articles: []ArticleResult{{Slug: evil, Result: "failed", Error: evil}}})
	b.WriteString(GitHubSummary(&SyncResult{Warnings: []string{evil}, Articles: []ArticleResult{{Slug: evil, Title: evil, Path: evil, Action: "create", Result: "failed", Error: evil}}}, AnnotationCount{}))
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "::") || strings.Contains(line, "\x1b") {
			t.Errorf("a server string broke out: %q", line)
		}
	}
}

// A conflict is reported as a conflict, not as a failure: in the count line and in the job summary.
func TestConflictIsNotAFailure(t *testing.T) {
	r := &SyncResult{Counts: Counts{Conflicts: 1, Unchanged: 2}, Articles: []ArticleResult{{Path: "a.md", Slug: "a", Title: "A", Action: "conflict", Result: "failed", Error: "conflict: a was edited"}}}
	var b strings.Builder
	SummaryText(&b, r)
	if !strings.Contains(b.String(), "0 failed, 1 conflict —") {
		t.Errorf("count line: %s", b.String())
	}
	s := GitHubSummary(r, AnnotationCount{})
	if !strings.Contains(s, "**1 conflict**") || !strings.Contains(s, "| conflict | A | `a.md` |") || strings.Contains(s, "failed: conflict") {
		t.Errorf("summary:\n%s", s)
	}
}
