package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape/escapetest"
)

func visible(md string) string { return strings.Join(escapetest.OutsideDetails(md), "\n") }

// A short result reads as before, nothing folded: the counts, then the table of changes in view.
func TestShortSummaryFoldsNothing(t *testing.T) {
	r := &SyncResult{Counts: Counts{Created: 2}, Articles: []ArticleResult{
		{Path: "c/a.md", Slug: "a", Title: "A", URL: "https://kb.example/knowledge/a", Action: "create", Result: "ok"},
		{Path: "c/b.md", Slug: "b", Title: "B", URL: "https://kb.example/knowledge/b", Action: "create", Result: "ok"},
	}}
	s := GitHubSummary(r, AnnotationCount{})
	if strings.Contains(s, "<details>") || !strings.Contains(visible(s), "| create | [B](https://kb.example/knowledge/b) | `c/b.md` |  | ok |") {
		t.Errorf("summary:\n%s", s)
	}
}

// Failures come right after the counts, above the changes; the first 20 are in view, the rest one click
// away, and none is listed twice.
func TestFailuresFirstTheRestFolded(t *testing.T) {
	r := &SyncResult{Counts: Counts{Failed: 30, Created: 15}}
	for i := range 45 {
		a := ArticleResult{Path: fmt.Sprintf("c/p%02d.md", i), Slug: fmt.Sprintf("p%02d", i), Title: "P", Action: "create", Result: "ok"}
		if i%3 != 0 {
			a.Result, a.Error, a.RequestID = "failed", fmt.Sprintf("creating p%02d: 500", i), fmt.Sprintf("req_%02d", i)
		}
		r.Articles = append(r.Articles, a)
	}
	s := GitHubSummary(r, AnnotationCount{})
	v := visible(s)
	failed, changes := strings.Index(s, "### Failed (30)"), strings.Index(s, "<details><summary>Articles: 15 changes (15 create)</summary>")
	if failed < 0 || changes < 0 || failed > changes || failed > strings.Index(s, "| created |")+200 {
		t.Fatalf("the failures are not first, or the changes are not folded:\n%s", s)
	}
	if n := strings.Count(v, "| failed: creating "); n != visibleFailures {
		t.Errorf("%d failures in view, want %d:\n%s", n, visibleFailures, v)
	}
	if !strings.Contains(s, "<details><summary>10 more failures</summary>") {
		t.Errorf("the other failures are not folded:\n%s", s)
	}
	for i := range 45 {
		if n := strings.Count(s, fmt.Sprintf("c/p%02d.md", i)); n != 1 {
			t.Errorf("c/p%02d.md is listed %d times", i, n)
		}
	}
}

// With --diff each changed article's diff is its own folded block naming the file, cut at maxDiffLines
// lines with a pointer to the whole diff in the result JSON; past maxDiffBytes the rest are counted, not
// shown. The diffs take one line in view.
func TestDiffsFoldPerArticleCappedAndInTotal(t *testing.T) {
	long := "--- atender:x (content)\n+++ c/x.md (content)\n@@ -1,300 +1,300 @@\n" + strings.Repeat("-old line "+strings.Repeat("o", 100)+"\n+new line "+strings.Repeat("n", 100)+"\n", 300)
	r := &SyncResult{}
	for i := range 40 {
		r.Articles = append(r.Articles, ArticleResult{Path: fmt.Sprintf("c/x%02d.md", i), Slug: fmt.Sprintf("x%02d", i), Action: "update", Result: "planned", Fields: []string{"content"}, Diff: long})
	}
	s := GitHubSummary(r, AnnotationCount{})
	if !strings.Contains(s, "<details><summary><code>c/x00.md</code> → <code>x00</code>: content (+300 −300)</summary>\n\n```diff\n--- atender:x (content)\n") {
		t.Fatalf("no folded block for c/x00.md:\n%.2000s", s)
	}
	first := s[strings.Index(s, "<code>c/x00.md</code>"):strings.Index(s, "<code>c/x01.md</code>")]
	if n := strings.Count(first, "\n+new line") + strings.Count(first, "\n-old line"); n != maxDiffLines-3 {
		t.Errorf("one article shows %d changed lines, want the first %d lines of the diff", n, maxDiffLines)
	}
	if !strings.Contains(first, "…403 more lines: the whole diff is in the result JSON (output `result-json`), as `articles[].diff`") {
		t.Errorf("the cut is not said:\n%s", first)
	}
	if len(s) > maxDiffBytes+8<<10 {
		t.Errorf("the summary is %d bytes; the diffs are capped at %d", len(s), maxDiffBytes)
	}
	shown := strings.Count(s, "```diff")
	if shown == 40 || !strings.Contains(s, fmt.Sprintf("…and %d more diffs not shown here", 40-shown)) {
		t.Errorf("%d of 40 diffs shown, and the rest not counted", shown)
	}
	if v := visible(s); strings.Contains(v, "new line") || !strings.Contains(v, "### Diffs (40)") {
		t.Errorf("diffs in view:\n%s", v)
	}
}

