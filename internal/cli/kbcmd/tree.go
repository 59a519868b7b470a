package kbcmd

import (
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
)

// loadTree validates the docs folder with the settings of cfg; dir "" means the config's path.
func loadTree(cfg *config.Config, dir string, strict bool) (*docs.Tree, error) {
	if dir == "" {
		dir = cfg.Path
	}
	t, err := docs.Load(dir, docs.Options{
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
		Strict:          strict || cfg.Strict,
	})
	if err != nil {
		return nil, cmdutil.Exit(cmdutil.ExitInvalidDocs, err)
	}
	return t, nil
}

func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return ""
}
