package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/escape/escapetest"
)

// actionsRun runs the CLI in dir as a step of GitHub Actions would, against the emulator: it returns stdout,
// stderr, the exit code, and the job summary and step outputs the step wrote.
func actionsRun(t *testing.T, h *emulatortest.Harness, dir string, args ...string) (stdout, stderr string, code int, summary, outputs string) {
	t.Helper()
	run := filepath.Join(t.TempDir())
	env := map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey, "GITHUB_ACTIONS": "true",
		"GITHUB_STEP_SUMMARY": filepath.Join(run, "summary.md"), "GITHUB_OUTPUT": filepath.Join(run, "output"), "RUNNER_TEMP": dir}
	f, out, errOut := cmdutil.NewForTest(env, dir)
	code = cli.Run(context.Background(), f, args)
	s, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatalf("no job summary (exit %d): %v\n%s", code, err, errOut)
	}
	o, err := os.ReadFile(env["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatalf("no step outputs (exit %d): %v\n%s", code, err, errOut)
	}
	return out.String(), errOut.String(), code, string(s), string(o)
}

// A first sync of 1,000 articles in 5 categories of 4 subcategories, 30 of them with raw HTML: the job
// summary shows at most 150 lines outside <details>, yet lists every article (folded); and its footer says,
// truthfully, how many of the annotations the step printed GitHub leaves out.
func TestFirstSyncOf1000ArticlesShowsAShortSummary(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	for i := range 1000 {
		sub := filepath.Join(docs, fmt.Sprintf("cat%d", i%5), fmt.Sprintf("sub%d", i/5%4))
		os.MkdirAll(sub, 0o755)
		body := fmt.Sprintf("# Article %d\n\nText of article %d.\n", i, i)
		if i%33 == 0 {
			body += "\nSome <b>bold</b> HTML.\n"
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("a%04d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code, md, outputs := actionsRun(t, h, dir, "kb", "sync", docs, "--concurrency", "8")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if n := len(h.Articles()); n != 1000 {
		t.Fatalf("the emulator holds %d articles, want 1000", n)
	}
	shown := escapetest.OutsideDetails(md)
	if len(shown) > 150 {
		t.Errorf("%d lines outside <details>, want at most 150:\n%s", len(shown), strings.Join(shown, "\n"))
	}
	in := strings.Join(shown, "\n")
	if !strings.Contains(in, "| 1000 | 0 | 0 | 0 | 0 | 0 |") || !strings.Contains(md, "\n<details><summary>Articles: 1000 changes (1000 create)</summary>\n") {
		t.Errorf("the counts are not in view, or the articles not folded under their count:\n%s", in)
	}
	if n := strings.Count(md, "\n| create | [Article "); n != 1000 {
		t.Errorf("the summary lists %d created articles, want every one of 1000", n)
	}
	if !strings.Contains(outputs, "created=1000\n") {
		t.Errorf("outputs:\n%s", outputs)
	}
	// The footer's counts are what stdout carried.
	errs, warns := 0, 0
	for _, l := range strings.Split(stdout, "\n") {
		errs += b2i(strings.HasPrefix(l, "::error"))
		warns += b2i(strings.HasPrefix(l, "::warning"))
	}
	m := regexp.MustCompile(`this step wrote (\d+) errors? and (\d+) warnings?, so (\d+) warnings? (is|are) not among them`).FindStringSubmatch(md)
	if warns <= 10 || m == nil || m[1] != strconv.Itoa(errs) || m[2] != strconv.Itoa(warns) || m[3] != strconv.Itoa(warns-10) {
		t.Errorf("stdout has %d error and %d warning annotations; the footer says %q:\n%s", errs, warns, m, strings.Join(shown, "\n"))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A --diff dry run puts the changed lines in the job summary, each article's diff in its own folded block
// (a long one cut short), while the result JSON, valid against docs/schema/sync.json, holds every diff whole;
// $GITHUB_OUTPUT has conflicts (an article of another category that a file would take over) and unknown, and
// summary-md names the same Markdown as a file (kb-plan.yml posts it on the pull request).
func TestDiffDryRunPutsTheChangedLinesInTheSummary(t *testing.T) {
	t.Parallel()
	all := schemas(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := fortyArticles(t, dir)
	h.Seed(emulatortest.Snapshot{Categories: []emulatortest.Category{{ID: "cat_legal", Slug: "legal", Title: "Legal"}},
		Articles: []emulatortest.Article{{ID: "art_l", Slug: "a5", Title: "Terms", Content: "Legal text.\n", CategoryID: "cat_legal", Status: "published", TagIDs: []string{}, Keywords: []string{}}}})
	if _, stderr, code, _, _ := actionsRun(t, h, dir, "kb", "sync", docs); code != cmdutil.ExitFailure {
		t.Fatalf("first sync: exit %d, want 1 (the conflict)\n%s", code, stderr)
	}
	edit := func(rel, old, new string) {
		p := filepath.Join(docs, rel)
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q (%v)", rel, old, err)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	edit("billing/a1.md", "Text of article 1.", "Text of article one, revised.")
	var long strings.Builder
	for i := range 400 {
		fmt.Fprintf(&long, "Line %d of a long rewrite.\n\n", i)
	}
	edit("guides/a2.md", "Text of article 2.", long.String())

	h.ResetLog()
	_, stderr, code, md, outputs := actionsRun(t, h, dir, "kb", "sync", docs, "--dry-run", "--diff")
	if code != cmdutil.ExitFailure {
		t.Fatalf("dry run: exit %d, want 1 (the conflict)\n%s", code, stderr)
	}
	h.ExpectDryRun(t, 1)
	summaryMD := filepath.Join(dir, "atender-summary.md")
	for _, want := range []string{"conflicts=1\n", "unknown=0\n", "updated=2\n", "summary-md=" + summaryMD + "\n"} {
		if !strings.Contains(outputs, want) {
			t.Errorf("$GITHUB_OUTPUT lacks %q:\n%s", want, outputs)
		}
	}
	// The plan for a pull-request comment is the job summary's Markdown, byte for byte.
	if b, err := os.ReadFile(summaryMD); err != nil || string(b) != md {
		t.Errorf("%s is not the job summary (%v):\n%s", summaryMD, err, b)
	}
	m := escapetest.Parse(md)
	code1, code2 := "", ""
	for _, c := range m.Code {
		switch {
		case strings.Contains(c, "billing/a1.md (content)"):
			code1 = c
		case strings.Contains(c, "guides/a2.md (content)"):
			code2 = c
		}
	}
	if !strings.Contains(code1, "\n-Text of article 1.\n") || !strings.Contains(code1, "\n+Text of article one, revised.\n") {
		t.Errorf("the summary lacks a1's changed lines:\n%s", md)
	}
	if !strings.Contains(code2, "\n+Line 0 of a long rewrite.\n") || strings.Contains(code2, "Line 399 of") ||
		!strings.Contains(md, "more lines: the whole diff is in the result JSON (output `result-json`), as `articles[].diff`") {
		t.Errorf("a2's long diff is not cut short with the pointer to the result JSON:\n%.3000s", code2)
	}
	for _, rel := range []string{"billing/a1.md", "guides/a2.md"} {
		if !strings.Contains(md, "<details><summary><code>"+rel+"</code> → ") {
			t.Errorf("no folded block for %s:\n%s", rel, md)
		}
	}
	if shown := strings.Join(escapetest.OutsideDetails(md), "\n"); strings.Contains(shown, "revised") {
		t.Errorf("a diff is in view, not folded:\n%s", shown)
	}

	b, err := os.ReadFile(filepath.Join(dir, "atender-result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	json.Unmarshal(b, &doc)
	if err := all["sync.json"].Validate(doc); err != nil {
		t.Fatalf("sync.json: %v", err)
	}
	var res struct {
		Articles []struct{ Path, Action, Diff string }
	}
	json.Unmarshal(b, &res)
	diffs := map[string]string{}
	for _, a := range res.Articles {
		diffs[a.Path] = a.Diff
	}
	if d := diffs["guides/a2.md"]; !strings.Contains(d, "+Line 0 of a long rewrite.\n") || !strings.Contains(d, "+Line 399 of a long rewrite.\n") {
		t.Errorf("the result JSON lacks a2's whole diff:\n%.500s", d)
	}
	if d := diffs["billing/a5.md"]; !strings.Contains(d, "-Legal text.") {
		t.Errorf("the conflict's diff (Atender's text against the file) is not in the result JSON: %q", d)
	}
	if d := diffs["billing/a3.md"]; d != "" {
		t.Errorf("an unchanged article has a diff: %q", d)
	}
}

// An API key that someone wrote into an article in Atender (not the key of this run) is never shown in
// full by a --diff dry run: not in the plan on stdout (the CI log), the job summary, the summary's Markdown
// for the pull-request comment, nor the result JSON; each shows it masked.
func TestDiffNeverShowsAKeyWrittenInAtender(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := fortyArticles(t, dir)
	if _, stderr, code, _, _ := actionsRun(t, h, dir, "kb", "sync", docs); code != 0 {
		t.Fatalf("first sync: exit %d\n%s", code, stderr)
	}
	other := "sa_live_" + "Zq8v2LmN4pR7sT9wX1yB3dF5gH6"
	snap := h.Snapshot()
	for i, a := range snap.Articles {
		if a.Slug == "a1" {
			snap.Articles[i].Content = "Text of article 1.\n\nOur old key was " + other + ", do not use it.\n"
		}
	}
	h.Seed(snap)
	p := filepath.Join(docs, "billing", "a1.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "Text of article 1.", "Text of article one.", 1)), 0o644)

	stdout, stderr, _, md, _ := actionsRun(t, h, dir, "kb", "sync", docs, "--dry-run", "--diff", "--on-conflict", "overwrite")
	result, _ := os.ReadFile(filepath.Join(dir, "atender-result.json"))
	summaryMD, _ := os.ReadFile(filepath.Join(dir, "atender-summary.md"))
	masked := "sa_live_Zq…H6"
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "job summary": md, "summary-md": string(summaryMD), "result JSON": string(result)} {
		if strings.Contains(text, other) {
			t.Errorf("%s shows the key written in Atender:\n%s", name, text)
		}
	}
	for name, text := range map[string]string{"stdout": stdout, "job summary": md, "result JSON": string(result)} {
		if !strings.Contains(text, masked) {
			t.Errorf("%s lacks the diff's masked key %s; the check would be empty:\n%s", name, masked, text)
		}
	}
}
