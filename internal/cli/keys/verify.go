// Package keys holds the `atender keys` commands.
package keys

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/atender/atender/internal/facts"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
	"github.com/spf13/cobra"
)

// NewCmdKeys returns `atender keys`.
func NewCmdKeys(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "keys",
		Short:   "Check Atender API keys",
		Long:    "Check Atender API keys (read from ATENDER_API_KEY or .env; never a flag)." + cmdutil.ExitCodesHelp,
		Example: "  atender keys verify",
		Args:    cobra.ArbitraryArgs,
		RunE:    cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdVerify(f, nil))
	return cmd
}

// VerifyOptions are the inputs of `keys verify`.
type VerifyOptions struct {
	ReadOnly bool
}

// writeProbeID names an article that cannot exist: a PATCH to it answers 403 without the write scope and
// 404 with it, because Atender checks scopes before the endpoint runs. Nothing is changed either way.
const writeProbeID = "art_atender-keys-verify-probe"

// NewCmdVerify returns `atender keys verify`. runF replaces the behaviour in flag-parsing tests.
func NewCmdVerify(f *cmdutil.Factory, runF func(*cobra.Command, *VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that the API key is live, for which environment, with which scopes",
		Long: `Smoke-test the API key: GET /categories shows whether it is live; a PATCH to an article id that
cannot exist shows whether it may write (403 without knowledge:write, 404 with it). Nothing is changed.

The key is read from ATENDER_API_KEY in the environment, or from a .env file (--env-file). It is shown masked.` + cmdutil.ExitCodesHelp,
		Example: `  # check the production key in $ATENDER_API_KEY
  atender keys verify

  # a sandbox key against staging, as JSON
  atender keys verify --env staging --output json

  # a key that only needs to read (e.g. for kb sync --dry-run)
  atender keys verify --read-only`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd, opts)
			}
			return runVerify(cmd, f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ReadOnly, "read-only", false, "succeed when the key can read, even without knowledge:write")
	return cmd
}

// Report is the result of `keys verify`; --output json prints it as one object.
type Report struct {
	OK          bool              `json:"ok"`
	Live        bool              `json:"live"`
	Key         string            `json:"key"`
	KeySource   string            `json:"keySource"`
	KeyKind     string            `json:"keyKind"`
	Environment string            `json:"environment"`
	BaseURL     string            `json:"baseUrl"`
	RoundTripMs int64             `json:"roundTripMs"`
	RequestID   string            `json:"requestId,omitempty"`
	RateLimit   *kb.RateLimitInfo `json:"rateLimit,omitempty"`
	Scopes      map[string]string `json:"scopes"`
	Problem     *Problem          `json:"problem,omitempty"`
}

// Problem says what went wrong and what to do.
type Problem struct {
	Kind      string `json:"kind"` // unauthorized, wrong-environment, missing-scope, rate-limited, network, dns, tls, timeout, unexpected
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
	Status    int    `json:"status,omitempty"`
	RequestID string `json:"requestId,omitempty"`
	exit      int
}

func runVerify(cmd *cobra.Command, f *cmdutil.Factory, opts *VerifyOptions) error {
	cfg, err := f.Config(cmd.Flags())
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	if err := f.CheckKey(cfg); err != nil {
		return err
	}
	prevOpts := f.ClientOptions
	f.ClientOptions = func(o *kb.Options) {
		// A smoke test answers quickly: a few retries, short waits.
		o.MaxRetries, o.Max429Retries, o.MaxRetryAfter = 1, 2, 5*time.Second
		if prevOpts != nil {
			prevOpts(o)
		}
	}
	client := f.Client(cfg)
	rep := Verify(cmd.Context(), client, cfg, opts.ReadOnly)

	if f.OutputMode(cfg) == "json" {
		enc := json.NewEncoder(f.IO.Out)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printReport(f, rep)
	}
	if rep.Problem != nil {
		if f.OutputMode(cfg) == "github" {
			fmt.Fprintf(f.IO.Out, "::error title=atender keys verify::%s\n", rep.Problem.Message)
		}
		return cmdutil.Silent(rep.Problem.exit)
	}
	return nil
}