// The footer says how many annotations GitHub leaves out and where the rest are, only when it leaves some out.
func TestAnnotationOverflowFooter(t *testing.T) {
	r := &SyncResult{}
	if s := GitHubSummary(r, AnnotationCount{Errors: 10, Warnings: 10}); strings.Contains(s, "Annotations left out") {
		t.Errorf("a footer with every annotation shown:\n%s", s)
	}
	s := GitHubSummary(r, AnnotationCount{Errors: 312, Warnings: 15})
	for _, want := range []string{"this step wrote 312 errors and 15 warnings, so 302 errors and 5 warnings are not among them",
		"Every annotation is in this step's log", "the failures are in the tables above and in the result JSON", "`atender kb validate` lists every warning"} {
		if !strings.Contains(s, want) {
			t.Errorf("footer lacks %q:\n%s", want, s)
		}
	}
	if s := GitHubSummary(r, AnnotationCount{Errors: 11, Warnings: 3}); !strings.Contains(s, "so 1 error is not among them.") || strings.Contains(s, "kb validate") {
		t.Errorf("footer:\n%s", s)
	}
}

// Annotations are counted by their lines, however the writes cut them, and nothing else is.
func TestAnnotationCounter(t *testing.T) {
	var b strings.Builder
	c := NewAnnotationCounter(&b)
	text := "::error file=a.md::x\n::warning::y\n::group::Plan\n  ::error::not at the start\n::notice::n\n::err\n::warning title=z::w\n::error::"
	for i := 0; i < len(text); i += 3 {
		c.Write([]byte(text[i:min(i+3, len(text))]))
	}
	if got := c.Count(); got != (AnnotationCount{Errors: 2, Warnings: 2}) || b.String() != text {
		t.Errorf("count %+v, passed %q", got, b.String())
	}
	if (*AnnotationCounter)(nil).Count() != (AnnotationCount{}) {
		t.Error("a nil counter counted")
	}
}

