// Package emulatorcmd holds `atender emulator`: the KB API emulator (package emulator) served for people and
// scripts.
package emulatorcmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Options are the inputs of `atender emulator`.
type Options struct {
	Addr          string
	Data          string
	Tier          string
	Shapes        []string
	Limiter       string
	OtherClient   int
	Latency       time.Duration
	FaultRate     float64
	LostReplyRate float64
	SlowRate      float64
	SlowDelay     time.Duration
	Live          bool
	WriteEnv      string
}

// NewCmdEmulator returns `atender emulator`.
func NewCmdEmulator(f *cmdutil.Factory) *cobra.Command {
	return newCmd(f, nil)
}

// newCmd builds the command; runF, when set, replaces the run (tests of flag parsing).
func newCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve a local emulator of the Atender KB API (for trying atender without a key)",
		Long: `Serve an in-memory emulator of the Atender KB API on loopback. It behaves like Atender, hazards
included: POST never deduplicates slugs (a second "faq" becomes "faq-1"), a title change regenerates the
slug, unknown JSON keys are rejected, and the rate limits of the chosen tier answer 429 with Retry-After.
The default tier is unlimited; --tier starter makes it feel like a new Atender key (60 requests a minute
plus a burst of 10, 10,000 a day). The allowance is counted in a sliding 60-second window, or with
--limiter bucket as a token bucket (70 tokens on starter, refilled at 60 a minute) whose
X-RateLimit-Reset is the seconds until it is full, or with --limiter bucket-next the same bucket announcing
the seconds until the next token; all announce X-RateLimit-Limit, -Remaining and -Reset. --other-client N adds a simulated second client that spends
N requests a minute of the same key's allowance, as a CI job sharing the key would.

On start it prints the base URL, a key with knowledge:read and knowledge:write, and a read-only key.
With --data the tenant (and the keys) survive restarts: the file is written atomically at most twice a
second while writes arrive, and on exit (Ctrl-C or SIGTERM), so persisting costs a sync next to nothing.
GET / answers with a short text, so a script can wait for it. Ctrl-C stops it.

Every route honours ?kbId=: each kbId is a knowledge base of its own (a kbId in a JSON body is a 400).

--shape switches replies to plausible differences of the real API, or to a hostile server, to test how
a client copes (repeat the flag or separate shapes with commas; several combine):
` + shapeHelp() + cmdutil.ExitCodesHelp,
		Example: `  atender emulator
  atender emulator --tier starter --data kb.json
  atender emulator --tier professional --limiter bucket --other-client 100
  atender emulator --shape items,cap-limit=20,no-total
  atender emulator --shape hide-articles=0.33 --shape time-unix-ms
  atender emulator --write-env .atender-demo.env &
  atender --env-file .atender-demo.env kb sync examples/docs`,
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			var used []string
			cmd.InheritedFlags().VisitAll(func(fl *pflag.Flag) {
				if fl.Changed {
					used = append(used, "--"+fl.Name)
				}
			})
			if len(used) > 0 {
				return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("atender emulator does not use %s: it serves its own API on --addr (see atender emulator --help)", strings.Join(used, ", ")))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return run(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Addr, "addr", "127.0.0.1:8750", "address to listen on (loopback only; port 0 picks a free one)")
	fl.StringVar(&o.Data, "data", "", "persist the tenant and keys in this JSON file")
	fl.StringVar(&o.Tier, "tier", "unlimited", "rate-limit tier: "+strings.Join(facts.TierNames, ", "))
	fl.StringVar(&o.Limiter, "limiter", emulator.LimiterWindow, "how the tier is counted: window (sliding 60 s window), bucket or bucket-next (token bucket; Reset until full or until the next token)")
	fl.IntVar(&o.OtherClient, "other-client", 0, "simulate another client spending this many requests a minute of every key's allowance")
	fl.StringArrayVar(&o.Shapes, "shape", nil, "reply shape(s), see above (repeatable, comma-separated)")
	fl.DurationVar(&o.Latency, "latency", 0, "add this latency to every API request")
	fl.Float64Var(&o.FaultRate, "fault-rate", 0, "fraction of requests answered 503 (0–1)")
	fl.Float64Var(&o.LostReplyRate, "lost-reply-rate", 0, "fraction of writes applied whose reply is then dropped (0–1)")
	fl.Float64Var(&o.SlowRate, "slow-rate", 0, "fraction of replies held back by --slow-delay after the work is done (0–1)")
	fl.DurationVar(&o.SlowDelay, "slow-delay", 5*time.Second, "how long a slow reply is held back")
	fl.BoolVar(&o.Live, "live", false, "emulate production: accept sa_live_ keys instead of sa_test_ keys")
	fl.StringVar(&o.WriteEnv, "write-env", "", "write ATENDER_BASE_URL and ATENDER_API_KEY for the emulator to this .env file (mode 0600)")

	cmd.RegisterFlagCompletionFunc("tier", cobra.FixedCompletions(facts.TierNames, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("shape", completeShapes)
	cmd.RegisterFlagCompletionFunc("limiter", cobra.FixedCompletions(emulator.Limiters, cobra.ShellCompDirectiveNoFileComp))
	// The root's persistent flags (--env, --base-url, --rate-limit, …) configure a client; the emulator is a
	// server and ignores them, so its help does not list them (and PreRunE refuses them).
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		defer hideInherited(c)()
		c.Root().HelpFunc()(c, args)
	})
	cmd.SetUsageFunc(func(c *cobra.Command) error {
		defer hideInherited(c)()
		return c.Root().UsageFunc()(c)
	})
	return cmd
}

