package syncrun

import (
	"fmt"

	"github.com/atender/atender/internal/cli/cmdutil"

	"github.com/atender/atender/internal/plan"
)

// MaxDeleteError is the guard's refusal of a plan that removes more articles than --max-delete allows.
// Nothing was written; apply refuses such a plan too (apply.Options.MaxDelete), so no caller bypasses it.
type MaxDeleteError struct {
	Mode      string // archive or delete
	Removals  int
	MaxDelete int
}

func (e *MaxDeleteError) Error() string {
	return fmt.Sprintf("the plan would %s %d articles, more than --max-delete %d; nothing was written. Check the plan, then rerun with --max-delete %d if that is intended",
		e.Mode, e.Removals, e.MaxDelete, e.Removals)
}

// Hint says how to let the removals through.
func (e *MaxDeleteError) Hint() string {
	return fmt.Sprintf("rerun with --max-delete %d if these removals are intended", e.Removals)
}

// Marker is what the plan shows beside the removals the guard stops.
func (e *MaxDeleteError) Marker() string { return fmt.Sprintf("over --max-delete %d", e.MaxDelete) }

// GuardMaxDelete is the first guard: a plan with more removals than maxDelete is refused before anything
// else happens (a dry run included: the plan is still shown, with the removals marked).
func GuardMaxDelete(p *plan.Plan, mode string, maxDelete int) *MaxDeleteError {
	if n := p.Removals(); n > maxDelete {
		return &MaxDeleteError{Mode: mode, Removals: n, MaxDelete: maxDelete}
	}
	return nil
}

// ConfirmOptions say whether a suspicious plan (plan.Plan.Confirm) may run without asking.
type ConfirmOptions struct {
	DryRun, Yes, Force bool
	// Ask asks the user; it answers no without a terminal.
	Ask func(why string) bool
}

// GuardConfirm is the second guard, after the plan is shown: a plan that needs confirmation runs only in a
// dry run (which writes nothing), with --yes or --force, or when the user says yes.
func GuardConfirm(p *plan.Plan, o ConfirmOptions) error {
	if p.Confirm == "" || o.DryRun || o.Yes || o.Force || o.Ask(p.Confirm) {
		return nil
	}
	return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("%s. Nothing was written: check the plan (--dry-run), then rerun with --yes if the KB really has no articles", p.Confirm))
}
