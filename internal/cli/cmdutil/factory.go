package cmdutil

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
	"github.com/spf13/pflag"
)

// Version is set with -ldflags "-X github.com/atender/atender/internal/cli/cmdutil.Version=v1.2.3".
var Version = ""

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

// Factory hands every side effect to commands, so tests can replace each one.
type Factory struct {
	IO       *IOStreams
	Getenv   func(string) string
	WorkDir  string
	Redactor *Redactor
	Now      func() time.Time
	// ClientOptions lets tests tune retries and timeouts of the API client.
	ClientOptions func(*kb.Options)
}

// New returns the factory of a real process.
func New() *Factory {
	wd, _ := os.Getwd()
	r := &Redactor{}
	return &Factory{IO: System(os.Getenv, r), Getenv: os.Getenv, WorkDir: wd, Redactor: r, Now: time.Now}
}

// Config resolves the configuration for a command and registers the key for redaction.
func (f *Factory) Config(flags *pflag.FlagSet) (*config.Config, error) {
	cfg, err := config.Load(config.LoadOptions{Flags: flags, Getenv: f.Getenv, WorkDir: f.WorkDir})
	if err != nil {
		return nil, err
	}
	if cfg.APIKey != "" {
		f.Redactor.Add(cfg.APIKey, config.Mask(cfg.APIKey))
	}
	for _, w := range cfg.Warnings {
		f.Warn("%s", w)
	}
	return cfg, nil
}

// CheckKey runs the checks made before any request (a key is there, its prefix, its environment), prints
// the warnings, and returns an exit-4 error when the key cannot be used.
func (f *Factory) CheckKey(cfg *config.Config) error {
	warns, err := cfg.CheckKey()
	for _, w := range warns {
		f.Warn("%s", w)
	}
	if err != nil {
		return Exit(ExitAuth, err)
	}
	return nil
}

// Warn prints a warning for people on stderr.
func (f *Factory) Warn(format string, args ...any) {
	fmt.Fprintf(f.IO.ErrOut, "warning: "+format+"\n", args...)
}

// Client returns an API client for cfg.
func (f *Factory) Client(cfg *config.Config) *kb.Client {
	o := kb.Options{
		BaseURL:   cfg.BaseURL,
		APIKey:    cfg.APIKey,
		UserAgent: "atender/" + VersionString(),
		Timeout:   cfg.Timeout,
		Rate:      kb.RateConfig{Cap: cfg.RateLimit},
	}
	if cfg.Debug {
		o.Debug = f.IO.ErrOut
	}
	if f.ClientOptions != nil {
		f.ClientOptions(&o)
	}
	return kb.NewClient(o)
}

// OutputMode resolves text/json/github: the flag or setting, else github inside GitHub Actions, else text.
func (f *Factory) OutputMode(cfg *config.Config) string {
	if cfg.Output != "" {
		return cfg.Output
	}
	if f.Getenv("GITHUB_ACTIONS") == "true" {
		return "github"
	}
	return "text"
}
