package kbcmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/conflict"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/preview"
	"github.com/atender/atender/internal/syncrun"
	"github.com/spf13/cobra"
)

// DefaultPreviewAddr is where the preview listens unless --addr says otherwise: this machine only.
const DefaultPreviewAddr = "127.0.0.1:8080"

// PreviewOptions are the inputs and dependencies of `kb preview`.
type PreviewOptions struct {
	IO     *cmdutil.IOStreams
	Config func() (*config.Config, error)
	// Reconfig reads the configuration again (flags, environment, config file), for an edited config file.
	Reconfig func() (*config.Config, error)
	Client   func() (kb.API, error)

	Dir     string
	Addr    string
	Open    bool
	Offline bool
	// Ready, when set, is told the address served once the first version of the tree is loaded (tests).
	Ready func(addr string)
}

// NewCmdPreview returns `atender kb preview`. runF replaces the behaviour in flag-parsing tests.
func NewCmdPreview(f *cmdutil.Factory, runF func(context.Context, *PreviewOptions) error) *cobra.Command {
	o := &PreviewOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "preview [DIR]",
		Short: "Serve the help center as a sync would publish it, live, in a browser",
		Long: `Serve DIR (default: config ` + "`path`" + `, else docs) as the help center will show it after kb sync: a home
page of categories, subcategories and articles with a search box, one page per article at /knowledge/<slug>
(its title, summary, body and tags), links between articles working. The pages come from exactly what sync
would send, after conversion and link rewriting.

Problems are shown in place: warnings in a banner, errors instead of the body, all of them on /problems, so
a tree that does not validate still previews. Edits, new files and deletions appear in the open browser
within two seconds.

With a key (ATENDER_API_KEY) each article is marked new, changed, unchanged or conflict against the KB,
with the diff of a changed one; --offline (or no key) sends nothing.

It listens on ` + DefaultPreviewAddr + ` (this machine only). Another address must be asked for with --addr;
anything but loopback is reachable from the network and a warning says so.` + cmdutil.ExitCodes(cmdutil.ExitOK, cmdutil.ExitFailure, cmdutil.ExitAuth),
		Example: `  atender kb preview docs --open
  atender kb preview --addr 127.0.0.1:0   # any free port
  atender kb preview docs --offline`,
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = dirArg(args)
			o.Config = f.ConfigFunc(cmd.Flags(), o.Dir)
			o.Reconfig = func() (*config.Config, error) { return f.ConfigFunc(cmd.Flags(), o.Dir)() }
			client := f.ClientFunc(o.Config, nil)
			o.Client = func() (kb.API, error) { return client() }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return previewRun(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Addr, "addr", DefaultPreviewAddr, "host:port to listen on (port 0: any free one)")
	fl.BoolVar(&o.Open, "open", false, "open the preview in the default browser")
	fl.BoolVar(&o.Offline, "offline", false, "do not compare with the KB, even with a key")
	return cmd
}

func previewRun(ctx context.Context, o *PreviewOptions) error {
	cfg, err := o.Config()
	if err != nil {
		return err
	}
	if !preview.Loopback(o.Addr) {
		o.IO.Warnf("--addr %s is not a loopback address: anyone who can reach this machine can read the preview", o.Addr)
	}
	live := &liveConfig{cfg: cfg, reload: o.Reconfig}
	live.data, _ = os.ReadFile(cfg.ConfigFile)
	siteOpts, err := remoteView(ctx, o, cfg, live)
	if err != nil {
		return err
	}
	srv := preview.NewServer(func(ctx context.Context) (*docs.Tree, error) {
		cfg, err := live.current()
		if err != nil {
			return nil, err
		}
		return loadTree(ctx, cfg, o.Dir, false)
	}, siteOpts)
	dir := o.Dir
	if dir == "" {
		dir = cfg.Path
	}
	var watched []string
	if cfg.ConfigFile != "" && o.Reconfig != nil {
		watched = append(watched, cfg.ConfigFile)
	}
	ln, err := preview.Listen(o.Addr)
	if err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, err)
	}
	srv.Reload(ctx)
	if ctx.Err() != nil {
		ln.Close()
		return nil
	}
	if err := srv.Watch(ctx, dir, watched, func(err error) { o.IO.Warnf("watching for changes: %v", err) }); err != nil {
		o.IO.Warnf("%v; reload the page by hand after an edit", err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(o.IO.ErrOut, "Previewing %s at %s (Ctrl-C stops)\n", escape.Terminal(dir), url)
	if s := srv.Site(); s != nil {
		fmt.Fprintf(o.IO.ErrOut, "%d articles, %d errors, %d warnings\n", len(s.Articles), s.Errors, s.Warnings)
	}
	if o.Open {
		if err := openBrowser(url); err != nil {
			o.IO.Warnf("could not open a browser (%v): open %s yourself", err, url)
		}
	}
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	if err := preview.Serve(ctx, ln, srv); err != nil {
		return cmdutil.Exit(cmdutil.ExitFailure, fmt.Errorf("serving the preview: %w", err))
	}
	return nil
}

// remoteView lists the KB once, when there is a key and --offline is not given, and returns how each
// version of the tree is compared with it (sync's planner and conflict detection). Offline, the site
// options carry only the links setting (of the config as last read).
func remoteView(ctx context.Context, o *PreviewOptions, cfg *config.Config, live *liveConfig) (func(*docs.Tree) preview.Options, error) {
	base := func() preview.Options { return preview.Options{LinksBaseURL: live.last().Links.BaseURL} }
	if o.Offline || cfg.APIKey == "" {
		return func(*docs.Tree) preview.Options { return base() }, nil
	}
	_, ix, err := syncrun.Connect(ctx, o.Client, cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.IO.ErrOut, "Comparing with the KB at %s (%d articles); --offline does not\n", escape.Terminal(cfg.BaseURL), len(ix.Remote.Articles))
	return func(t *docs.Tree) preview.Options {
		opts := base()
		var edited map[string][]string
		if cfg.OnConflict != config.ConflictOverwrite {
			if ev, err := conflict.Detect(t, ix, syncrun.ConflictOptions(cfg)); err == nil {
				edited = ev.Edited
			}
		}
		opts.Remote = preview.Compare(t, ix, edited)
		opts.RemoteBase = cfg.BaseURL
		return opts
	}, nil
}

// liveConfig is the configuration of a running preview: read again when the config file's content changed,
// so that an edit of it shows like an edit of a page. A config that no longer loads is the preview's
// error page until it is fixed. (The remote view keeps the KB and key it started with.)
type liveConfig struct {
	mu     sync.Mutex
	cfg    *config.Config
	data   []byte // the config file as cfg was read from it
	reload func() (*config.Config, error)
}

func (l *liveConfig) current() (*config.Config, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reload == nil || l.cfg.ConfigFile == "" {
		return l.cfg, nil
	}
	b, err := os.ReadFile(l.cfg.ConfigFile)
	if err == nil && bytes.Equal(b, l.data) {
		return l.cfg, nil
	}
	cfg, err := l.reload()
	if err != nil {
		return nil, err // l.data stays: the next save is read again
	}
	l.cfg, l.data = cfg, b
	return cfg, nil
}

// last is the configuration as last read, without reading it again.
func (l *liveConfig) last() *config.Config {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cfg
}

// openBrowser opens url with the desktop's handler.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		c = exec.Command("open", url)
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go func() { _ = c.Wait() }()
	return nil
}
