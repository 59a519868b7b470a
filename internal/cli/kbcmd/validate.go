package kbcmd

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
)

// loadTree validates the docs folder with the settings of cfg.
func loadTree(cfg *config.Config, dir string, strict bool) (*docs.Tree, error) {
	if dir == "" {
		dir = cfg.Path
	}
	t, err := docs.Load(dir, docs.Options{
		DefaultStatus:   cfg.Defaults.Status,
		DefaultCategory: cfg.Defaults.Category,
		Exclude:         cfg.Exclude,
		SummaryLength:   cfg.SummaryLength,
		MaxFileSize:     cfg.MaxFileSize,
		LinksBaseURL:    cfg.Links.BaseURL,
		AssetsBaseURL:   cfg.Assets.BaseURL,
		Strict:          strict || cfg.Strict,
	})
	if err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitInvalidDocs, err)
	}
	return t, nil
}

func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return ""
}

// NewCmdValidate returns `atender kb validate`.
func NewCmdValidate(f *cmdutil.Factory) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a docs tree without sending anything (no key, no network)",
		Long: `Read every Markdown file under DIR (default: config ` + "`path`" + `, else docs) exactly as kb sync would, and
report every problem at once: invalid frontmatter, duplicate or invalid slugs, bad statuses, missing
categories, broken links and images, empty files. Each problem is one line:

  PATH:LINE:COL: error: MESSAGE
  PATH:LINE:COL: warning: MESSAGE

Warnings (raw HTML, MDX, unknown fields, …) do not fail the check unless --strict. It needs no API key and
makes no request, so it is safe on pull requests from forks.` + cmdutil.ExitCodesHelp,
		Example: `  atender kb validate docs
  atender kb validate --strict --output json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config(cmd.Flags())
			if err != nil {
				return cmdutil.Exit(cmdutil.ExitFailure, err)
			}
			t, err := loadTree(cfg, dirArg(args), strict)
			if err != nil {
				return err
			}
			repoRoot := report.RepoRoot(f.Getenv, t.Root)
			report.Diagnostics(f.IO.Out, f.IO.ErrOut, f.OutputMode(cfg), t, repoRoot)
			if p := f.Getenv("GITHUB_STEP_SUMMARY"); p != "" && f.Getenv("GITHUB_ACTIONS") == "true" {
				if err := report.AppendFile(p, report.ValidateSummary(t, repoRoot)); err != nil {
					f.Warn("writing the job summary: %v", err)
				}
			}
			if t.Errors() > 0 {
				return cmdutil.Silent(cmdutil.ExitInvalidDocs)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat every warning as an error")
	return cmd
}

// NewCmdLs returns `atender kb ls`.
func NewCmdLs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ls [DIR]",
		Short: "List the articles a docs tree resolves to (what the fallbacks decided)",
		Long: `Print one row per article: path, slug, title, category, subcategory, status and tags, after every
fallback (title from the first heading or the file name, slug from the file name, category from the folder).
Problems are printed on stderr as by kb validate.` + cmdutil.ExitCodesHelp,
		Example: `  atender kb ls docs
  atender kb ls docs --output json | jq '.[].slug'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.Config(cmd.Flags())
			if err != nil {
				return cmdutil.Exit(cmdutil.ExitFailure, err)
			}
			t, err := loadTree(cfg, dirArg(args), false)
			if err != nil {
				return err
			}
			if f.OutputMode(cfg) == report.JSON {
				pages := t.Pages
				if pages == nil {
					pages = []*docs.Page{}
				}
				report.WriteJSON(f.IO.Out, pages)
			} else {
				tw := tabwriter.NewWriter(f.IO.Out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "PATH\tSLUG\tTITLE\tCATEGORY\tSUBCATEGORY\tSTATUS\tTAGS")
				for _, p := range t.Pages {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Path, p.Slug, p.Title, p.Category, dash(p.Subcategory), p.Status, dash(strings.Join(p.Tags, ",")))
				}
				tw.Flush()
			}
			for _, d := range t.Diagnostics {
				fmt.Fprintln(f.IO.ErrOut, d.String())
			}
			if t.Errors() > 0 {
				fmt.Fprintln(f.IO.ErrOut, report.Summary(t))
				return cmdutil.Silent(cmdutil.ExitInvalidDocs)
			}
			return nil
		},
	}
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
