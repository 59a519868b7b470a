// Package emulatorcmd holds `atender emulator`: the KB API emulator served for people and scripts.
package emulatorcmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
	"github.com/spf13/cobra"
)

// Options are the inputs of `atender emulator`.
type Options struct {
	Addr          string
	Data          string
	Tier          string
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
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve a local emulator of the Atender KB API (for trying atender without a key)",
		Long: `Serve an in-memory emulator of the Atender KB API on loopback. It behaves like Atender, hazards
included: POST never deduplicates slugs (a second "faq" becomes "faq-1"), a title change regenerates the
slug, unknown JSON keys are rejected, and the rate limits of the chosen tier answer 429 with Retry-After.

On start it prints the base URL, a key with knowledge:read and knowledge:write, and a read-only key.
With --data the tenant (and the keys) survive restarts; the file is rewritten atomically after every write.
GET / answers with a short text, so a script can wait for it. Ctrl-C stops it.` + cmdutil.ExitCodesHelp,
		Example: `  atender emulator
  atender emulator --tier starter --data kb.json
  atender emulator --write-env .atender-demo.env &
  atender --env-file .atender-demo.env kb sync examples/docs`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return run(cmd.Context(), f, o) },
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Addr, "addr", "127.0.0.1:8750", "address to listen on (loopback only; port 0 picks a free one)")
	fl.StringVar(&o.Data, "data", "", "persist the tenant and keys in this JSON file")
	fl.StringVar(&o.Tier, "tier", "unlimited", "rate-limit tier: starter, professional, enterprise or unlimited")
	fl.DurationVar(&o.Latency, "latency", 0, "add this latency to every API request")
	fl.Float64Var(&o.FaultRate, "fault-rate", 0, "fraction of requests answered 503 (0–1)")
	fl.Float64Var(&o.LostReplyRate, "lost-reply-rate", 0, "fraction of writes applied whose reply is then dropped (0–1)")
	fl.Float64Var(&o.SlowRate, "slow-rate", 0, "fraction of replies held back by --slow-delay after the work is done (0–1)")
	fl.DurationVar(&o.SlowDelay, "slow-delay", 5*time.Second, "how long a slow reply is held back")
	fl.BoolVar(&o.Live, "live", false, "emulate production: accept sa_live_ keys instead of sa_test_ keys")
	fl.StringVar(&o.WriteEnv, "write-env", "", "write ATENDER_BASE_URL and ATENDER_API_KEY for the emulator to this .env file (mode 0600)")
	return cmd
}

func run(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	tier, ok := facts.Tiers[o.Tier]
	if !ok {
		names := make([]string, 0, len(facts.Tiers))
		for n := range facts.Tiers {
			names = append(names, n)
		}
		sort.Strings(names)
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("unknown tier %q: use one of %s", o.Tier, strings.Join(names, ", ")))
	}
	for _, r := range []float64{o.FaultRate, o.LostReplyRate, o.SlowRate} {
		if r < 0 || r > 1 {
			return cmdutil.Exit(cmdutil.ExitFailure, errors.New("--fault-rate, --lost-reply-rate and --slow-rate take a fraction from 0 to 1"))
		}
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("--addr %q: %w", o.Addr, err))
	}
	if !config.IsLoopback(host) {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("--addr %q: the emulator serves plain http and accepts keys, so it listens on loopback only (127.0.0.1, ::1, localhost)", o.Addr))
	}
	env := "test"
	if o.Live {
		env = "live"
	}
	srv, err := emulator.New(emulator.Options{Env: env, Tier: tier, Latency: o.Latency, FaultRate: o.FaultRate, LostReplyRate: o.LostReplyRate, SlowRate: o.SlowRate, SlowDelay: o.SlowDelay, DataFile: o.Data, Seed: uint64(time.Now().UnixNano())})
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
	fmt.Fprintf(f.IO.Out, "Atender KB emulator (tier %s, %s keys) listening\n\n", tier.Name, env)
	fmt.Fprintf(f.IO.Out, "  export ATENDER_BASE_URL=%s\n", base)
	fmt.Fprintf(f.IO.Out, "  export ATENDER_API_KEY=%s    # knowledge:read + knowledge:write\n", writeKey)
	fmt.Fprintf(f.IO.Out, "  # read-only key: %s\n\n", readKey)
	if o.Data != "" {
		fmt.Fprintf(f.IO.Out, "State is kept in %s.\n", o.Data)
	}
	fmt.Fprintln(f.IO.Out, "Press Ctrl-C to stop.")

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	fmt.Fprintln(f.IO.ErrOut, "emulator stopped")
	return nil
}

func existingKeys(srv *emulator.Server, env string) (write, read string) {
	for _, k := range srv.Snapshot().Keys {
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
