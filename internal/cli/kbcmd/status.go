package kbcmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/ownership"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
	"github.com/atender/atender/internal/syncrun"
	"github.com/spf13/cobra"
)

// StatusOptions are the inputs and dependencies of `kb status`.
type StatusOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	Client func() (kb.API, error)
	// Env is where the program runs (GitHub Actions: the job summary is written).
	Env runenv.Env

	Dir string
}

// StatusResult is `kb status -o json` (docs/schema/status.json).
type StatusResult struct {
	SchemaVersion int             `json:"schemaVersion"`
	BaseURL       string          `json:"baseUrl"`
	Root          string          `json:"root"`
	InSync        bool            `json:"inSync"`
	Counts        map[string]int  `json:"counts"`
	Articles      []StatusArticle `json:"articles"`
	// History says why the Git history could not be read ("" when it was): without it nothing is said to be
	// only in Atender or to be pruned.
	History  string `json:"history,omitempty"`
	Requests int    `json:"requests"`
}

// StatusArticle is one article's state.
type StatusArticle struct {
	State  string   `json:"state"`
	Slug   string   `json:"slug"`
	Path   string   `json:"path,omitempty"`
	Title  string   `json:"title"`
	URL    string   `json:"url"`
	Fields []string `json:"fields,omitempty"`
	Detail string   `json:"detail,omitempty"`
}

// NewCmdStatus returns `atender kb status`. runF replaces the behaviour in flag-parsing tests.
func NewCmdStatus(f *cmdutil.Factory, runF func(context.Context, *StatusOptions) error) *cobra.Command {
	o := &StatusOptions{IO: f.IO, Env: f.Env}
	cmd := &cobra.Command{
		Use:   "status [DIR]",
		Short: "Does the Knowledge Base still match the repository? A read-only drift report",
		Long: `Compare DIR with the KB without writing anything (the listing kb sync reads, nothing more) and say, per
article:

  in sync             the KB holds what the file sends
  behind              the file changed since the last sync (or is new): kb sync would update it
  edited in Atender   the KB holds a version the repository never had: kb sync would report a conflict
  missing in Atender  sent from here once, now deleted or archived in Atender
  would be pruned     published from here, its file is gone: kb sync --prune would archive it
  only in Atender     in the tree's categories but not published from this repository (not drift)

Who published what is read from the Git history (see kb sync); in a shallow clone or outside Git nothing is
said to be only in Atender or to be pruned. In GitHub Actions the report is also the job summary.

Exit codes:
  0    ok: in sync
  1    error (network, API, unexpected reply, bad usage or config)
  2    drift: something other than in sync or only in Atender
  3    invalid docs tree
  4    API key or authentication problem
  130  interrupted`,
		Example: `  atender kb status docs
  atender kb status docs -o json | jq '.articles[] | select(.state == "edited-in-atender") | .slug'`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			o.Config = f.ConfigFunc(cmd.Flags(), o.Dir)
			client := f.ClientFunc(o.Config, nil)
			o.Client = func() (kb.API, error) { return client() }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return statusRun(cmd.Context(), o)
		},
	}
	return cmd
}

