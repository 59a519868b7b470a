package cmdutil

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
	"github.com/spf13/pflag"
)

// Version, Commit and Date are set by the release build (.goreleaser.yaml) with -ldflags
// "-X github.com/atender/atender/internal/cli/cmdutil.Version=v1.2.3" and likewise Commit and Date.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// VersionString returns the version, falling back to the module's build info.
func VersionString() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// BuildDetails returns the commit and the build date of the binary: those of the release build, else the
// VCS stamp that go build records in a checkout (a commit of a modified tree ends in "-dirty"). Either is
// empty when unknown (go install module@version records none).
func BuildDetails() (commit, date string) {
	commit, date = Commit, Date
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return commit, date
	}
	var rev, at, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if commit == "" && rev != "" {
		commit = rev
		if modified == "true" {
			commit += "-dirty"
		}
	}
	if date == "" {
		date = at
	}
	return commit, date
}

// Factory hands every side effect to commands, so tests can replace each one. Commands do not keep the
// Factory: their NewCmdX copies what they need into their Options (IO, Config, Client, Now).
type Factory struct {
	IO     *IOStreams
	Getenv func(string) string
	// Env is where the program runs (CI, GitHub Actions, terminals), decided once at start-up.
	Env      runenv.Env
	WorkDir  string
	Redactor *Redactor
	Now      func() time.Time
	// ClientOptions lets tests tune retries and timeouts of the API client.
	ClientOptions func(*kb.Options)
	// Interrupts is shared with Main's signal handler (the writes in flight at a second Ctrl-C).
	Interrupts *Interrupts
	// Environ lists the environment (to catch misspelt ATENDER_ variables).
	Environ func() []string

	output config.Output // the resolved output mode, once a configuration was resolved
}

// Output is the output mode of the command that ran: resolved from its configuration, else from -o or
// ATENDER_OUTPUT as given (the configuration may be what failed), else "".
func (f *Factory) Output(flags *pflag.FlagSet) config.Output {
	if f.output != "" {
		return f.output
	}
	if flags != nil {
		if fl := flags.Lookup("output"); fl != nil && fl.Changed {
			return config.Output(fl.Value.String())
		}
	}
	return config.Output(strings.ToLower(strings.TrimSpace(f.Getenv("ATENDER_OUTPUT"))))
}

// New returns the factory of a real process.
func New() *Factory {
	wd, _ := os.Getwd()
	r := &Redactor{}
	env := runenv.Process()
	return &Factory{IO: System(env, r), Getenv: os.Getenv, Env: env, WorkDir: wd, Redactor: r, Now: time.Now, Interrupts: &Interrupts{}, Environ: os.Environ}
}

// ConfigFunc returns the configuration of a command, resolved on the first call from its flags, the
// environment and the files, then memoised: every later call returns the same Config, and its warnings
// are printed once. The key is registered for redaction as soon as it is known.
//
// dir is the docs folder of the command line, if any: a config file beside it is found too.
func (f *Factory) ConfigFunc(flags *pflag.FlagSet, dir string) func() (*config.Config, error) {
	var (
		once sync.Once
		cfg  *config.Config
		err  error
	)
	return func() (*config.Config, error) {
		once.Do(func() {
			onKey := func(k string) { f.Redactor.Add(k, facts.MaskKey(k)) } // before any setting is checked
			cfg, err = config.Load(config.LoadOptions{Flags: flags, Getenv: f.Getenv, Actions: f.Env.Actions, Environ: f.Environ, WorkDir: f.WorkDir, Dir: dir, OnKey: onKey})
			if err != nil {
				err = &FlagError{Err: err}
				return
			}
			f.output = cfg.Output
			if cfg.Debug {
				debugFiles(f.IO, cfg)
			}
			if cfg.APIKey != "" {
				f.Redactor.Add(cfg.APIKey, facts.MaskKey(cfg.APIKey))
			}
			for _, w := range cfg.Warnings {
				f.IO.Warnf("%s", w)
			}
			for _, w := range cfg.Annotations {
				f.IO.Warnf("%s", w)
				if cfg.Output == config.OutputGitHub {
					fmt.Fprintln(f.IO.Out, report.WorkflowCommand("warning", []report.Prop{{Name: "title", Value: "atender"}}, w))
				}
			}
		})
		return cfg, err
	}
}

// debugFiles names, for --debug, the config file and the .env file the settings came from.
func debugFiles(io *IOStreams, cfg *config.Config) {
	if cfg.ConfigFile != "" {
		fmt.Fprintf(io.ErrOut, "debug: config file %s\n", cfg.ConfigFile)
	} else {
		fmt.Fprintf(io.ErrOut, "debug: no config file (looked for %s in the working directory, then beside the docs folder up to the repository root)\n", config.ConfigName)
	}
	if cfg.DotenvFile != "" {
		fmt.Fprintf(io.ErrOut, "debug: .env file %s\n", cfg.DotenvFile)
	} else {
		fmt.Fprintln(io.ErrOut, "debug: no .env file (looked in the working directory, then the folders above it up to the repository root)")
	}
	if cfg.APIKey != "" {
		fmt.Fprintf(io.ErrOut, "debug: API key from %s\n", cfg.KeySource)
	}
}

// ClientFunc returns an API client for the configuration, made once: the key checks that need no request
// (present, prefix, environment) run first and fail with exit 4. tweak, if set, adjusts the client's
// options (keys verify wants short retries).
func (f *Factory) ClientFunc(cfgFn func() (*config.Config, error), tweak func(*kb.Options)) func() (*kb.Client, error) {
	var (
		once   sync.Once
		client *kb.Client
		err    error
	)
	return func() (*kb.Client, error) {
		once.Do(func() {
			var cfg *config.Config
			if cfg, err = cfgFn(); err != nil {
				return
			}
			if cfg.DotenvErr != nil {
				err = Exit(ExitFailure, fmt.Errorf("%w; fix it (or remove it and set %s in the environment) before anything is sent", cfg.DotenvErr, config.KeyEnvVar))
				return
			}
			if err = CheckKey(f.IO, cfg); err != nil {
				return
			}
			client = f.newClient(cfg, tweak)
		})
		return client, err
	}
}

// CheckKey runs the checks made before any request (a key is there, its prefix, its environment), prints
// the warnings, and returns an exit-4 error when the key cannot be used.
func CheckKey(io *IOStreams, cfg *config.Config) error {
	warns, err := cfg.CheckKey()
	for _, w := range warns {
		io.Warnf("%s", w)
	}
	if err != nil {
		return Exit(ExitAuth, err)
	}
	return nil
}

func (f *Factory) newClient(cfg *config.Config, tweak func(*kb.Options)) *kb.Client {
	o := kb.Options{
		BaseURL:   cfg.BaseURL,
		APIKey:    cfg.APIKey,
		KBID:      cfg.KBID,
		UserAgent: "atender/" + VersionString(),
		Timeout:   cfg.Timeout,
		Rate:      kb.RateConfig{Cap: cfg.RateLimit},
	}
	if cfg.Debug {
		o.Debug = f.IO.ErrOut
	}
	if tweak != nil {
		tweak(&o)
	}
	if f.ClientOptions != nil {
		f.ClientOptions(&o)
	}
	return kb.NewClient(o)
}
