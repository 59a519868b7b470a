package kbcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/explain"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// SyncOptions are the inputs and dependencies of `kb sync`; syncRun needs nothing else.
type SyncOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	Client func() (kb.API, error)
	Now    func() time.Time
	Getenv func(string) string

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
	// InFlight, when set, is kept up to date with the writes in flight (for a second Ctrl-C's message).
	InFlight *apply.InFlight
}

// NewCmdSync returns `atender kb sync`. runF replaces the behaviour in flag-parsing tests.
func NewCmdSync(f *cmdutil.Factory, runF func(context.Context, *SyncOptions) error) *cobra.Command {
	o := &SyncOptions{IO: f.IO, Now: f.Now, Getenv: f.Getenv}
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
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			if o.MaxDelete < 0 {
				return cmdutil.FlagErrorf("--max-delete must be 0 or more")
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
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the plan and send no write")
	fl.BoolVar(&o.Diff, "diff", false, "with the plan, show unified diffs of changed titles, summaries and content")
	fl.BoolVar(&o.DetailedExitCode, "detailed-exitcode", false, "exit 2 when there are changes, 0 when in sync")
	fl.BoolVar(&o.Prune, "prune", false, "remove remote articles of the tree's categories whose files are gone")
	config.AddFlag(fl, "prune-mode")
	config.AddFlag(fl, "on-conflict")
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

func syncRun(ctx context.Context, o *SyncOptions) (err error) {
	start := o.Now()
	cfg, err := o.Config()
	if err != nil {
		writeFailure(o, nil, err, nil)
		return err
	}
	wrote := false // the result files are written (by writeResults, or below for an early failure)
	var tree *docs.Tree
	defer func() {
		// A sync that stops before it has a result still leaves the result JSON (with its error), the step
		// outputs and the job summary: the workflow's artifact upload and its next steps need them most then.
		if err != nil && !wrote {
			writeFailure(o, cfg, err, tree)
		}
	}()
	pr := report.NewPrinter(cfg.Output, o.IO.Out, o.IO.ErrOut)
	if cfg.Output == config.OutputText {
		pr = report.NewTextPrinter(o.IO.Out, o.IO.ErrOut, o.IO.OutColor)
	}
	tree, err = loadTree(ctx, cfg, o.Dir, false)
	if err != nil {
		return err
	}
	repoRoot := report.RepoRoot(o.Getenv, tree.Root)
	// Diagnostics go to people (stderr), as annotations in GitHub; JSON output keeps stdout for the result.
	pr.TreeProblems(tree, repoRoot)
	if tree.Errors() > 0 {
		pr.InvalidTree(tree, o.DryRun)
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	if o.Prune && len(tree.Pages) == 0 {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("refusing to --prune with a docs tree of no articles (%s): that would remove everything. Check the path", tree.Root))
	}
	client, remote, err := connect(ctx, o.Client, cfg)
	if err != nil {
		return err
	}
	onConflict := cfg.OnConflict
	if o.Force {
		onConflict = config.ConflictOverwrite
	}
	ix := inventory.NewIndex(remote)
	edited, err := editedOutside(o.IO, cfg, tree, ix, onConflict)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	if err := plan.CheckRemoteSlugs(tree, remote); err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("%w. Nothing was planned or written", err))
	}
	pl := plan.Make(tree, ix, plan.Options{Prune: o.Prune, PruneMode: string(cfg.PruneMode), Edited: edited, SkipConflicts: onConflict == config.ConflictSkip})
	publicBase := report.PublicBase(cfg.BaseURL, cfg.Links.BaseURL)
	repoPath := func(rel string) string { return report.RepoPath(tree.Root, rel, repoRoot) }
	if n := pl.Removals(); n > o.MaxDelete {
		// The whole plan is shown (a dry run is for looking), the removals the guard stops are marked, and
		// nothing is written.
		err := fmt.Errorf("the plan would %s %d articles, more than --max-delete %d; nothing was written. Check the plan, then rerun with --max-delete %d if that is intended", cfg.PruneMode, n, o.MaxDelete, n)
		pr.Plan(pl, o.Diff, fmt.Sprintf("over --max-delete %d", o.MaxDelete))
		res := report.Build(pl, nil, cfg.BaseURL, publicBase)
		res.Diagnostics = diagnosticsOf(tree)
		for i, a := range res.Articles {
			if a.Action == "archive" || a.Action == "delete" {
				res.Articles[i].Result = "blocked"
			}
		}
		res.Requests, res.DurationMs = requestsOf(client), o.Now().Sub(start).Milliseconds()
		res.Error = &report.ErrorInfo{Code: "max_delete", Message: err.Error(), Hint: fmt.Sprintf("rerun with --max-delete %d if these removals are intended", n)}
		wrote = true
		if werr := writeResults(o, cfg.Output, pr, res, repoPath); werr != nil {
			o.IO.Warnf("%v", werr)
		}
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	budgetWarning(o.IO, client, pl)
	pr.Plan(pl, o.Diff, "")

	if pl.Confirm != "" && !o.DryRun && !o.Yes && !o.Force && !confirmed(o.IO, pl.Confirm) {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("%s. Nothing was written: check the plan (--dry-run), then rerun with --yes if the KB really has no articles", pl.Confirm))
	}

	var rep *apply.Report
	if !o.DryRun {
		conc := concurrency(cfg, client)
		prog := newProgress(o.IO, cfg.Output, client, pl.Writes())
		rep = apply.Apply(ctx, client, pl, apply.Options{MaxDelete: o.MaxDelete, Concurrency: conc, FailFast: o.FailFast, Progress: prog.update, InFlight: o.InFlight,
			PublicURL: func(s string) string { return publicBase + facts.PublicPath(s) }})
		prog.done()
		remember(o.IO, cfg, tree, rep)
	}
	res := report.Build(pl, rep, cfg.BaseURL, publicBase)
	res.Diagnostics = diagnosticsOf(tree)
	pages := tree.PageCounts()
	res.Pages = &pages
	res.Requests = requestsOf(client)
	res.DurationMs = o.Now().Sub(start).Milliseconds()

	wrote = true
	refusedWrite(o.IO, cfg, rep)
	if err := writeResults(o, cfg.Output, pr, res, repoPath); err != nil {
		o.IO.Warnf("%v", err)
	}
	switch {
	case res.Interrupted:
		return cmdutil.Silent(cmdutil.ExitInterrupted)
	case rep != nil && rep.KeyRefused != nil:
		return cmdutil.Silent(cmdutil.ExitAuth)
	case res.Counts.Failed > 0 || res.Counts.Unknown > 0:
		return cmdutil.Silent(cmdutil.ExitFailure)
	case res.Counts.Conflicts > 0 && onConflict == config.ConflictFail:
		return cmdutil.Silent(cmdutil.ExitFailure)
	case o.DetailedExitCode && res.Counts.Changes() > 0:
		return cmdutil.Silent(cmdutil.ExitChanges)
	}
	return nil
}

