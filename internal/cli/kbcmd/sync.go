package kbcmd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/keys"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
)

// SyncOptions are the inputs of `kb sync`.
type SyncOptions struct {
	Dir              string
	DryRun           bool
	Diff             bool
	DetailedExitCode bool
	Prune            bool
	PruneMode        string
	MaxDelete        int
	Concurrency      int
	FailFast         bool
	Strict           bool
	ResultJSON       string
	Force            bool
}

// NewCmdSync returns `atender kb sync`. runF replaces the behaviour in flag-parsing tests.
func NewCmdSync(f *cmdutil.Factory, runF func(*cobra.Command, *SyncOptions) error) *cobra.Command {
	o := &SyncOptions{}
	cmd := &cobra.Command{
		Use:   "sync [DIR]",
		Short: "Make the Knowledge Base match a docs tree: plan, then apply",
		Long: `Validate DIR (default: config ` + "`path`" + `, else docs), list what the KB holds (every article, archived
included), plan the changes and apply them:

  + create    articles (and categories, subcategories, tags) the KB lacks
  ~ update    only the fields that changed; an archived twin is restored
  - archive   with --prune, articles of the tree's categories that the tree no longer has
  = unchanged counted, never sent

An invalid tree sends nothing (exit 3). A second run on an unchanged tree sends no write. Nothing is removed
without --prune, never more than --max-delete, and never after an earlier error in the same run. Ctrl-C
lets requests in flight finish, starts nothing new, prints what was done and exits 130; a rerun converges.

With --detailed-exitcode the exit code is 2 when there were changes (planned with --dry-run, or made).` + cmdutil.ExitCodesHelp,
		Example: `  # what would change
  atender kb sync docs --dry-run --diff

  # apply, archiving articles whose files were deleted (at most 10)
  atender kb sync docs --prune

  # CI: fail the job when the KB is out of date
  atender kb sync docs --dry-run --detailed-exitcode`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			if o.PruneMode != "archive" && o.PruneMode != "delete" {
				return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("--prune-mode %q: use archive or delete", o.PruneMode))
			}
			if o.MaxDelete < 0 {
				return cmdutil.Exit(cmdutil.ExitFailure, errors.New("--max-delete must be 0 or more"))
			}
			if runF != nil {
				return runF(cmd, o)
			}
			return runSync(cmd.Context(), cmd, f, o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the plan and send no write")
	fl.BoolVar(&o.Diff, "diff", false, "with the plan, show unified diffs of changed titles, summaries and content")
	fl.BoolVar(&o.DetailedExitCode, "detailed-exitcode", false, "exit 2 when there are changes, 0 when in sync")
	fl.BoolVar(&o.Prune, "prune", false, "remove remote articles of the tree's categories whose files are gone")
	fl.StringVar(&o.PruneMode, "prune-mode", "archive", "how --prune removes: archive or delete (hard delete)")
	fl.IntVar(&o.MaxDelete, "max-delete", 10, "refuse to run when the plan removes more articles than this")
	fl.IntVar(&o.Concurrency, "concurrency", 0, "parallel requests (default: by rate tier, 2 on starter, up to 8)")
	fl.BoolVar(&o.FailFast, "fail-fast", false, "stop at the first failed article")
	fl.BoolVar(&o.Strict, "strict", false, "treat every docs warning as an error")
	fl.BoolVar(&o.Force, "force", false, "overwrite articles edited in Atender since the last sync (same as on-conflict: overwrite)")
	fl.StringVar(&o.ResultJSON, "result-json", "", "also write the JSON result to this file (in GitHub Actions: $RUNNER_TEMP/atender-result.json)")
	return cmd
}

func runSync(ctx context.Context, cmd *cobra.Command, f *cmdutil.Factory, o *SyncOptions) error {
	start := time.Now()
	cfg, err := f.Config(cmd.Flags())
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	mode := f.OutputMode(cfg)
	tree, err := loadTree(cfg, o.Dir, o.Strict)
	if err != nil {
		return err
	}
	repoRoot := report.RepoRoot(f.Getenv, tree.Root)
	// Diagnostics go to people (stderr), as annotations in GitHub; JSON output keeps stdout for the result.
	if len(tree.Diagnostics) > 0 {
		switch mode {
		case report.GitHub:
			for _, d := range tree.Diagnostics {
				fmt.Fprintln(f.IO.Out, report.Annotation(d, report.RepoPath(tree.Root, d.Path, repoRoot)))
			}
		default:
			for _, d := range tree.Diagnostics {
				fmt.Fprintln(f.IO.ErrOut, d.String())
			}
		}
	}
	if tree.Errors() > 0 {
		if mode == report.JSON { // machines get the diagnostics as kb validate gives them
			report.WriteJSON(f.IO.Out, report.DiagnosticsOf(tree))
		}
		fmt.Fprintln(f.IO.ErrOut, report.Summary(tree))
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	if o.Prune && len(tree.Pages) == 0 {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("refusing to --prune with a docs tree of no articles (%s): that would remove everything. Check the path", tree.Root))
	}
	client, remote, err := connect(ctx, f, cfg)
	if err != nil {
		return err
	}
	onConflict := cfg.OnConflict
	if o.Force {
		onConflict = "overwrite"
	}
	edited, err := editedOutside(f, tree, remote, onConflict)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	pl := plan.Make(tree, remote, plan.Options{Prune: o.Prune, PruneMode: o.PruneMode, Edited: edited, SkipConflicts: onConflict == "skip"})
	if n := pl.Removals(); n > o.MaxDelete {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("the plan would %s %d articles, more than --max-delete %d; nothing was written. Check with --dry-run, then rerun with --max-delete %d if that is intended", o.PruneMode, n, o.MaxDelete, n))
	}
	budgetWarning(f, client, pl)

	publicBase := report.PublicBase(cfg.BaseURL, cfg.Links.BaseURL)
	if mode != report.JSON {
		if mode == report.GitHub {
			fmt.Fprintln(f.IO.Out, "::group::Plan")
		}
		report.PlanText(f.IO.Out, pl, o.Diff, f.IO.OutColor && mode == report.Text)
		if mode == report.GitHub {
			fmt.Fprintln(f.IO.Out, "::endgroup::")
		}
	}

	var rep *apply.Report
	if !o.DryRun {
		conc := o.Concurrency
		if conc <= 0 {
			conc = defaultConcurrency(client)
		}
		prog := newProgress(f, mode, client, pl.Writes())
		rep = apply.Apply(ctx, client, pl, remote, apply.Options{Concurrency: conc, FailFast: o.FailFast, Progress: prog.update,
			PublicURL: func(s string) string { return publicBase + facts.PublicPath(s) }})
		prog.done()
	}
	res := report.Build(pl, rep, cfg.BaseURL, publicBase)
	res.Requests = client.Requests()
	res.DurationMs = time.Since(start).Milliseconds()

	if err := writeResults(f, mode, o, res, func(rel string) string { return report.RepoPath(tree.Root, rel, repoRoot) }); err != nil {
		f.Warn("%v", err)
	}
	switch {
	case res.Interrupted:
		return cmdutil.Silent(cmdutil.ExitInterrupted)
	case authFailure(rep):
		fmt.Fprintln(f.IO.ErrOut, "the key was refused for writing (401/403): `atender keys verify` shows which scope is missing and what to do")
		return cmdutil.Silent(cmdutil.ExitAuth)
	case res.Counts.Failed > 0:
		return cmdutil.Silent(cmdutil.ExitFailure)
	case o.DryRun && res.Counts.Conflicts > 0 && onConflict == "fail":
		return cmdutil.Silent(cmdutil.ExitFailure)
	case o.DetailedExitCode && res.Counts.Changes() > 0:
		return cmdutil.Silent(cmdutil.ExitChanges)
	}
	return nil
}

