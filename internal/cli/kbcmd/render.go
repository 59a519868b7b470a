package kbcmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/preview"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
	"github.com/spf13/cobra"
)

// RenderOptions are the inputs and dependencies of `kb render`.
type RenderOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	// Env is where the program runs (its GITHUB_WORKSPACE is the root that problem paths are relative to).
	Env runenv.Env

	Dir string
	Out string
}

// NewCmdRender returns `atender kb render`. runF replaces the behaviour in flag-parsing tests.
func NewCmdRender(f *cmdutil.Factory, runF func(context.Context, *RenderOptions) error) *cobra.Command {
	o := &RenderOptions{IO: f.IO, Env: f.Env}
	cmd := &cobra.Command{
		Use:   "render [DIR] --out SITE",
		Short: "Write the help center preview as static files (for review of a pull request)",
		Long: `Write the pages of kb preview as static files under SITE: index.html (the home page), one
knowledge/<slug>/index.html per article, problems/index.html, and the stylesheet and script the pages use.
Every link is relative, so the folder opens from disk, as a CI artifact or on GitHub Pages. Nothing is sent
and no key is needed.

A tree with problems is rendered too, its problems shown in place; the exit code is then 3, as for kb validate.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitInvalidDocs, cmdutil.ExitInterrupted),
		Example: `  atender kb render docs --out site
  open site/index.html`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			if o.Out == "" {
				return cmdutil.FlagErrorf("--out SITE is required: the folder to write the pages to")
			}
			o.Config = f.ConfigFunc(cmd.Flags(), o.Dir)
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return renderRun(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "folder to write the site to (created; files of an earlier render are replaced)")
	return cmd
}

func renderRun(ctx context.Context, o *RenderOptions) error {
	cfg, err := o.Config()
	if err != nil {
		return err
	}
	t, err := loadTree(ctx, cfg, o.Dir, false)
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(o.Out); err == nil {
		if root, err := filepath.Abs(t.Root); err == nil && abs == root {
			return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("--out %s is the docs folder itself: pass another folder (e.g. --out site)", o.Out))
		}
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("creating --out: %w", err))
	}
	s := preview.Build(t, preview.Options{LinksBaseURL: cfg.Links.BaseURL, Secrets: o.IO.Redactor})
	n, err := preview.Render(s, o.Out)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("writing the site to %s: %w", o.Out, err))
	}
	repoRoot := report.RepoRoot(o.Env.Workspace, t.Root)
	report.NewPrinter(cfg.Output, o.IO.Out, o.IO.ErrOut).Diagnostics(t, repoRoot)
	fmt.Fprintf(o.IO.ErrOut, "wrote %d article pages (%d files) to %s; open %s\n", n.Articles, n.Files, escape.Terminal(o.Out), escape.Terminal(filepath.Join(o.Out, "index.html")))
	for _, m := range n.Masked {
		o.IO.Warnf("%s", maskedPageWarning(o.Out, t.Root, m))
	}
	if k := len(s.SlugTaken); k > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%d file(s) have the slug of an earlier file (duplicate-slug): their pages are under %s, not written over the first\n", k, escape.Terminal(filepath.Join(o.Out, "file")))
	}
	if t.Errors() > 0 {
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	return nil
}

// maskedPageWarning says that a rendered page had the API key masked, naming the article (and its file)
// whose text held it, as kb pull does for a pulled file.
func maskedPageWarning(out, root string, m preview.MaskedPage) string {
	page := escape.Terminal(filepath.Join(out, filepath.FromSlash(m.File)))
	if m.Article == nil {
		return page + " would show the API key this run uses; it is masked in the page. Rotate the key if the page was ever published"
	}
	return "the article " + escape.Terminal(m.Article.Page.Slug) + " (" + escape.Terminal(filepath.Join(root, filepath.FromSlash(m.Article.Page.Path))) +
		") holds the API key this run uses; it is masked in " + page + ". Take the key out of the file (kb sync would publish it) and rotate it: whoever could read the file has it"
}
