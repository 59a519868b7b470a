// Package cli wires the `atender` commands: the root command, global flags, and the one place where an
// error becomes an exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/emulatorcmd"
	"github.com/atender/atender/internal/cli/kbcmd"
	"github.com/atender/atender/internal/cli/keys"
	"github.com/spf13/cobra"
)

// Main runs atender with args and returns the exit code; it never calls os.Exit, so tests and testscript
// drive the same entry point.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, cmdutil.New(), args)
}

// Run executes a command line with the given factory.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	code := cmdutil.CodeOf(err)
	if err != nil {
		var ee *cmdutil.ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			msg := err.Error()
			if errors.Is(err, context.Canceled) {
				msg = "interrupted"
			}
			fmt.Fprintf(f.IO.ErrOut, "error: %s\n", msg)
		}
	}
	if ctx.Err() != nil && code != cmdutil.ExitOK {
		code = cmdutil.ExitInterrupted
	}
	return code
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "atender",
		Short: "Publish a folder of Markdown files to an Atender Knowledge Base",
		Long: `atender turns a folder of Markdown files into a live Atender Knowledge Base: validate the tree, plan the
changes against what the KB holds, then apply them, creating and updating only what changed.

The API key comes from ATENDER_API_KEY in the environment or a .env file; it is never a flag.` + cmdutil.ExitCodesHelp,
		Example: `  atender kb validate docs
  atender kb sync docs --dry-run
  atender keys verify
  atender emulator`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       cmdutil.VersionString(),
	}
	pf := root.PersistentFlags()
	pf.String("env", "prod", "Atender environment: prod, staging or dev (env ATENDER_ENV)")
	pf.String("base-url", "", "KB API base URL, overriding --env (env ATENDER_BASE_URL); plain http only on loopback")
	pf.String("config", "", "config file (default .atender.yaml in the working directory)")
	pf.String("env-file", "", "read settings and ATENDER_API_KEY from this .env file (default .env in the working directory)")
	pf.StringP("output", "o", "", "output format: text, json or github (default github inside GitHub Actions, else text)")
	pf.Int("rate-limit", 0, "at most this many requests per minute (default: follow the server's X-RateLimit-Limit)")
	pf.Duration("timeout", 0, "timeout of one HTTP request (default 30s)")
	pf.Bool("debug", false, "trace every request to stderr (the key is never shown)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("%w (see %s --help)", err, c.CommandPath()))
	})

	root.AddCommand(kbcmd.NewCmdKB(f))
	root.AddCommand(keys.NewCmdKeys(f))
	root.AddCommand(emulatorcmd.NewCmdEmulator(f))
	root.AddCommand(newCmdVersion(f))
	// Every command's help lists the exit codes, cobra's own completion command included.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  atender completion bash > /etc/bash_completion.d/atender\n  atender completion zsh > \"${fpath[1]}/_atender\""
			c.Long += cmdutil.ExitCodesHelp
		}
	}
	return root
}

func newCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Long:    "Print the version of atender." + cmdutil.ExitCodesHelp,
		Example: "  atender version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(f.IO.Out, "atender %s\n", cmdutil.VersionString())
			return nil
		},
	}
}
