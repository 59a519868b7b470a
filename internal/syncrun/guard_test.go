package syncrun

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/plan"
)

// The max-delete guard refuses a plan with more removals than the limit, naming the count and the flag to
// rerun with; at the limit it lets the plan through.
func TestGuardMaxDelete(t *testing.T) {
	p := &plan.Plan{Actions: []*plan.Action{{Kind: plan.Archive, Slug: "a"}, {Kind: plan.Archive, Slug: "b"}, {Kind: plan.Update, Slug: "c"}}}
	g := GuardMaxDelete(p, "archive", 1)
	if g == nil {
		t.Fatal("2 removals passed --max-delete 1")
	}
	if msg := g.Error(); !strings.Contains(msg, "would archive 2 articles, more than --max-delete 1") || !strings.Contains(msg, "--max-delete 2") {
		t.Fatalf("message %q", msg)
	}
	if g.Marker() != "over --max-delete 1" {
		t.Fatalf("marker %q", g.Marker())
	}
	if g := GuardMaxDelete(p, "archive", 2); g != nil {
		t.Fatalf("2 removals refused at --max-delete 2: %v", g)
	}
}

// A plan that needs confirmation is asked about unless a dry run, --yes or --force says it may run; a no
// is exit 1 and says what to do.
func TestGuardConfirm(t *testing.T) {
	p := &plan.Plan{Confirm: "the KB has 3 categories but its article listing is empty"}
	asked := 0
	no := func(string) bool { asked++; return false }
	for _, o := range []ConfirmOptions{{DryRun: true}, {Yes: true}, {Force: true}} {
		o.Ask = no
		if err := GuardConfirm(p, o); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
	}
	if asked != 0 {
		t.Fatalf("asked %d times with a dry run, --yes or --force", asked)
	}
	err := GuardConfirm(p, ConfirmOptions{Ask: no})
	if asked != 1 || cmdutil.CodeOf(err) != cmdutil.ExitFailure || !strings.Contains(err.Error(), "rerun with --yes") {
		t.Fatalf("asked %d, err %v", asked, err)
	}
	if err := GuardConfirm(p, ConfirmOptions{Ask: func(string) bool { return true }}); err != nil {
		t.Fatalf("a yes was refused: %v", err)
	}
	if err := GuardConfirm(&plan.Plan{}, ConfirmOptions{Ask: no}); err != nil || asked != 1 {
		t.Fatalf("a plan needing no confirmation was asked about: %v", err)
	}
}