// hideInherited hides c's inherited flags and returns what shows them again.
func hideInherited(c *cobra.Command) func() {
	var hidden []*pflag.Flag
	c.InheritedFlags().VisitAll(func(fl *pflag.Flag) {
		if !fl.Hidden {
			fl.Hidden = true
			hidden = append(hidden, fl)
		}
	})
	return func() {
		for _, fl := range hidden {
			fl.Hidden = false
		}
	}
}

func shapeHelp() string {
	var b strings.Builder
	for _, h := range emulator.ShapeHelp {
		fmt.Fprintf(&b, "  %-18s %s\n", h[0], h[1])
	}
	return b.String()
}

// completeShapes offers the shapes, after any already typed before a comma.
func completeShapes(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	prefix := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		prefix = toComplete[:i+1]
	}
	var out []string
	for i, name := range emulator.ShapeNames() {
		out = append(out, prefix+name+"\t"+emulator.ShapeHelp[i][1])
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// serverOptions checks the flags and turns them into the emulator's options.
func serverOptions(o *Options) (emulator.Options, error) {
	tier, ok := facts.Tiers[o.Tier]
	if !ok {
		return emulator.Options{}, fmt.Errorf("unknown tier %q: use one of %s", o.Tier, strings.Join(facts.TierNames, ", "))
	}
	for _, r := range []float64{o.FaultRate, o.LostReplyRate, o.SlowRate} {
		if r < 0 || r > 1 {
			return emulator.Options{}, errors.New("--fault-rate, --lost-reply-rate and --slow-rate take a fraction from 0 to 1")
		}
	}
	if !slices.Contains(emulator.Limiters, o.Limiter) {
		return emulator.Options{}, fmt.Errorf("unknown --limiter %q: use %s", o.Limiter, strings.Join(emulator.Limiters, ", "))
	}
	if o.OtherClient < 0 {
		return emulator.Options{}, errors.New("--other-client takes a number of requests a minute, 0 or more")
	}
	shapes, err := emulator.ParseShapes(o.Shapes...)
	if err != nil {
		return emulator.Options{}, fmt.Errorf("--shape: %w", err)
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return emulator.Options{}, fmt.Errorf("--addr %q: %w", o.Addr, err)
	}
	if !config.IsLoopback(host) {
		return emulator.Options{}, fmt.Errorf("--addr %q: the emulator serves plain http and accepts keys, so it listens on loopback only (127.0.0.1, ::1, localhost)", o.Addr)
	}
	env := "test"
	if o.Live {
		env = "live"
	}
	return emulator.Options{Env: env, Tier: tier, Limiter: o.Limiter, OtherClient: o.OtherClient, Shapes: shapes, Latency: o.Latency, FaultRate: o.FaultRate, LostReplyRate: o.LostReplyRate,
		SlowRate: o.SlowRate, SlowDelay: o.SlowDelay, DataFile: o.Data, Seed: uint64(time.Now().UnixNano())}, nil
}

func run(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	opts, err := serverOptions(o)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	env := opts.Env
	srv, err := emulator.New(opts)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	writeKey, readKey := existingKeys(srv, env)
	if writeKey == "" {
		writeKey, readKey = emulator.NewToken(env), emulator.NewToken(env)
		srv.AddKey(emulator.Key{Token: writeKey, Env: env, Scopes: []string{facts.ScopeRead, facts.ScopeWrite}})
		srv.AddKey(emulator.Key{Token: readKey, Env: env, Scopes: []string{facts.ScopeRead}})
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("listening on %s: %w (is another emulator running? try --addr 127.0.0.1:0)", o.Addr, err))
	}
	base := "http://" + ln.Addr().String() + facts.BasePath
	if o.WriteEnv != "" {
		content := fmt.Sprintf("# written by atender emulator; emulator keys only\nATENDER_BASE_URL=%s\nATENDER_API_KEY=%s\n", base, writeKey)
		if err := atomicfile.Write(o.WriteEnv, []byte(content), 0o600); err != nil {
			ln.Close()
			return cmdutil.Exit(cmdutil.ExitFailure, err)
		}
	}
	// These are emulator keys, meant to be copied: print them as they are.
	fmt.Fprintf(f.IO.Out, "Atender KB emulator (tier %s, %s limiter, %s keys) listening\n\n", opts.Tier.Name, opts.Limiter, env)
	fmt.Fprintf(f.IO.Out, "  export ATENDER_BASE_URL=%s\n", base)
	fmt.Fprintf(f.IO.Out, "  export ATENDER_API_KEY=%s    # knowledge:read + knowledge:write\n", writeKey)
	fmt.Fprintf(f.IO.Out, "  # read-only key: %s\n\n", readKey)
	if o.OtherClient > 0 {
		fmt.Fprintf(f.IO.Out, "Another client spends %d requests a minute of every key's allowance.\n", o.OtherClient)
	}
	if len(o.Shapes) > 0 {
		fmt.Fprintf(f.IO.Out, "Reply shapes: %s (not the API's usual replies).\n", strings.Join(o.Shapes, ","))
	}
	if o.Data != "" {
		fmt.Fprintf(f.IO.Out, "State is kept in %s.\n", o.Data)
	}
	fmt.Fprintln(f.IO.Out, "Press Ctrl-C to stop.")

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		srv.Close()
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	if err := srv.Close(); err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("saving %s: %w (the last changes are lost)", o.Data, err))
	}
	fmt.Fprintln(f.IO.ErrOut, "emulator stopped")
	return nil
}

func existingKeys(srv *emulator.Server, env string) (write, read string) {
	for _, k := range srv.Keys() {
		if k.Env != env || k.Revoked {
			continue
		}
		hasWrite := len(k.Scopes) == 0
		for _, s := range k.Scopes {
			hasWrite = hasWrite || s == facts.ScopeWrite
		}
		if hasWrite && write == "" {
			write = k.Token
		} else if !hasWrite && read == "" {
			read = k.Token
		}
	}
	if read == "" {
		read = write
	}
	return write, read
}
