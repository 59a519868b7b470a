package kbcmd

import (
	"context"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/syncrun"
)

// syncState is one kb sync as it goes through the stages: what each stage produced, and the command's
// sinks (printer, result files) that show it.
type syncState struct {
	o     *SyncOptions
	start time.Time
	cfg   *config.Config
	pr    report.Printer
	// wrote says the result files are written (by writeResults): an error after that has nothing more
	// to leave.
	wrote bool

	tree       *docs.Tree
	repoRoot   string
	client     kb.API
	ix         *inventory.Index
	onConflict config.OnConflict
	plan       *plan.Plan
	rep        *apply.Report // nil in a dry run
	// cannotWrite says a dry run's key would be refused at its first write (nil: it may, or not asked).
	cannotWrite *report.KeyCannotWrite
}

// startSync reads the configuration and picks the printer of its output mode.
func startSync(o *SyncOptions) (*syncState, error) {
	s := &syncState{o: o, start: o.Now()}
	cfg, err := o.Config()
	if err != nil {
		writeFailure(o, nil, err, nil)
		return nil, err
	}
	s.cfg = cfg
	s.pr = report.NewPrinter(cfg.Output, o.IO.Out, o.IO.ErrOut)
	if cfg.Output == config.OutputText {
		s.pr = report.NewTextPrinter(o.IO.Out, o.IO.ErrOut, o.IO.OutColor)
	}
	s.onConflict = cfg.OnConflict
	if o.Force {
		s.onConflict = config.ConflictOverwrite
	}
	return s, nil
}

// failed leaves the result JSON (with its error), the step outputs and the job summary of a sync that
// stopped before it had a result: the workflow's artifact upload and its next steps need them most then.
func (s *syncState) failed(err *error) {
	if *err != nil && !s.wrote {
		writeFailure(s.o, s.cfg, *err, s.tree)
	}
}

// load reads the tree and shows its diagnostics (to people on stderr, as annotations in GitHub; JSON
// output keeps stdout for the result).
func (s *syncState) load(ctx context.Context) error {
	tree, err := syncrun.Load(ctx, s.cfg, s.o.Dir, false)
	if err != nil {
		return err
	}
	s.tree = tree
	s.repoRoot = report.RepoRoot(s.o.Env.Workspace, tree.Root)
	s.pr.TreeProblems(tree, s.repoRoot)
	if tree.Errors() > 0 {
		s.pr.InvalidTree(tree, s.o.DryRun)
	}
	return syncrun.Check(tree, s.o.Prune)
}

func (s *syncState) planOptions() syncrun.PlanOptions {
	return syncrun.PlanOptions{Config: s.cfg, OnConflict: s.onConflict, Prune: s.o.Prune, Warnf: s.o.IO.Warnf, PruneScope: s.o.PruneScope, Adopt: s.o.Adopt}
}

// guard shows the plan between the two guards: a plan over --max-delete is shown with its removals
// marked and refused; one that needs confirmation is shown, then asked about.
func (s *syncState) guard() error {
	if g := syncrun.GuardMaxDelete(s.plan, string(s.cfg.PruneMode), s.o.MaxDelete); g != nil {
		s.pr.Plan(s.plan, s.o.Diff, g.Marker())
		s.writeResults(syncrun.Blocked(s.plan, g, s.resultOptions()))
		return cmdutil.Exit(cmdutil.ExitFailure, g)
	}
	if w := syncrun.BudgetWarning(s.client, s.plan); w != "" {
		s.o.IO.Warnf("%s", w)
	}
	s.pr.Plan(s.plan, s.o.Diff, "")
	return syncrun.GuardConfirm(s.plan, syncrun.ConfirmOptions{DryRun: s.o.DryRun, Yes: s.o.Yes, Force: s.o.Force,
		Ask: func(why string) bool { return confirmed(s.o.IO, why) }})
}

// apply runs the plan, unless this is a dry run, with a progress bar on a terminal.
func (s *syncState) apply(ctx context.Context) {
	if s.o.DryRun {
		return
	}
	prog := newProgress(s.o.IO, s.cfg.Output, s.client, s.plan.Writes())
	s.rep = syncrun.Apply(ctx, s.client, s.plan, syncrun.ApplyOptions{Config: s.cfg, Tree: s.tree, MaxDelete: s.o.MaxDelete, FailFast: s.o.FailFast,
		Progress: prog.update, InFlight: s.o.InFlight, PublicBase: s.publicBase(), Warnf: s.o.IO.Warnf})
	prog.done()
}

// finish reports the run on every sink and says how it exits.
func (s *syncState) finish() error {
	res := syncrun.Result(s.plan, s.rep, s.resultOptions())
	refusedWrite(s.o.IO, s.cfg, s.rep)
	s.writeResults(res)
	return syncrun.Exit(res, s.rep, s.onConflict, s.o.DetailedExitCode)
}

func (s *syncState) publicBase() string { return report.PublicBase(s.cfg.BaseURL, s.cfg.Links.BaseURL) }

func (s *syncState) resultOptions() syncrun.ResultOptions {
	return syncrun.ResultOptions{Config: s.cfg, Tree: s.tree, PublicBase: s.publicBase(), Requests: syncrun.Requests(s.client),
		Duration: s.o.Now().Sub(s.start)}
}

// writeResults prints the result and writes the result files; a file that cannot be written is a warning.
func (s *syncState) writeResults(res *report.SyncResult) {
	s.wrote = true
	res.KeyCannotWrite = s.cannotWrite
	if s.o.Diff {
		report.AddDiffs(res, s.plan)
	}
	repoPath := func(rel string) string { return report.RepoPath(s.tree.Root, rel, s.repoRoot) }
	if err := writeResults(s.o, s.cfg.Output, s.pr, res, repoPath); err != nil {
		s.o.IO.Warnf("%v", err)
	}
}
