package report

import (
	"strings"
	"testing"
)

// A title, path, error or request id from a file or a server stays text in the job summary: it cannot close
// the article link, add a link or an image of its own, open an HTML element, or be autolinked.
func TestGitHubSummaryKeepsHostileTextAsText(t *testing.T) {
	evil := "Evil](https://evil.example/x) <img src=https://evil.example/p.png> [x"
	got := GitHubSummary(&SyncResult{
		Warnings: []string{evil},
		Articles: []ArticleResult{
			{Slug: "a", Title: evil, Path: "docs/a.md", URL: "https://kb.example/a", Action: "create", Result: "failed", Error: evil, RequestID: evil},
			{Slug: "b", Title: "b", Path: "docs/b.md", URL: "javascript:alert(1)", Action: "update", Result: "updated"},
		},
	}, AnnotationCount{})
	for _, bad := range []string{"](https://evil", "<img", "https://evil.example", "(javascript:", "www.evil"} {
		if strings.Contains(got, bad) {
			t.Errorf("summary holds %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "](https://kb.example/a)") {
		t.Errorf("the article's own link is missing:\n%s", got)
	}
	if !strings.Contains(got, "| update | b |") {
		t.Errorf("an article URL that is not http(s) should leave the title unlinked:\n%s", got)
	}
	if !strings.Contains(got, "&lt;img src=") {
		t.Errorf("the title should show as text:\n%s", got)
	}
}

// The step outputs carry the conflicts and the creates of unknown outcome, so a workflow can act on them,
// and the path of the summary's Markdown (for a pull-request comment).
func TestGitHubOutputsCountConflictsAndUnknown(t *testing.T) {
	out := GitHubOutputs(&SyncResult{Counts: Counts{Conflicts: 2, Unknown: 1, Failed: 1}}, "/tmp/r.json", "/tmp/s.md")
	for _, want := range []string{"\nconflicts=2\n", "\nunknown=1\n", "\nfailed=1\n", "\nsummary-md=/tmp/s.md\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("outputs lack %q:\n%s", want, out)
		}
	}
}
