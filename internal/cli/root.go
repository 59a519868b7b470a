// Package cli wires the `atender` commands: the root command, global flags, and the one place where an
// error becomes an exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/doctor"
	"github.com/atender/atender/internal/cli/emulatorcmd"
	"github.com/atender/atender/internal/cli/kbcmd"
	"github.com/atender/atender/internal/cli/keys"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/redact"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Main runs atender with args and returns the exit code; it never calls os.Exit, so tests and testscript
// drive the same entry point.
//
// Signals: the first Ctrl-C (or SIGTERM) cancels the run's context: nothing new starts, requests in flight
// finish, the command reports and exits 130. A second one does not wait: Main returns 130 at once, naming
// the writes that were in flight (they may or may not have happened; a rerun converges).
func Main(args []string) int { return MainWith(cmdutil.New(), args) }

// MainWith is Main on a given factory (tests tune its client options).
func MainWith(f *cmdutil.Factory, args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan int, 1)
	go func() { done <- Run(ctx, f, args) }()
	code := supervise(f, sigs, cancel, done)
	f.IO.Flush() // stopped at once: what the redacting streams kept back still goes out
	return code
}

// supervise waits for the run to end, turning the first signal into a cancellation and the second into an
// immediate exit 130.
func supervise(f *cmdutil.Factory, sigs <-chan os.Signal, cancel func(), done <-chan int) int {
	interrupted := false
	for {
		select {
		case code := <-done:
			return code
		case <-sigs:
			if !interrupted {
				interrupted = true
				cancel()
				if _, tracked := f.Interrupts.InFlight(); tracked {
					fmt.Fprintln(f.IO.ErrOut, "\ninterrupted: finishing the requests in flight, starting nothing new (press Ctrl-C again to stop at once)")
				}
				continue
			}
			writes, _ := f.Interrupts.InFlight()
			if len(writes) == 0 {
				fmt.Fprintln(f.IO.ErrOut, "\nstopped at once; no write was in flight")
			} else {
				fmt.Fprintf(f.IO.ErrOut, "\nstopped at once: %d write(s) were in flight and may or may not have happened:\n", len(writes))
				for _, w := range writes {
					fmt.Fprintf(f.IO.ErrOut, "  %s\n", escape.Terminal(w))
				}
				fmt.Fprintln(f.IO.ErrOut, "rerun the same command: it lists the KB again, sees what happened and converges")
			}
			return cmdutil.ExitInterrupted
		}
	}
}

// Run executes a command line with the given factory. With --output json, stdout carries exactly one JSON
// document, also on failure: when the command printed none, Run prints {"schemaVersion", "error"}.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	defer f.IO.Flush()
	out := &countingWriter{w: f.IO.Out}
	f.IO.Out = out
	root := NewRootCmd(f)
	root.SetArgs(args)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command ") {
		err = &cmdutil.FlagError{Err: err} // cobra's own error for the root command: a usage error
	}
	code := cmdutil.CodeOf(err)
	if ctx.Err() != nil && code != cmdutil.ExitOK {
		code = cmdutil.ExitInterrupted
	}
	if err == nil {
		return code
	}
	var ee *cmdutil.ExitError
	msg := config.HideKeys(err.Error()) // a flag's error quotes its value: --timeout "$ATENDER_API_KEY"
	if errors.Is(err, context.Canceled) {
		msg = "interrupted"
	}
	told := errors.As(err, &ee) && ee.Err == nil // the command already explained itself
	if !told {
		fmt.Fprintf(f.IO.ErrOut, "error: %s\n", escape.Lines(msg))
		if h := cmdutil.HintOf(err); h != "" {
			fmt.Fprintf(f.IO.ErrOut, "  what to do: %s\n", escape.Lines(h))
		}
	}
	mode := f.Output(root.PersistentFlags())
	if fl := root.PersistentFlags().Lookup("output"); fl != nil && !fl.Changed {
		// An unknown command stops cobra before it parses any flag: -o json is still the caller's wish.
		if m := outputInArgs(args); m != "" {
			mode = m
		}
	}
	if mode == "" && f.Env.Actions {
		mode = config.OutputGitHub
	}
	if !told && mode == config.OutputGitHub {
		// In Actions the reason a step failed belongs among the annotations, not only in the log.
		text := msg
		if h := cmdutil.HintOf(err); h != "" {
			text += "\nwhat to do: " + h
		}
		fmt.Fprintln(out, report.WorkflowCommand("error", []report.Prop{{Name: "title", Value: "atender"}}, text))
	}
	if out.n == 0 && mode == config.OutputJSON {
		if told {
			msg = fmt.Sprintf("exit %d (see stderr)", code)
		}
		report.WriteJSON(out, report.ErrorDocument{SchemaVersion: report.SchemaVersion,
			Error: report.ErrorInfo{Code: cmdutil.ErrorCode(err, code), Message: escape.Terminal(msg), Hint: escape.Terminal(cmdutil.HintOf(err))}})
	}
	return code
}

