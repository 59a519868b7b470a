package kbcmd

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

// loadTree validates the docs folder with the settings of cfg; dir "" means the config's path. Ctrl-C or
// SIGTERM (ctx done) ends it at once with exit 130, even while one hostile file still holds the parser:
// the loader is told through ctx, and loadTree does not wait for it.
func loadTree(ctx context.Context, cfg *config.Config, dir string, strict bool) (*docs.Tree, error) {
	if dir == "" {
		dir = cfg.Path
	}
	if dir == "" {
		dir = preset.DocsRootFor(cfg.Preset, ".") // from the repository root: the generator's docs folder
	}
	type result struct {
		t   *docs.Tree
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := docsLoad(ctx, dir, docs.Options{
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
		})
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

func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return ""
}
