package syncrun

import (
	"fmt"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/plan"
)

// Check refuses a tree the run must not go on with: one with errors (exit 3; its diagnostics are the
// caller's to print) and, with prune, one of no articles, which would remove everything.
func Check(tree *docs.Tree, prune bool) error {
	if tree.Errors() > 0 {
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	if prune && len(tree.Pages) == 0 {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("refusing to --prune with a docs tree of no articles (%s): that would remove everything. Check the path", tree.Root))
	}
	return nil
}

// PlanOptions are the inputs of the plan stage besides the tree and the index.
type PlanOptions struct {
	Config *config.Config
	// OnConflict is the configured on-conflict, or overwrite for --force.
	OnConflict config.OnConflict
	Prune      bool
	// Warnf tells people that conflict detection is off (and why); nil says nothing.
	Warnf func(format string, args ...any)
	// PruneScope is plan.PruneOurs ("") or plan.PruneCategories (--prune-scope); Adopt the slugs --adopt
	// lets the tree take over.
	PruneScope string
	Adopt      []string
}

// Plan is the plan stage: it finds the articles edited in Atender since they were last synced (see
// package conflict; none are looked for with on-conflict: overwrite), refuses a listing whose slugs are
// ambiguous for this tree, and plans on the run's one index.
func Plan(tree *docs.Tree, ix *inventory.Index, o PlanOptions) (*plan.Plan, error) {
	sh := history.NewShared(tree.Root) // one `git log` for conflict detection and ownership
	defer sh.Close()
	diffs := plan.DiffAll(tree, ix) // each page compared once, for conflict detection, ownership and the plan
	edited, err := editedOutside(tree, ix, o, sh, diffs)
	if err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	if err := plan.CheckRemoteSlugs(tree, ix.Remote); err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("%w. Nothing was planned or written", err))
	}
	po := plan.Options{Prune: o.Prune, PruneMode: string(o.Config.PruneMode), Edited: edited, SkipConflicts: o.OnConflict == config.ConflictSkip, Diffs: diffs}
	if err := owners(tree, ix, o, sh, &po); err != nil {
		return nil, err
	}
	return plan.Make(tree, ix, po), nil
}

// editedOutside is the conflict evidence: the edited articles with the fields no input explains.
func editedOutside(tree *docs.Tree, ix *inventory.Index, o PlanOptions, sh *history.Shared, diffs plan.Diffs) (map[string][]string, error) {
	if o.OnConflict == config.ConflictOverwrite {
		return nil, nil
	}
	co := ConflictOptions(o.Config)
	co.History, co.Diffs = sh, diffs
	ev, err := conflict.Detect(tree, ix, co)
	if err != nil {
		return nil, err
	}
	if ev.Off != "" && o.Warnf != nil {
		o.Warnf("conflict detection is off: %s. Updates proceed without checking for edits made in the Atender editor", ev.Off)
	}
	return ev.Edited, nil
}

// ConflictOptions tells conflict detection where the configuration and the record of sent values are.
func ConflictOptions(cfg *config.Config) conflict.Options {
	builtin, _ := config.Lookup("defaults.status")
	return conflict.Options{ConfigFile: cfg.ConfigFile, Builtin: conflict.Defaults{Status: builtin.Default}, KB: recordKey(cfg)}
}

// recordKey names the knowledge base whose record of sent values is kept: base URL and kbId.
func recordKey(cfg *config.Config) string {
	if cfg.KBID == "" {
		return cfg.BaseURL
	}
	return cfg.BaseURL + "?kbId=" + cfg.KBID
}

// Remember records what this run sent (or found equal) for each article it settled, so that the next run
// on this machine can tell its own uncommitted edits from edits made in Atender (see package conflict).
func Remember(cfg *config.Config, tree *docs.Tree, rep *apply.Report) error {
	var pages []*docs.Page
	for _, r := range rep.Results {
		if r.Status == apply.OK && r.Action.Page != nil && (r.Action.Kind == plan.Create || r.Action.Kind == plan.Update || r.Action.Kind == plan.Unchanged) {
			pages = append(pages, r.Action.Page)
		}
	}
	return conflict.Remember(tree.Root, recordKey(cfg), pages)
}
