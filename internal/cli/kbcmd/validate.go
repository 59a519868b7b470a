package kbcmd

import (
	"context"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
	"github.com/spf13/cobra"
)

// ValidateOptions are the inputs and dependencies of `kb validate`.
type ValidateOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	// Env is where the program runs (GitHub Actions: the job summary is written).
	Env runenv.Env

	Dir string
}

// NewCmdValidate returns `atender kb validate`. runF replaces the behaviour in flag-parsing tests.
func NewCmdValidate(f *cmdutil.Factory, runF func(context.Context, *ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: f.IO, Env: f.Env}
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a docs tree without sending anything (no key, no network)",
		Long: `Read every Markdown file under DIR (default: config ` + "`path`" + `, else docs) exactly as kb sync would, and
report every problem at once: invalid frontmatter, duplicate or invalid slugs, bad statuses, missing
categories, broken links and images, empty files. Each problem is one line:

  PATH:LINE:COL: error: MESSAGE
  PATH:LINE:COL: warning: MESSAGE

Warnings (raw HTML, MDX, unknown fields, …) do not fail the check unless --strict. It needs no API key and
makes no request, so it is safe on pull requests from forks.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitInvalidDocs, cmdutil.ExitInterrupted),
		Example: `  atender kb validate docs
  atender kb validate --strict --output json`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = dirArg(args)
			opts.Config = f.ConfigFunc(cmd.Flags(), opts.Dir)
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return validateRun(cmd.Context(), opts)
		},
	}
	config.AddFlag(cmd.Flags(), "strict")
	config.AddFlag(cmd.Flags(), "preset")
	return cmd
}

func validateRun(ctx context.Context, opts *ValidateOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	t, err := loadTree(ctx, cfg, opts.Dir, false)
	if err != nil {
		return err
	}
	repoRoot := report.RepoRoot(opts.Env.Workspace, t.Root)
	report.NewPrinter(cfg.Output, opts.IO.Out, opts.IO.ErrOut).Diagnostics(t, repoRoot)
	if p := opts.Env.StepSummary; p != "" && opts.Env.Actions {
		if err := opts.IO.AppendFile(p, report.ValidateSummary(t, repoRoot, opts.IO.Annotations.Count())); err != nil {
			opts.IO.Warnf("writing the job summary: %v", err)
		}
	}
	if t.Errors() > 0 {
		return cmdutil.Silent(cmdutil.ExitInvalidDocs)
	}
	return nil
}