// confirmed asks on a terminal whether a suspicious plan may run (see plan.Plan.Confirm). Without one (CI, a
// pipe) the answer is no: --yes says it.
func confirmed(io *cmdutil.IOStreams, why string) bool {
	in, ok := io.In.(*os.File)
	if !ok || !io.ErrTTY || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	fmt.Fprintf(io.ErrOut, "%s.\nCreate them anyway? [y/N] ", why)
	line, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func diagnosticsOf(t *docs.Tree) []docs.Diagnostic {
	if t.Diagnostics == nil {
		return []docs.Diagnostic{}
	}
	return t.Diagnostics
}

// editedOutside finds the articles edited in Atender since they were last synced, judged by the Git history
// of their files (see package conflict); the planner holds their updates back. With on-conflict: overwrite
// nothing is checked.
func editedOutside(io *cmdutil.IOStreams, cfg *config.Config, tree *docs.Tree, ix *inventory.Index, onConflict config.OnConflict) (map[string][]string, error) {
	if onConflict == config.ConflictOverwrite {
		return nil, nil
	}
	ev, err := conflict.Detect(tree, ix, conflictOptions(cfg))
	if err != nil {
		return nil, err
	}
	if ev.Off != "" {
		io.Warnf("conflict detection is off: %s. Updates proceed without checking for edits made in the Atender editor", ev.Off)
	}
	return ev.Edited, nil
}

// conflictOptions tells conflict detection where the configuration and the record of sent values are.
func conflictOptions(cfg *config.Config) conflict.Options {
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

// remember records what this run sent (or found equal) for each article it settled, so that the next run
// on this machine can tell its own uncommitted edits from edits made in Atender (see package conflict).
func remember(io *cmdutil.IOStreams, cfg *config.Config, tree *docs.Tree, rep *apply.Report) {
	var pages []*docs.Page
	for _, r := range rep.Results {
		if r.Status == apply.OK && r.Action.Page != nil && (r.Action.Kind == plan.Create || r.Action.Kind == plan.Update || r.Action.Kind == plan.Unchanged) {
			pages = append(pages, r.Action.Page)
		}
	}
	if err := conflict.Remember(tree.Root, recordKey(cfg), pages); err != nil {
		io.Warnf("could not record what was sent (conflict detection may report this machine's own uncommitted edits): %v", err)
	}
}

// connect makes the client (the key checks come first) and lists what the KB holds: what every command
// that reads the KB does first.
func connect(ctx context.Context, newClient func() (kb.API, error), cfg *config.Config) (kb.API, *inventory.Remote, error) {
	client, err := newClient()
	if err != nil {
		return nil, nil, err
	}
	remote, err := listRemote(ctx, client, cfg)
	return client, remote, err
}

// listRemote fetches the inventory. A failure comes back explained, with its exit code: a key problem gets
// the keys verify diagnosis.
func listRemote(ctx context.Context, c kb.API, cfg *config.Config) (*inventory.Remote, error) {
	r, err := inventory.Fetch(ctx, c)
	if err == nil {
		return r, nil
	}
	return nil, explainListing(ctx, err, cfg)
}

// explainListing turns a failure to list the KB into an error for people with its exit code.
func explainListing(ctx context.Context, err error, cfg *config.Config) error {
	if ctx.Err() != nil {
		return cmdutil.Exit(cmdutil.ExitInterrupted, errors.New("interrupted while listing the KB; nothing was written"))
	}
	// The server answered, but its listing contradicts itself: planning on it could create duplicates.
	var le *inventory.ListingError
	if errors.As(err, &le) {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("listing the KB: %w. Nothing was planned or written; run with --debug to see the replies", err))
	}
	p := explain.Classify(err, cfg, facts.ScopeRead)
	hint := p.Fix
	if p.ExitCode() == cmdutil.ExitAuth {
		hint += " (atender keys verify checks the key in detail)"
	}
	return cmdutil.ExitHint(p.ExitCode(), fmt.Errorf("listing the KB: %s", p.Message), strings.TrimSpace(hint))
}

// meter is what kb sync reads from a real client beyond kb.API: the rate limit the server announced and the
// requests sent. A fake kb.API in a test need not have it; the defaults then apply.
type meter interface {
	LastResponse() kb.ResponseMeta
	Requests() int
}

func announcedLimit(c kb.API) int {
	if m, ok := c.(meter); ok {
		return m.LastResponse().RateLimit.Limit
	}
	return 0
}

func requestsOf(c kb.API) int {
	if m, ok := c.(meter); ok {
		return m.Requests()
	}
	return 0
}

// concurrency is the number of parallel writes: the setting (flag, ATENDER_CONCURRENCY, concurrency: in
// the config file), else the default of the rate tier.
func concurrency(cfg *config.Config, c kb.API) int {
	if cfg.Concurrency > 0 {
		return cfg.Concurrency
	}
	return defaultConcurrency(c)
}

// defaultConcurrency suits the rate tier the server announced: on starter a request a second leaves
// nothing to gain from more than two workers; larger tiers use more.
func defaultConcurrency(c kb.API) int {
	limit := announcedLimit(c)
	switch {
	case limit > 0 && limit <= 70:
		return 2
	case limit > 0 && limit <= 350:
		return 4
	}
	return 8
}

// budgetWarning warns when the planned writes would not fit the daily cap of the key's tier.
func budgetWarning(io *cmdutil.IOStreams, c kb.API, p *plan.Plan) {
	tier, _ := facts.TierByLimit(announcedLimit(c))
	daily := tier.Daily
	if daily > 0 && p.Writes()+requestsOf(c) > daily {
		io.Warnf("this sync plans %d writes, more than the daily budget of %d requests of this key's tier; it will stop at the cap (429 until midnight UTC) and a rerun tomorrow finishes it", p.Writes(), daily)
	}
}

// writeResults prints the result in the output mode and, in GitHub Actions, writes the result file, the
// job summary and the step outputs.
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
	if inActions {
		if p := o.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
			if err := o.IO.AppendFile(p, report.GitHubSummary(res)); err != nil {
				errs = append(errs, fmt.Errorf("writing the job summary: %w", err))
			}
		}
		if p := o.Getenv("GITHUB_OUTPUT"); p != "" {
			if err := o.IO.AppendFile(p, report.GitHubOutputs(res, resultPath)); err != nil {
				errs = append(errs, fmt.Errorf("writing step outputs: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}
