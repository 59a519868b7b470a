package syncrun

import (
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
)

// ResultOptions are what the report stage adds to the plan and apply's report.
type ResultOptions struct {
	Config     *config.Config
	Tree       *docs.Tree
	PublicBase string
	Requests   int
	Duration   time.Duration
}

// Result is the report stage: the result of a run (rep nil: a dry run), as every sink prints it.
func Result(p *plan.Plan, rep *apply.Report, o ResultOptions) *report.SyncResult {
	res := report.Build(p, rep, o.Config.BaseURL, o.PublicBase)
	res.Diagnostics = Diagnostics(o.Tree)
	pages := o.Tree.PageCounts()
	res.Pages = &pages
	res.Requests = o.Requests
	res.DurationMs = o.Duration.Milliseconds()
	return res
}

// Blocked is the result of a plan the max-delete guard refused: the whole plan, its removals "blocked",
// and the guard's error.
func Blocked(p *plan.Plan, g *MaxDeleteError, o ResultOptions) *report.SyncResult {
	res := report.Build(p, nil, o.Config.BaseURL, o.PublicBase)
	res.Diagnostics = Diagnostics(o.Tree)
	for i, a := range res.Articles {
		if a.Action == string(plan.Archive) || a.Action == string(plan.Delete) {
			res.Articles[i].Result = "blocked"
		}
	}
	res.Requests, res.DurationMs = o.Requests, o.Duration.Milliseconds()
	res.Error = &report.ErrorInfo{Code: "max_delete", Message: g.Error(), Hint: g.Hint()}
	return res
}

// Diagnostics are the tree's diagnostics, never nil (the result JSON lists none as []).
func Diagnostics(t *docs.Tree) []docs.Diagnostic {
	if t.Diagnostics == nil {
		return []docs.Diagnostic{}
	}
	return t.Diagnostics
}

// Exit is the exit of a finished run: interrupted 130, a write refused for the key 4, failures or unknown
// outcomes 1, conflicts under on-conflict: fail 1, changes with --detailed-exitcode 2, else success.
func Exit(res *report.SyncResult, rep *apply.Report, onConflict config.OnConflict, detailedExitCode bool) error {
	switch {
	case res.Interrupted:
		return cmdutil.Silent(cmdutil.ExitInterrupted)
	case rep != nil && rep.KeyRefused != nil:
		return cmdutil.Silent(cmdutil.ExitAuth)
	case res.Counts.Failed > 0 || res.Counts.Unknown > 0:
		return cmdutil.Silent(cmdutil.ExitFailure)
	case res.Counts.Conflicts > 0 && onConflict == config.ConflictFail:
		return cmdutil.Silent(cmdutil.ExitFailure)
	case detailedExitCode && res.Counts.Changes() > 0:
		return cmdutil.Silent(cmdutil.ExitChanges)
	}
	return nil
}