func statusRun(ctx context.Context, o *StatusOptions) error {
	cfg, err := o.Config()
	if err != nil {
		return err
	}
	tree, err := syncrun.Load(ctx, cfg, o.Dir, false)
	if err != nil {
		return err
	}
	for _, d := range tree.Diagnostics {
		fmt.Fprintln(o.IO.ErrOut, escape.Terminal(d.String()))
	}
	if err := syncrun.Check(tree, false); err != nil {
		return err
	}
	client, ix, err := syncrun.Connect(ctx, o.Client, cfg)
	if err != nil {
		return err
	}
	res := &StatusResult{SchemaVersion: report.SchemaVersion, BaseURL: cfg.BaseURL, Root: tree.Root, Counts: map[string]int{}, Articles: []StatusArticle{}}
	// Prune is planned only where ownership can be told: the categories rule would call editors' articles
	// "would be pruned".
	_, off := history.Open(tree.Root)
	res.History = off
	p, err := syncrun.Plan(tree, ix, syncrun.PlanOptions{Config: cfg, OnConflict: config.ConflictFail, Prune: off == ""})
	if err != nil {
		return err
	}
	sent := conflict.Sent(tree.Root, syncrun.ConflictOptions(cfg).KB)
	public := report.PublicBase(cfg.BaseURL, cfg.Links.BaseURL)
	drift := false
	for _, st := range ownership.Classify(p, sent) {
		res.Counts[string(st.State)]++
		drift = drift || st.State.Drift()
		res.Articles = append(res.Articles, StatusArticle{State: string(st.State), Slug: st.Slug, Path: st.Path, Title: st.Title,
			URL: public + facts.PublicPath(st.Slug), Fields: st.Fields, Detail: st.Detail})
	}
	for _, s := range ownership.States {
		res.Counts[string(s)] += 0
	}
	res.InSync, res.Requests = !drift, syncrun.Requests(client)
	if cfg.Output == config.OutputJSON {
		report.WriteJSON(o.IO.Out, res)
	} else {
		statusText(o.IO.Out, res)
	}
	if o.Env.Actions || cfg.Output == config.OutputGitHub {
		if path := o.Env.StepSummary; path != "" {
			if err := o.IO.AppendFile(path, statusMarkdown(res)); err != nil {
				o.IO.Warnf("writing the job summary: %v", err)
			}
		}
	}
	if drift {
		return cmdutil.Silent(cmdutil.ExitChanges)
	}
	return nil
}

// stateWords are the states as people read them.
var stateWords = map[string]string{
	string(ownership.InSync): "in sync", string(ownership.Behind): "behind", string(ownership.EditedInAtender): "edited in Atender",
	string(ownership.OnlyInAtender): "only in Atender", string(ownership.MissingInAtender): "missing in Atender", string(ownership.WouldBePruned): "would be pruned",
}

func (a StatusArticle) what() string {
	var parts []string
	if a.Path != "" {
		parts = append(parts, a.Path)
	}
	if len(a.Fields) > 0 {
		parts = append(parts, strings.Join(a.Fields, ", "))
	}
	if a.Detail != "" {
		parts = append(parts, a.Detail)
	}
	return strings.Join(parts, "; ")
}

func statusText(w io.Writer, r *StatusResult) {
	for _, a := range r.Articles {
		if a.State == string(ownership.InSync) {
			continue
		}
		fmt.Fprintf(w, "%-19s %s (%s)\n", stateWords[a.State], escape.Terminal(a.Slug), escape.Terminal(a.what()))
	}
	fmt.Fprintln(w, escape.Line(statusLine(r)))
	if r.History != "" {
		fmt.Fprintf(w, "note: %s, so who published what cannot be told: nothing is listed as only in Atender or would be pruned\n", escape.Terminal(r.History))
	}
}

// statusLine is the one-line verdict with the counts.
func statusLine(r *StatusResult) string {
	verdict := "In sync"
	if !r.InSync {
		verdict = "Drift"
	}
	var parts []string
	for _, s := range ownership.States {
		parts = append(parts, fmt.Sprintf("%d %s", r.Counts[string(s)], stateWords[string(s)]))
	}
	return fmt.Sprintf("%s: %s — %d requests, nothing was written", verdict, strings.Join(parts, ", "), r.Requests)
}

// statusMarkdownBytes bounds the rows of kb status's Markdown: kb-drift.yml posts it as an issue body, and
// GitHub refuses one over 65,536 characters.
const statusMarkdownBytes = 48 << 10

// statusMarkdown is the job summary (and the drift issue's body): the verdict and a row for every article
// not in sync, folded when there are more than 10 and cut to fit an issue.
func statusMarkdown(r *StatusResult) string {
	var b strings.Builder
	b.WriteString("## Knowledge base status\n\n" + escape.Markdown(statusLine(r)) + "\n\n")
	var rows []string
	for _, a := range r.Articles {
		if a.State != string(ownership.InSync) {
			rows = append(rows, fmt.Sprintf("| %s | %s | %s |\n", stateWords[a.State], escape.Markdown(a.Slug), escape.Markdown(a.what())))
		}
	}
	if len(rows) > 0 {
		b.WriteString(report.Table(fmt.Sprintf("%d articles not in sync", len(rows)), "| State | Article | Details |\n|---|---|---|\n", rows,
			statusMarkdownBytes, "articles not in sync", "`atender kb status` lists every one"))
	}
	if r.History != "" {
		b.WriteString("\n" + escape.Markdown("Note: "+r.History) + "\n")
	}
	return b.String()
}
