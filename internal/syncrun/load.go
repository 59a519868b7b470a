// Package syncrun holds the stages of a sync run, each with typed inputs and outputs: Load (the tree),
// Check, Connect (the inventory, indexed once), Plan, the guards (GuardMaxDelete, GuardConfirm), Apply and
// Result/Exit (the report). kb sync runs them in that order; the first stage,
// Load, reads and validates the docs tree exactly as kb sync sends it; every command that shows or checks
// what a sync would send (validate, ls, pull, preview) calls it, so they all see the same tree.
package syncrun

import (
	"context"
	"errors"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/preset"
)

// docsLoad is the loader; a test replaces it with one that never returns.
var docsLoad = docs.LoadContext

// DocsOptions are the loader's options for the settings of cfg: the one translation from configuration to
// docs.Options, so that no command builds its own and sees a different tree.
func DocsOptions(cfg *config.Config, strict bool) docs.Options {
	return docs.Options{
		DefaultStatus:   cfg.Defaults.Status,
		DefaultCategory: cfg.Defaults.Category,
		Exclude:         cfg.Exclude,
		SummaryLength:   cfg.SummaryLength,
		MaxFileSize:     cfg.MaxFileSize,
		LinksBaseURL:    cfg.Links.BaseURL,
		AssetsBaseURL:   cfg.Assets.BaseURL,
		SitePrefix:      cfg.Links.SitePrefix,
		Slugs:           cfg.Slugs,
		Admonitions:     cfg.Markdown.Admonitions,
		TitleHeading:    cfg.Markdown.TitleHeading,
		Rules:           cfg.Rules,
		Preset:          cfg.Preset,
		Fields:          cfg.Fields,
		RepoURL:         cfg.Links.RepoURL,
		RepoRef:         cfg.Links.RepoRef,
		Strict:          strict || cfg.Strict,
	}
}

// Dir is the docs folder a run reads: dir when given (the command line), else the config's path, else the
// preset's docs folder from the repository root.
func Dir(cfg *config.Config, dir string) string {
	if dir == "" {
		dir = cfg.Path
	}
	if dir == "" {
		dir = preset.DocsRootFor(cfg.Preset, ".")
	}
	return dir
}

// Load is the load stage: it reads and validates the docs folder with the settings of cfg (dir "" means the
// config's path) and returns the tree exactly as kb sync would send it. An invalid tree is an error with
// exit code cmdutil.ExitInvalidDocs. Ctrl-C or SIGTERM (ctx done) ends it at once with exit 130, even while
// one hostile file still holds the parser: the loader is told through ctx, and Load does not wait for it.
func Load(ctx context.Context, cfg *config.Config, dir string, strict bool) (*docs.Tree, error) {
	root := Dir(cfg, dir)
	type result struct {
		t   *docs.Tree
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := docsLoad(ctx, root, DocsOptions(cfg, strict))
		done <- result{t, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		return nil, cmdutil.Exit(cmdutil.ExitInterrupted, errors.New("interrupted while reading the docs tree; nothing was sent"))
	}
	if r.err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitInvalidDocs, r.err)
	}
	return r.t, nil
}
