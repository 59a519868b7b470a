// Package keys holds the `atender keys` commands.
package keys

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/explain"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/report"
	"github.com/spf13/cobra"
)

// NewCmdKeys returns `atender keys`.
func NewCmdKeys(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "keys",
		Short:   "Check Atender API keys",
		Long:    "Check Atender API keys (read from ATENDER_API_KEY or .env; never a flag)." + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitAuth, cmdutil.ExitInterrupted),
		Example: "  atender keys verify",
		Args:    cobra.ArbitraryArgs,
		RunE:    cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdVerify(f, nil))
	return cmd
}

// Prober is what keys verify needs of the API client: one raw request whose status is the answer.
type Prober = kb.Prober

// VerifyOptions are the inputs and dependencies of `keys verify`.
type VerifyOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	Client func() (Prober, error)

	ReadOnly bool
}

// NewCmdVerify returns `atender keys verify`. runF replaces the behaviour in flag-parsing tests.
func NewCmdVerify(f *cmdutil.Factory, runF func(context.Context, *VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that the API key is live, for which environment, with which scopes",
		Long: `Smoke-test the API key: GET /categories shows whether it is live; a PATCH to an article id that
cannot exist shows whether it may write (403 without knowledge:write, 404 with it). Nothing is changed.

The key is read from ATENDER_API_KEY in the environment, or from a .env file (--env-file). It is shown masked.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitAuth, cmdutil.ExitInterrupted),
		Example: `  # check the production key in $ATENDER_API_KEY
  atender keys verify

  # a sandbox key against staging, as JSON
  atender keys verify --env staging --output json

  # a key that only needs to read (e.g. for kb sync --dry-run)
  atender keys verify --read-only`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Config = f.ConfigFunc(cmd.Flags(), "")
			// A smoke test answers quickly: a few retries, short waits.
			client := f.ClientFunc(opts.Config, func(o *kb.Options) {
				o.MaxRetries, o.Max429Retries, o.MaxRetryAfter = 1, 2, 5*time.Second
			})
			opts.Client = func() (Prober, error) { return client() }
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return verifyRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ReadOnly, "read-only", false, "succeed when the key can read, even without knowledge:write")
	return cmd
}

// Report is the result of `keys verify`; --output json prints it as one object.
type Report struct {
	SchemaVersion int               `json:"schemaVersion"`
	OK            bool              `json:"ok"`
	Live          bool              `json:"live"`
	Key           string            `json:"key"`
	KeySource     string            `json:"keySource"`
	KeyKind       string            `json:"keyKind"`
	Environment   string            `json:"environment"`
	BaseURL       string            `json:"baseUrl"`
	RoundTripMs   int64             `json:"roundTripMs"`
	RequestID     string            `json:"requestId,omitempty"`
	RateLimit     *kb.RateLimitInfo `json:"rateLimit,omitempty"`
	Scopes        map[string]string `json:"scopes"`
	Problem       *explain.Problem  `json:"problem,omitempty"`
}

func verifyRun(ctx context.Context, opts *VerifyOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	client, err := opts.Client()
	if err != nil {
		return err
	}
	rep := Verify(ctx, client, cfg, opts.ReadOnly)
	p := report.NewPrinter(cfg.Output, opts.IO.Out, opts.IO.ErrOut)
	switch cfg.Output {
	case config.OutputJSON:
		report.WriteJSON(opts.IO.Out, rep)
	default:
		printReport(opts.IO, rep)
	}
	if rep.Problem != nil {
		p.Error("atender keys verify", rep.Problem.Message)
		return cmdutil.Silent(rep.Problem.ExitCode())
	}
	return nil
}

// Verify runs the two probes and classifies the outcome.
func Verify(ctx context.Context, c Prober, cfg *config.Config, readOnly bool) *Report {
	rep := &Report{
		SchemaVersion: report.SchemaVersion,
		Key:           facts.MaskKey(cfg.APIKey), KeySource: cfg.KeySource, KeyKind: facts.KeyKind(cfg.APIKey), BaseURL: cfg.BaseURL,
		Environment: environment(cfg), Scopes: map[string]string{facts.ScopeRead: "unknown", facts.ScopeWrite: "unknown"},
	}
	meta, err := c.Probe(ctx, http.MethodGet, "/categories", nil)
	rep.RoundTripMs = meta.Duration.Milliseconds()
	rep.RequestID = meta.RequestID
	if meta.Status != 0 && meta.RateLimit.Limit >= 0 {
		rl := meta.RateLimit
		rep.RateLimit = &rl
	}
	if err != nil {
		rep.Problem = explain.Classify(err, cfg, facts.ScopeRead)
		if rep.Problem.Kind == "missing-scope" {
			rep.Live = true
			rep.Scopes[facts.ScopeRead] = "missing"
		}
		return rep
	}
	rep.Live = true
	rep.Scopes[facts.ScopeRead] = "ok"

	access, _, err := kb.ProbeWrite(ctx, c)
	switch access {
	case kb.WriteAllowed, kb.WriteAccepted:
		// Accepted is only possible if an article with the probe id exists; an empty PATCH changed nothing.
		rep.Scopes[facts.ScopeWrite] = "ok"
	case kb.WriteMissing:
		rep.Scopes[facts.ScopeWrite] = "missing"
		if !readOnly {
			rep.Problem = explain.Classify(err, cfg, facts.ScopeWrite)
		}
	default:
		rep.Problem = explain.Classify(err, cfg, facts.ScopeWrite)
	}
	rep.OK = rep.Problem == nil
	return rep
}

func environment(cfg *config.Config) string {
	kind := map[string]string{"live": "production (sa_live_ key)", "test": "sandbox (sa_test_ key)", "": "unknown (key has no sa_live_/sa_test_ prefix)"}[facts.KeyKind(cfg.APIKey)]
	for env, u := range facts.EnvBaseURLs {
		if u == cfg.BaseURL {
			return kind + " on " + env
		}
	}
	return kind + " on a custom host"
}

func printReport(io *cmdutil.IOStreams, r *Report) {
	w := io.Out
	status := "live"
	if !r.Live {
		status = "NOT live"
	}
	fmt.Fprintf(w, "Key:          %s (from %s)\n", r.Key, r.KeySource)
	fmt.Fprintf(w, "Environment:  %s\n", r.Environment)
	fmt.Fprintf(w, "Base URL:     %s\n", r.BaseURL)
	fmt.Fprintf(w, "Status:       %s", status)
	if r.RequestID != "" {
		fmt.Fprintf(w, " (GET /categories in %d ms, request %s)", r.RoundTripMs, escape.Terminal(r.RequestID))
	}
	fmt.Fprintln(w)
	if r.RateLimit != nil {
		fmt.Fprintf(w, "Rate limit:   %d per minute, %d remaining\n", r.RateLimit.Limit, r.RateLimit.Remaining)
	}
	for i, s := range []string{facts.ScopeRead, facts.ScopeWrite} {
		label := "Scopes:       "
		if i > 0 {
			label = "              "
		}
		fmt.Fprintf(w, "%s%-16s %s\n", label, s, r.Scopes[s])
	}
	if r.Problem != nil {
		fmt.Fprintf(io.ErrOut, "error: %s\n", r.Problem.Message)
		if r.Problem.Fix != "" {
			fmt.Fprintf(io.ErrOut, "  what to do: %s\n", r.Problem.Fix)
		}
	}
}
