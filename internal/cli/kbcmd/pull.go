package kbcmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/pull"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/syncrun"
	"github.com/spf13/cobra"
)

// PullOptions are the inputs and dependencies of `kb pull`; pullRun needs nothing else.
type PullOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	Client func() (kb.API, error)

	Dir        string
	Statuses   []string
	Categories []string
	Force      bool
	Conflicts  bool
}

// PullResult is the --output json shape of `kb pull`.
type PullResult struct {
	SchemaVersion int      `json:"schemaVersion"`
	Dir           string   `json:"dir"`
	Articles      int      `json:"articles"`
	Written       []string `json:"written"`
	Skipped       []string `json:"skipped"`
	// Refused are the files not written because a folder or the file on the way is a symbolic link or not a
	// regular file (nothing is written outside DIR); NotPulled the articles that cannot become a file at all.
	Refused   []string `json:"refused"`
	NotPulled []string `json:"notPulled"`
	Warnings  []string `json:"warnings"`
}

// NewCmdPull returns `atender kb pull`. runF replaces the behaviour in flag-parsing tests.
func NewCmdPull(f *cmdutil.Factory, runF func(context.Context, *PullOptions) error) *cobra.Command {
	o := &PullOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "pull DIR",
		Short: "Write the Knowledge Base as a docs tree (migration), or bring in articles edited in Atender",
		Long: `Write the KB into DIR as a docs tree that kb sync reads back unchanged: a folder per category and
subcategory with _category.yml, one file per article named after its slug, frontmatter with title, slug,
summary, category, subcategory, tags, keywords and status, and the stored content as the body.

By default every article is written, archived included; --status and --category filter. Existing files are
not overwritten without --force.

With --conflicts, DIR is your docs tree: the Atender version of every article that kb sync reports as a
conflict (edited in Atender since it was last synced) is written into its file, so you can review it with
git diff, merge, commit and sync again.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitInvalidDocs, cmdutil.ExitAuth, cmdutil.ExitInterrupted),
		Example: `  # migrate an existing KB into Git
  atender kb pull docs && git add docs && git commit -m "Import the KB"

  # only the published articles of two categories
  atender kb pull docs --status published --category billing,account

  # bring in the edits made in the Atender editor
  atender kb pull docs --conflicts && git diff`,
		Args: cmdutil.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = args[0]
			for _, s := range o.Statuses {
				if !facts.ValidStatus(s) {
					return cmdutil.FlagErrorf("--status %q: use %s", s, strings.Join(facts.Statuses, ", "))
				}
			}
			o.Config = f.ConfigFunc(cmd.Flags(), o.Dir)
			client := f.ClientFunc(o.Config, nil)
			o.Client = func() (kb.API, error) { return client() }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return pullRun(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&o.Statuses, "status", nil, "only articles with these statuses (comma-separated)")
	fl.StringSliceVar(&o.Categories, "category", nil, "only articles of these category slugs (comma-separated)")
	fl.BoolVar(&o.Force, "force", false, "overwrite existing files")
	fl.BoolVar(&o.Conflicts, "conflicts", false, "write the Atender version of conflicted articles into their files in DIR")
	return cmd
}

func pullRun(ctx context.Context, o *PullOptions) error {
	cfg, err := o.Config()
	if err != nil {
		return err
	}
	_, ix, err := syncrun.Connect(ctx, o.Client, cfg)
	if err != nil {
		return err
	}
	remote := ix.Remote
	if err := checkCategories(o.Categories, remote); err != nil {
		return err
	}
	res := &PullResult{SchemaVersion: report.SchemaVersion, Dir: o.Dir, Written: []string{}, Skipped: []string{}, Refused: []string{}, NotPulled: []string{}, Warnings: []string{}}
	var files []pull.File
	if o.Conflicts {
		files, err = conflictFiles(ctx, cfg, o, ix)
		if err != nil {
			return err
		}
		res.Articles = len(files)
	} else {
		t := pull.Build(remote, pull.Options{Statuses: o.Statuses, Categories: o.Categories, LinksBaseURL: cfg.Links.BaseURL})
		files, res.Articles, res.Warnings = t.Files, t.Articles, append(res.Warnings, t.Warnings...)
		res.NotPulled = append(res.NotPulled, t.NotPulled...)
	}
	// Nothing is written outside DIR: symbolic links leading out are refused with a warning (package pull).
	wr, err := pull.Write(o.Dir, files, pull.WriteOptions{Overwrite: o.Force || o.Conflicts, Secrets: o.IO.Redactor})
	if wr != nil {
		res.Written, res.Skipped = append(res.Written, wr.Written...), append(res.Skipped, wr.Skipped...)
		res.Refused = append(res.Refused, wr.Refused...)
		res.Warnings = append(res.Warnings, wr.Warnings...)
	}
	// articles counts what was pulled: an article whose file was refused was not.
	lost := append([]string{}, res.NotPulled...)
	for _, p := range res.Refused {
		if isArticleFile(files, p) {
			res.Articles--
			lost = append(lost, p)
		}
	}
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	if cfg.Output == config.OutputJSON {
		report.WriteJSON(o.IO.Out, res)
	} else {
		for _, p := range res.Written {
			fmt.Fprintln(o.IO.Out, escape.Terminal(filepath.ToSlash(filepath.Join(o.Dir, p))))
		}
	}
	for _, w := range res.Warnings {
		o.IO.Warnf("%s", escape.Terminal(w))
	}
	switch {
	case o.Conflicts && len(res.Written) == 0:
		fmt.Fprintln(o.IO.ErrOut, "No conflicts: no article was changed outside this repository since it was last synced.")
	case o.Conflicts:
		fmt.Fprintf(o.IO.ErrOut, "Wrote the Atender version of %d conflicted article(s). Review with git diff, keep what you want, commit, then kb sync.\n", len(res.Written))
	default:
		fmt.Fprintf(o.IO.ErrOut, "Pulled %d articles into %s: %d files written, %d skipped, %d refused, %d articles not pulled.\n", res.Articles, escape.Terminal(o.Dir), len(res.Written), len(res.Skipped), len(res.Refused), len(res.NotPulled))
		if len(res.Skipped) > 0 {
			fmt.Fprintf(o.IO.ErrOut, "Skipped files exist already (e.g. %s); --force overwrites them.\n", escape.Terminal(res.Skipped[0]))
		}
	}
	if len(lost) > 0 {
		// A migration that silently leaves articles behind loses them: say which, and fail.
		return cmdutil.ExitHint(cmdutil.ExitFailure, fmt.Errorf("%d article(s) could not be written into %s: %s", len(lost), o.Dir, escape.Terminal(strings.Join(firstN(lost, 5), ", "))),
			"the warnings above say why for each (a symbolic link on the way, a file that is not a regular file, a slug that is not a safe file name, an unknown category); fix that and pull again")
	}
	return nil
}

// isArticleFile reports whether path is the file of an article (not a _category.yml).
func isArticleFile(files []pull.File, path string) bool {
	for _, f := range files {
		if f.Path == path {
			return f.Slug != ""
		}
	}
	return false
}

// firstN is up to n items of list, with "…" when there are more.
func firstN(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(append([]string{}, list[:n]...), fmt.Sprintf("… %d more", len(list)-n))
}

// conflictFiles finds the conflicts a sync of DIR would report and renders the remote version of each.
func conflictFiles(ctx context.Context, cfg *config.Config, o *PullOptions, ix *inventory.Index) ([]pull.File, error) {
	tree, err := loadTree(ctx, cfg, o.Dir, false)
	if err != nil {
		return nil, err
	}
	if tree.Errors() > 0 {
		for _, d := range tree.Diagnostics {
			fmt.Fprintln(o.IO.ErrOut, d.String())
		}
		return nil, cmdutil.Exit(cmdutil.ExitInvalidDocs, fmt.Errorf("%s has errors; fix them first", o.Dir))
	}
	ev, err := conflict.Detect(tree, ix, syncrun.ConflictOptions(cfg))
	if err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	if ev.Off != "" {
		return nil, cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("cannot find conflicts: %s", ev.Off))
	}
	pl := plan.Make(tree, ix, plan.Options{Edited: ev.Edited})
	where := map[string]string{}
	for _, pg := range tree.Pages {
		where[pg.Slug] = pg.Path
	}
	var files []pull.File
	for _, a := range pl.Actions {
		if a.Kind != plan.Conflict {
			continue
		}
		// Only what was changed in Atender is brought in; the file keeps its layout and its own newer edits.
		local, err := os.ReadFile(filepath.Join(tree.Root, filepath.FromSlash(a.Path)))
		if err != nil {
			return nil, cmdutil.Exit(cmdutil.ExitFailure, err)
		}
		l := pull.Local{File: local, Page: a.Page, Where: where, LinksBaseURL: cfg.Links.BaseURL}
		files = append(files, pull.File{Path: a.Path, Content: pull.Merge(l, a.Remote, ix, a.Outside), Slug: a.Slug})
	}
	return files, nil
}

// checkCategories refuses a --category the KB does not have, listing those it has: "Pulled 0 articles"
// would hide a typo.
func checkCategories(want []string, remote *inventory.Remote) error {
	have := map[string]bool{}
	var slugs []string
	for _, c := range remote.Categories {
		have[c.Slug] = true
		slugs = append(slugs, c.Slug)
	}
	sort.Strings(slugs)
	for _, w := range want {
		if !have[w] {
			list := strings.Join(slugs, ", ")
			if list == "" {
				list = "none: the KB has no categories"
			}
			return cmdutil.FlagErrorf("--category %q: the KB has no such category; its categories are: %s", w, escape.Terminal(list))
		}
	}
	return nil
}
