package report

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/plan"
)

// `kb sync --diff` shows each changed text field as a unified diff, remote first, indented under the action.
func TestDiffIsUnifiedRemoteToLocal(t *testing.T) {
	var b strings.Builder
	Diff(&b, samplePlan().Actions[2])
	want := strings.Join([]string{
		"    --- atender:refunds (summary)",
		"    +++ b/r.md (summary)",
		"    @@ -1 +1 @@",
		"    -old",
		"    +new",
		"    --- atender:refunds (content)",
		"    +++ b/r.md (content)",
		"    @@ -1 +1,2 @@",
		"     Line one",
		"    +Line two",
		"",
	}, "\n")
	if got := b.String(); got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
	b.Reset()
	Diff(&b, &plan.Action{Kind: plan.Update})
	if b.Len() != 0 {
		t.Fatalf("an action without both sides shows a diff: %q", b.String())
	}
}
