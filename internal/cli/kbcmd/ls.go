package kbcmd

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
)

// LsOptions are the inputs and dependencies of `kb ls`.
type LsOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)

	Dir string
}

// NewCmdLs returns `atender kb ls`. runF replaces the behaviour in flag-parsing tests.
func NewCmdLs(f *cmdutil.Factory, runF func(context.Context, *LsOptions) error) *cobra.Command {
	opts := &LsOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "ls [DIR]",
		Short: "List the articles a docs tree resolves to (what the fallbacks decided)",
		Long: `Print one row per article: path, slug, title, category, subcategory, status and tags, after every
fallback (title from the first heading or the file name, slug from the file name, category from the folder).
Problems are printed on stderr as by kb validate.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitInvalidDocs, cmdutil.ExitInterrupted),
		Example: `  atender kb ls docs
  atender kb ls docs --output json | jq '.articles[].slug'`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = dirArg(args)
			opts.Config = f.ConfigFunc(cmd.Flags(), opts.Dir)
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return lsRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func lsRun(ctx context.Context, opts *LsOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	t, err := loadTree(ctx, cfg, opts.Dir, false)
	if err != nil {
		return err
	}
	if cfg.Output == config.OutputJSON {
		pages := t.Pages
		if pages == nil {
			pages = []*docs.Page{}
		}
		diags := t.Diagnostics
		if diags == nil {
			diags = []docs.Diagnostic{}
		}
		report.WriteJSON(opts.IO.Out, report.LsResult{SchemaVersion: report.SchemaVersion, Root: t.Root, Articles: pages, Diagnostics: diags})
	} else {
		tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PATH\tSLUG\tTITLE\tCATEGORY\tSUBCATEGORY\tSTATUS\tTAGS")
		for _, p := range t.Pages {
			// Every cell comes from a file (names and fields): shown escaped, and the line cannot start a
			// workflow command in GitHub Actions.
			c := escape.Terminal
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", escape.Line(p.Path), c(p.Slug), c(p.Title), c(p.Category), c(dash(p.Subcategory)), c(p.Status), c(dash(strings.Join(p.Tags, ","))))
		}
		tw.Flush()
	}
	for _, d := range t.Diagnostics {
		fmt.Fprintln(opts.IO.ErrOut, d.String())
	}
	if t.Errors() > 0 {
		fmt.Fprintln(opts.IO.ErrOut, report.Summary(t))
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
