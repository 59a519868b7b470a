// Package doctor holds `atender doctor`: a read-only check of everything kb sync relies on, against the
// real API (the checks live in internal/doctor).
package doctor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	dr "github.com/atender/atender/internal/doctor"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
)

// Options are the inputs and dependencies of `doctor`.
type Options struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	// Client makes the API client with the recorder as its transport (called only when the key checks
	// pass).
	Client func(rec *dr.Recorder) (*kb.Client, error)

	Capture string // --capture FILE
}

// NewCmdDoctor returns `atender doctor`. runF replaces the behaviour in flag-parsing tests.
func NewCmdDoctor(f *cmdutil.Factory, runF func(context.Context, *Options) error) *cobra.Command {
	opts := &Options{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check, read-only, that the KB API is what kb sync relies on",
		Long: `Check everything kb sync relies on against the configured KB, without changing anything: the
configuration, the key and its kind, that the base URL is reachable (DNS, TLS), authentication and scopes
(as keys verify), then the API contract: every list endpoint with limit=2 on pages 1 and 2 (envelope,
paging evidence, total/hasMore agreement, page 2 differs from page 1), the fields sync reads, timestamp
formats, rate-limit and request-id headers, and the error body of a 404.

Each check prints a row: ok, differs (the API answers otherwise than assumed; marked * when sync relies
on it) or failed. --capture FILE writes every request and reply as JSON lines, with the key and the
Authorization header masked, to attach to a bug report.

Exit 0 when everything sync relies on holds, 1 when something it relies on differs, 4 for key problems.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitAuth, cmdutil.ExitInterrupted),
		Example: `  # before the first sync against a real tenant
  atender doctor
  atender doctor --capture doctor.jsonl --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Config = f.ConfigFunc(cmd.Flags(), "")
			opts.Client = func(rec *dr.Recorder) (*kb.Client, error) {
				return f.ClientFunc(opts.Config, func(o *kb.Options) {
					// A check answers quickly: few retries, short waits; every exchange is recorded.
					o.MaxRetries, o.Max429Retries, o.MaxRetryAfter = 1, 2, 5*time.Second
					o.HTTPClient = &http.Client{Transport: rec, Timeout: o.Timeout}
				})()
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return doctorRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Capture, "capture", "", "write every request and reply as JSON lines to `FILE` (key masked)")
	return cmd
}

func doctorRun(ctx context.Context, opts *Options) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	rec := &dr.Recorder{Key: cfg.APIKey}
	if opts.Capture != "" {
		file, err := os.Create(opts.Capture)
		if err != nil {
			return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("--capture: %w", err))
		}
		defer file.Close()
		sink := opts.IO.Redactor.Wrap(file) // the key in every form package redact knows is masked
		defer sink.Flush()
		rec.Sink = sink
	}
	in := dr.Input{Config: cfg, Recorder: rec}
	in.KeyWarnings, in.KeyErr = cfg.CheckKey()
	if in.KeyErr == nil && cfg.DotenvErr == nil {
		if in.Client, err = opts.Client(rec); err != nil {
			in.KeyErr = err
		}
	}
	rep := dr.Run(ctx, in)
	if ctx.Err() != nil {
		return cmdutil.Exit(cmdutil.ExitInterrupted, ctx.Err())
	}
	if cfg.Output == config.OutputJSON {
		report.WriteJSON(opts.IO.Out, rep)
	} else {
		printRows(opts.IO.Out, rep)
	}
	switch {
	case rec.Err() != nil:
		opts.IO.Warnf("--capture %s: %v", opts.Capture, rec.Err())
	case opts.Capture != "":
		fmt.Fprintf(opts.IO.ErrOut, "doctor: %d requests and replies written to %s (key masked)\n", len(rec.Exchanges()), opts.Capture)
	}
	switch rep.ExitCode {
	case cmdutil.ExitOK:
		fmt.Fprintln(opts.IO.ErrOut, "doctor: everything kb sync relies on holds; next: atender kb sync DIR --dry-run")
		return nil
	case cmdutil.ExitAuth:
		fmt.Fprintln(opts.IO.ErrOut, "doctor: the key cannot be used (see the failed rows); atender keys verify explains it in detail")
	default:
		fmt.Fprintln(opts.IO.ErrOut, "doctor: something kb sync relies on differs (rows marked *); do not sync until it is understood, and attach doctor --capture to a bug report")
	}
	return cmdutil.Silent(rep.ExitCode)
}

func printRows(w io.Writer, rep *dr.Report) {
	width := 0
	for _, r := range rep.Rows {
		width = max(width, len(r.Check))
	}
	for _, r := range rep.Rows {
		mark := " "
		if r.Status != dr.OK && (r.ReliedOn || r.KeyProblem) {
			mark = "*"
		}
		fmt.Fprintf(w, "%-7s %s %-*s  %s\n", r.Status, mark, width, r.Check, escape.Terminal(r.Detail))
	}
}