// authFailure reports whether any write failed for the key's sake (401 or 403): that is a key problem
// (exit 4), not a passing error.
func authFailure(rep *apply.Report) bool {
	if rep == nil {
		return false
	}
	for _, r := range rep.Results {
		if st := kb.StatusOf(r.Err); st == http.StatusUnauthorized || st == http.StatusForbidden {
			return true
		}
	}
	return false
}

// editedOutside finds the articles edited in Atender since they were last synced, judged by the Git history
// of their files (see package conflict); the planner holds their updates back. With on-conflict: overwrite
// nothing is checked.
func editedOutside(f *cmdutil.Factory, tree *docs.Tree, remote *inventory.Remote, onConflict string) (map[string]bool, error) {
	if onConflict == "overwrite" {
		return nil, nil
	}
	ev, err := conflict.Detect(tree, inventory.NewIndex(remote))
	if err != nil {
		return nil, err
	}
	if ev.Off != "" {
		f.Warn("conflict detection is off: %s. Updates proceed without checking for edits made in the Atender editor", ev.Off)
	}
	return ev.Edited, nil
}

// connect checks the key, makes a client and lists what the KB holds: what every command that reads the KB
// does first.
func connect(ctx context.Context, f *cmdutil.Factory, cfg *config.Config) (*kb.Client, *inventory.Remote, error) {
	if err := f.CheckKey(cfg); err != nil {
		return nil, nil, err
	}
	client := f.Client(cfg)
	remote, err := listRemote(ctx, client, cfg)
	return client, remote, err
}

