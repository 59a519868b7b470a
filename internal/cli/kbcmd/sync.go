package kbcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
	"github.com/atender/atender/internal/syncrun"
	"github.com/spf13/cobra"
)

// SyncOptions are the inputs and dependencies of `kb sync`; syncRun needs nothing else.
type SyncOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	Client func() (kb.API, error)
	Now    func() time.Time
	// Env is where the program runs (GitHub Actions: the job summary, step outputs and result file are written).
	Env runenv.Env

	Dir              string
	DryRun           bool
	Diff             bool
	DetailedExitCode bool
	Prune            bool
	MaxDelete        int
	FailFast         bool
	ResultJSON       string
	Force            bool
	Yes              bool
	// PruneScope is "ours" (only what this repository published) or "categories"; Adopt the slugs of
	// articles not published from here that the tree may take over.
	PruneScope string
	Adopt      []string
	// InFlight, when set, is kept up to date with the writes in flight (for a second Ctrl-C's message).
	InFlight *apply.InFlight
}

// NewCmdSync returns `atender kb sync`. runF replaces the behaviour in flag-parsing tests.
func NewCmdSync(f *cmdutil.Factory, runF func(context.Context, *SyncOptions) error) *cobra.Command {
	o := &SyncOptions{IO: f.IO, Now: f.Now, Env: f.Env}
	cmd := &cobra.Command{
		Use:   "sync [DIR]",
		Short: "Make the Knowledge Base match a docs tree: plan, then apply",
		Long: `Validate DIR (default: config ` + "`path`" + `, else docs), list what the KB holds (every article, archived
included), plan the changes and apply them:

  + create    articles (and categories, subcategories, tags) the KB lacks
  ~ update    only the fields that changed; an archived twin is restored
  - archive   with --prune, articles this repository published that the tree no longer has
  = unchanged counted, never sent
  ! conflict  an article edited in Atender, or one the tree does not own (another category, or not
              published from this repository): left untouched unless adopted (--adopt SLUG)

An article is this repository's when its slug is, or was at some commit, the slug of a file under the docs
folder (Git history, renames followed), or this machine sent it. --prune leaves every other article alone and
names it; outside Git or in a shallow clone it refuses, unless --prune-scope categories asks for the older
rule (every article of the tree's categories whose slug the tree lacks).

An invalid tree sends nothing (exit 3). A second run on an unchanged tree sends no write. Nothing is removed
without --prune, never more than --max-delete, and never after an earlier error in the same run. Ctrl-C
lets requests in flight finish, starts nothing new, prints what was done and exits 130; a rerun converges.

--dry-run changes nothing. When its plan has writes it sends one request that changes nothing (an empty
PATCH to an article id that cannot exist, as keys verify does) and, if the key could not write (401/403),
says so in a notice; the exit code stays the same.

With --detailed-exitcode the exit code is 2 when there were changes (planned with --dry-run, or made).` + cmdutil.ExitCodesHelp,
		Example: `  # what would change
  atender kb sync docs --dry-run --diff

  # apply, archiving articles whose files were deleted (at most 10)
  atender kb sync docs --prune

  # CI: fail the job when the KB is out of date
  atender kb sync docs --dry-run --detailed-exitcode`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			if o.MaxDelete < 0 {
				return cmdutil.FlagErrorf("--max-delete must be 0 or more")
			}
			if o.PruneScope != plan.PruneOurs && o.PruneScope != plan.PruneCategories {
				return cmdutil.FlagErrorf("--prune-scope %q: use ours or categories", o.PruneScope)
			}
			if v := cmd.Flags().Lookup("prune-mode"); v.Changed {
				if _, err := config.ParsePruneMode(v.Value.String()); err != nil {
					return &cmdutil.FlagError{Err: err}
				}
			}
			o.Config = f.ConfigFunc(cmd.Flags(), o.Dir)
			o.InFlight = apply.NewInFlight()
			f.Interrupts.Track(o.InFlight.Writes)
			client := f.ClientFunc(o.Config, nil)
			o.Client = func() (kb.API, error) { return client() }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return syncRun(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the plan and change nothing (a plan with writes sends one change-nothing request to check that the key may write)")
	fl.BoolVar(&o.Diff, "diff", false, "with the plan, show unified diffs of changed titles, summaries and content")
	fl.BoolVar(&o.DetailedExitCode, "detailed-exitcode", false, "exit 2 when there are changes, 0 when in sync")
	fl.BoolVar(&o.Prune, "prune", false, "remove remote articles of the tree's categories whose files are gone")
	config.AddFlag(fl, "prune-mode")
	config.AddFlag(fl, "on-conflict")
	fl.StringVar(&o.PruneScope, "prune-scope", plan.PruneOurs, "what --prune may remove: ours (articles this repository published) or categories (every article of the tree's categories)")
	fl.StringSliceVar(&o.Adopt, "adopt", nil, "let the tree take over the article of this slug although it was not published from this repository or is in another category (repeatable)")
	fl.IntVar(&o.MaxDelete, "max-delete", 10, "refuse to run when the plan removes more articles than this")
	config.AddFlag(fl, "concurrency")
	fl.BoolVar(&o.FailFast, "fail-fast", false, "stop at the first failed article")
	config.AddFlag(fl, "strict")
	config.AddFlag(fl, "preset")
	fl.BoolVar(&o.Force, "force", false, "overwrite articles edited in Atender since the last sync (same as on-conflict: overwrite)")
	fl.BoolVar(&o.Yes, "yes", false, "confirm a first sync of many articles into a KB whose article listing is empty although it has categories")
	fl.StringVar(&o.ResultJSON, "result-json", "", "also write the JSON result to this file (in GitHub Actions: $RUNNER_TEMP/atender-result.json)")
	return cmd
}

// syncRun runs the stages of a sync (see package syncrun) one after the other; each returns what the next
// one reads, and the first error ends the run.
func syncRun(ctx context.Context, o *SyncOptions) (err error) {
	s, err := startSync(o)
	if err != nil {
		return err
	}
	defer s.failed(&err)
	if err = s.load(ctx); err != nil {
		return err
	}
	if s.client, s.ix, err = syncrun.Connect(ctx, o.Client, s.cfg); err != nil {
		return err
	}
	if s.plan, err = syncrun.Plan(s.tree, s.ix, s.planOptions()); err != nil {
		return err
	}
	if o.DryRun {
		s.probeWrite(ctx)
	}
	if err = s.guard(); err != nil {
		return err
	}
	s.apply(ctx)
	return s.finish()
}

// confirmed asks on a terminal whether a suspicious plan may run (see plan.Plan.Confirm). Without one (CI, a
// pipe) the answer is no: --yes says it.
func confirmed(io *cmdutil.IOStreams, why string) bool {
	if !io.Prompt {
		return false
	}
	fmt.Fprintf(io.ErrOut, "%s.\nCreate them anyway? [y/N] ", why)
	line, _ := bufio.NewReader(io.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

// writeResults prints the result in the output mode and, in GitHub Actions, writes the result file, the
// job summary (also as $RUNNER_TEMP/atender-summary.md, for a pull-request comment) and the step outputs.
func writeResults(o *SyncOptions, mode config.Output, pr report.Printer, res *report.SyncResult, repoPath func(string) string) error {
	inActions, resultPath := resultSinks(o, mode)
	var errs []error
	if resultPath != "" {
		var b strings.Builder
		report.WriteJSON(&b, res)
		if err := o.IO.WriteFile(resultPath, b.String()); err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", resultPath, err))
		}
	}
	if pr != nil {
		pr.Result(res, repoPath)
	}
	if !inActions {
		return errors.Join(errs...)
	}
	summary := report.GitHubSummary(res, o.IO.Annotations.Count())
	if p := o.Env.StepSummary; p != "" {
		if err := o.IO.AppendFile(p, summary); err != nil {
			errs = append(errs, fmt.Errorf("writing the job summary: %w", err))
		}
	}
	summaryPath := ""
	if dir := o.Env.RunnerTemp; dir != "" {
		summaryPath = filepath.Join(dir, "atender-summary.md")
		if err := o.IO.WriteFile(summaryPath, summary); err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", summaryPath, err))
			summaryPath = ""
		}
	}
	if p := o.Env.Outputs; p != "" {
		if err := o.IO.AppendFile(p, report.GitHubOutputs(res, resultPath, summaryPath)); err != nil {
			errs = append(errs, fmt.Errorf("writing step outputs: %w", err))
		}
	}
	return errors.Join(errs...)
}