// Verify runs the two probes and classifies the outcome.
func Verify(ctx context.Context, c *kb.Client, cfg *config.Config, readOnly bool) *Report {
	rep := &Report{
		Key: config.Mask(cfg.APIKey), KeySource: cfg.KeySource, KeyKind: facts.KeyKind(cfg.APIKey), BaseURL: cfg.BaseURL,
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
		rep.Problem = Classify(err, cfg, facts.ScopeRead)
		if rep.Problem.Kind == "missing-scope" {
			rep.Live = true
			rep.Scopes[facts.ScopeRead] = "missing"
		}
		return rep
	}
	rep.Live = true
	rep.Scopes[facts.ScopeRead] = "ok"

	_, err = c.Probe(ctx, http.MethodPatch, "/articles/"+writeProbeID, struct{}{})
	switch st := kb.StatusOf(err); {
	case st == http.StatusNotFound:
		rep.Scopes[facts.ScopeWrite] = "ok"
	case st == http.StatusForbidden:
		rep.Scopes[facts.ScopeWrite] = "missing"
		if !readOnly {
			p := Classify(err, cfg, facts.ScopeWrite)
			rep.Problem = p
		}
	case err == nil:
		// Only possible if an article with the probe id exists; an empty PATCH changed nothing.
		rep.Scopes[facts.ScopeWrite] = "ok"
	default:
		rep.Problem = Classify(err, cfg, facts.ScopeWrite)
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

// ExitCode is the exit code a problem maps to.
func (p *Problem) ExitCode() int { return p.exit }

// Classify explains an API or network error for people: what went wrong with the key or the connection and
// what to do. kb sync uses it too, so a wrong key gets the same explanation everywhere.
func Classify(err error, cfg *config.Config, scope string) *Problem {
	var ae *kb.APIError
	if errors.As(err, &ae) {
		p := &Problem{Status: ae.Status, RequestID: ae.RequestID, Message: ae.Error(), exit: cmdutil.ExitAuth}
		switch ae.Status {
		case http.StatusUnauthorized:
			p.Kind = "unauthorized"
			p.Message = "the key was refused (401): it is wrong, revoked, or from another environment. Atender said: " + ae.Message
			p.Fix = "Check that " + config.KeyEnvVar + " holds the whole key as shown once in Settings → API Keys; a key never expires, so a 401 means revoked, mistyped, or made for another environment."
			kind := facts.KeyKind(cfg.APIKey)
			if strings.Contains(strings.ToLower(ae.Message), "environment") || cfg.BaseURLExplicit && kind != "" {
				p.Kind = "wrong-environment"
				other := map[string]string{"live": "production", "test": "a sandbox (dev/staging)"}[kind]
				p.Message = fmt.Sprintf("the key was refused (401) by %s. It is a %s key, for %s; a key only authenticates in the environment that issued it. Atender said: %s", cfg.BaseURL, kind, other, ae.Message)
				p.Fix = "Use a key issued for this host's environment, or point --env/--base-url at the key's environment."
			}
		case http.StatusForbidden:
			p.Kind = "missing-scope"
			p.Message = fmt.Sprintf("the key is live but lacks the %s scope (403). Atender said: %s", scope, ae.Message)
			p.Fix = "In Atender, Settings → API Keys, create a key with the boxes knowledge:read and knowledge:write ticked (an empty selection also grants every scope), switch to it, then delete the old key."
			if scope == facts.ScopeWrite {
				p.Fix += " Or, if this key only needs to read, run with --read-only."
			}
		case http.StatusTooManyRequests:
			p.Kind = "rate-limited"
			p.Message = fmt.Sprintf("the key is rate limited (429, retry after %ds); its limits are per key, so another job may be using it. Atender said: %s", ae.RetryAfter, ae.Message)
			p.Fix = "Wait and retry; if it keeps happening, give CI its own key or move to a larger tier."
			p.exit = cmdutil.ExitFailure
		default:
			p.Kind = "unexpected"
			p.Message = fmt.Sprintf("unexpected reply %d from %s (request %s): %s", ae.Status, cfg.BaseURL, ae.RequestID, ae.Message)
			p.Fix = "Check --base-url/--env; if the host is right, quote the request id to Atender support."
			p.exit = cmdutil.ExitFailure
		}
		return p
	}
	p := &Problem{Kind: "network", exit: cmdutil.ExitFailure, Message: "could not reach " + cfg.BaseURL + ": " + err.Error()}
	host := cfg.BaseURL
	if u, perr := url.Parse(cfg.BaseURL); perr == nil {
		host = u.Host
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr):
		p.Kind, p.Message = "dns", fmt.Sprintf("the host %s could not be resolved (DNS): %v", host, dnsErr)
		p.Fix = "Check the base URL for typos, and the machine's DNS and network."
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &recErr):
		p.Kind, p.Message = "tls", fmt.Sprintf("TLS to %s failed: %v", host, err)
		p.Fix = "A proxy may be intercepting TLS, or the base URL points at a host that does not serve the API (a custom help-center domain never does)."
	case errors.Is(err, syscall.ECONNREFUSED):
		p.Message = fmt.Sprintf("nothing is listening at %s (connection refused)", host)
		p.Fix = "Check the base URL; for the emulator, start it with `atender emulator`."
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		p.Kind, p.Message = "timeout", fmt.Sprintf("%s did not answer in time", host)
		p.Fix = "Check the network, or raise --timeout."
	}
	return p
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func printReport(f *cmdutil.Factory, r *Report) {
	w := f.IO.Out
	status := "live"
	if !r.Live {
		status = "NOT live"
	}
	fmt.Fprintf(w, "Key:          %s (from %s)\n", r.Key, r.KeySource)
	fmt.Fprintf(w, "Environment:  %s\n", r.Environment)
	fmt.Fprintf(w, "Base URL:     %s\n", r.BaseURL)
	fmt.Fprintf(w, "Status:       %s", status)
	if r.RequestID != "" {
		fmt.Fprintf(w, " (GET /categories in %d ms, request %s)", r.RoundTripMs, r.RequestID)
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
		fmt.Fprintf(f.IO.ErrOut, "error: %s\n", r.Problem.Message)
		if r.Problem.Fix != "" {
			fmt.Fprintf(f.IO.ErrOut, "  what to do: %s\n", r.Problem.Fix)
		}
	}
}