// listRemote fetches the inventory. A failure comes back explained, with its exit code: a key problem gets
// the keys verify diagnosis.
func listRemote(ctx context.Context, c *kb.Client, cfg *config.Config) (*inventory.Remote, error) {
	r, err := inventory.Fetch(ctx, c)
	if err == nil {
		return r, nil
	}
	if ctx.Err() != nil {
		return nil, cmdutil.Exit(cmdutil.ExitInterrupted, errors.New("interrupted while listing the KB; nothing was written"))
	}
	p := keys.Classify(err, cfg, facts.ScopeRead)
	msg := p.Message
	if p.Fix != "" {
		msg += "\n  what to do: " + p.Fix
	}
	if p.ExitCode() == cmdutil.ExitAuth {
		msg += "\n  (atender keys verify checks the key in detail)"
	}
	return nil, cmdutil.Exit(p.ExitCode(), fmt.Errorf("listing the KB: %s", msg))
}

// defaultConcurrency suits the rate tier the server announced: on starter a request a second leaves
// nothing to gain from more than two workers; larger tiers use more.
func defaultConcurrency(c *kb.Client) int {
	limit := c.LastResponse().RateLimit.Limit
	switch {
	case limit > 0 && limit <= 70:
		return 2
	case limit > 0 && limit <= 350:
		return 4
	}
	return 8
}

// budgetWarning warns when the planned writes would not fit the daily cap of the key's tier.
func budgetWarning(f *cmdutil.Factory, c *kb.Client, p *plan.Plan) {
	daily := map[int]int{70: 10_000, 350: 100_000, 1200: 1_000_000}[c.LastResponse().RateLimit.Limit]
	if daily > 0 && p.Writes()+c.Requests() > daily {
		f.Warn("this sync plans %d writes, more than the daily budget of %d requests of this key's tier; it will stop at the cap (429 until midnight UTC) and a rerun tomorrow finishes it", p.Writes(), daily)
	}
}

func writeResults(f *cmdutil.Factory, mode string, o *SyncOptions, res *report.SyncResult, repoPath func(string) string) error {
	resultPath := o.ResultJSON
	inActions := f.Getenv("GITHUB_ACTIONS") == "true" || mode == report.GitHub
	if resultPath == "" && inActions {
		dir := f.Getenv("RUNNER_TEMP")
		if dir == "" {
			dir = os.TempDir()
		}
		resultPath = filepath.Join(dir, "atender-result.json")
	}
	var errs []error
	if resultPath != "" {
		var b strings.Builder
		report.WriteJSON(&b, res)
		if err := os.WriteFile(resultPath, []byte(b.String()), 0o644); err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", resultPath, err))
		}
	}
	switch mode {
	case report.JSON:
		report.WriteJSON(f.IO.Out, res)
	case report.GitHub:
		for _, a := range res.Articles {
			if a.Result == "failed" {
				msg := a.Error
				if a.Path != "" {
					fmt.Fprintln(f.IO.Out, report.Annotation(docsDiag(a.Path, msg), repoPath(a.Path)))
					continue
				}
				fmt.Fprintf(f.IO.Out, "::error title=%s::%s\n", a.Slug, msg)
			}
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(f.IO.Out, "::warning title=atender::%s\n", w)
		}
		report.SummaryText(f.IO.ErrOut, res)
	default:
		report.SummaryText(f.IO.ErrOut, res)
	}
	if inActions {
		if p := f.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
			if err := report.AppendFile(p, report.GitHubSummary(res)); err != nil {
				errs = append(errs, fmt.Errorf("writing the job summary: %w", err))
			}
		}
		if p := f.Getenv("GITHUB_OUTPUT"); p != "" {
			if err := report.AppendFile(p, report.GitHubOutputs(res, resultPath)); err != nil {
				errs = append(errs, fmt.Errorf("writing step outputs: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}