// However large the run, the summary stays under GitHub's 1 MiB a step: 6,000 failures (those in view with
// a server's 100 KB message), 6,000 changes, 500 long diffs and 10,000 warnings are cut, each part saying
// how many it left out and where they all are.
func TestSummaryStaysUnderOneMiB(t *testing.T) {
	r := &SyncResult{}
	long := "--- atender:x (content)\n+++ c/x.md (content)\n@@ -1 +1 @@\n" + strings.Repeat("+"+strings.Repeat("n", 150)+"\n", 300)
	for i := range 6000 {
		r.Articles = append(r.Articles,
			ArticleResult{Path: fmt.Sprintf("c/f%05d.md", i), Slug: fmt.Sprintf("f%05d", i), Title: "F", URL: "https://kb.example/knowledge/f", Action: "create", Result: "failed",
				Error: "creating f: POST /articles: 500 " + strings.Repeat("e", 100), RequestID: "req_1"},
			ArticleResult{Path: fmt.Sprintf("c/u%05d.md", i), Slug: fmt.Sprintf("u%05d", i), Title: "U", URL: "https://kb.example/knowledge/u", Action: "update", Result: "ok", Fields: []string{"content"}})
		if i < 500 {
			r.Articles[len(r.Articles)-1].Diff = long
		}
	}
	for i := range 10000 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("remote duplicate %d: %s", i, strings.Repeat("w", 180)))
	}
	// The 20 failures in view carry a server's 100 KB message each.
	for i := 0; i < 40; i += 2 {
		r.Articles[i].Error = "creating f: 422 " + strings.Repeat("m", 100<<10)
	}
	s := GitHubSummary(r, AnnotationCount{Errors: 6000})
	if len(s) > 1<<20 {
		t.Errorf("the summary is %d bytes, over GitHub's 1 MiB", len(s))
	}
	for _, want := range []string{"more failures: the result JSON (output `result-json`) lists every one", "more articles: the result JSON (output `result-json`) lists every one",
		"more diffs not shown here", "this step wrote 6000 errors", "more warnings: the result JSON (output `result-json`) lists every one", strings.Repeat("m", 400) + "…"} {
		if !strings.Contains(s, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if n := len(escapetest.OutsideDetails(s)); n > 150 {
		t.Errorf("%d lines in view", n)
	}
}

// A tree with 5,000 errors: 20 in view, the rest folded, as many as fit, and the summary says that kb
// validate lists every one; it stays under 1 MiB.
func TestManyErrorsFoldAndFit(t *testing.T) {
	var diags []docs.Diagnostic
	for i := range 5000 {
		diags = append(diags, docs.Diagnostic{Path: fmt.Sprintf("c/p%04d.md", i), Line: 3, Severity: docs.SevError, Code: "invalid-status", Message: `status "live" is not one of draft, published ` + strings.Repeat("x", 150)})
	}
	s := GitHubSummary(&SyncResult{Diagnostics: diags}, AnnotationCount{})
	v := strings.Join(escapetest.OutsideDetails(s), "\n")
	if n := strings.Count(v, "| 3 | status"); n != visibleFailures || !strings.Contains(v, "### Errors (5000)") {
		t.Errorf("%d errors in view, want %d", n, visibleFailures)
	}
	if len(s) > 1<<20 || !strings.Contains(s, "<details><summary>4980 more errors</summary>") || !strings.Contains(s, "more errors: `atender kb validate` lists every one") {
		t.Errorf("%d bytes:\n%.3000s", len(s), s)
	}
}

// 5,000 tags and 5,000 articles left alone by prune: the tags fold and stop at their share, the line of
// the left-alone names 50 of them, and the summary stays short in view and under 1 MiB.
func TestManyTagsAndLeftAloneFit(t *testing.T) {
	r := &SyncResult{}
	for i := range 5000 {
		r.Tags = append(r.Tags, ObjectResult{Slug: fmt.Sprintf("tag-%04d", i), Title: "Tag " + strings.Repeat("t", 60), Action: "create-tag", Result: "ok"})
		r.LeftAlone = append(r.LeftAlone, LeftAloneResult{Slug: fmt.Sprintf("editor-only-%04d", i)})
	}
	s := GitHubSummary(r, AnnotationCount{})
	if len(s) > maxObjectBytes+32<<10 || !strings.Contains(s, "more categories, subcategories and tags: the result JSON (output `result-json`) lists every one") {
		t.Errorf("%d bytes; the tags are not cut", len(s))
	}
	if !strings.Contains(s, "editor-only-0049, and 4950 more, listed in the result JSON (output `result-json`) as leftAlone)") || strings.Contains(s, "editor-only-0050") {
		t.Errorf("the left-alone line names more than 50 or does not say how many more:\n%.600s", s)
	}
	if n := len(escapetest.OutsideDetails(s)); n > 150 {
		t.Errorf("%d lines in view", n)
	}
}