// outputInArgs finds --output/-o in a command line cobra did not parse (an unknown command), ignoring every
// other flag.
func outputInArgs(args []string) config.Output {
	fs := pflag.NewFlagSet("output", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	config.AddFlag(fs, "output")
	if fs.Parse(args) != nil {
		return ""
	}
	if fl := fs.Lookup("output"); fl.Changed {
		return config.Output(strings.ToLower(strings.TrimSpace(fl.Value.String())))
	}
	return ""
}

// countingWriter knows whether a command printed anything on stdout.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.w.Write(p)
}

// Flush flushes the stream under it.
func (c *countingWriter) Flush() error { return redact.Flush(c.w) }

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
	// The global flags come from the settings table, which also binds them to their variables and keys.
	pf := root.PersistentFlags()
	for _, name := range []string{"env", "base-url", "kb-id", "config", "env-file", "output", "rate-limit", "timeout", "debug"} {
		config.AddFlag(pf, name)
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &cmdutil.FlagError{Err: fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
	})

	root.AddCommand(kbcmd.NewCmdKB(f))
	root.AddCommand(keys.NewCmdKeys(f))
	root.AddCommand(doctor.NewCmdDoctor(f, nil))
	root.AddCommand(emulatorcmd.NewCmdEmulator(f))
	root.AddCommand(newCmdVersion(f, nil))
	registerCompletions(root)
	// Every command's help lists the exit codes, cobra's own completion command included.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  atender completion bash > /etc/bash_completion.d/atender\n  atender completion zsh > \"${fpath[1]}/_atender\""
			c.Long += cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure)
		}
	}
	return root
}

// VersionOptions are the dependencies of `version`.
type VersionOptions struct {
	IO     *cmdutil.IOStreams
	Output func() config.Output // -o or ATENDER_OUTPUT; version reads no config file, so it cannot fail
}

func newCmdVersion(f *cmdutil.Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Long:    "Print the version of atender." + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure),
		Example: "  atender version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output = func() config.Output { return f.Output(cmd.Flags()) }
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
	return cmd
}

func versionRun(opts *VersionOptions) error {
	if opts.Output() == config.OutputJSON {
		report.WriteJSON(opts.IO.Out, report.VersionResult{SchemaVersion: report.SchemaVersion, Version: cmdutil.VersionString()})
		return nil
	}
	fmt.Fprintf(opts.IO.Out, "atender %s%s\n", cmdutil.VersionString(), buildDetails())
	return nil
}

// buildDetails is the " (commit …, built …)" that follows the version, or "" when neither is known.
func buildDetails() string {
	commit, date := cmdutil.BuildDetails()
	var parts []string
	if commit != "" {
		parts = append(parts, "commit "+commit)
	}
	if date != "" {
		parts = append(parts, "built "+date)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// registerCompletions offers the allowed values of every flag that has a fixed set (from the settings
// table: --output, --env, --prune-mode, --on-conflict; and kb pull --status).
func registerCompletions(root *cobra.Command) {
	values := func(vs []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return vs, cobra.ShellCompDirectiveNoFileComp
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalNonPersistentFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(fl *pflag.Flag) {
				vs := []string(nil)
				if s, ok := config.Lookup(fl.Name); ok && s.Flag == fl.Name {
					vs = s.Values
				}
				if fl.Name == "status" && c.Name() == "pull" {
					vs = facts.Statuses
				}
				if len(vs) > 0 {
					_ = c.RegisterFlagCompletionFunc(fl.Name, values(vs))
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
