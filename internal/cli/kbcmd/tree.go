package kbcmd

import (
	"context"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/syncrun"
)

// loadTree is the sync pipeline's load stage, which every kb command reads the docs tree through.
func loadTree(ctx context.Context, cfg *config.Config, dir string, strict bool) (*docs.Tree, error) {
	return syncrun.Load(ctx, cfg, dir, strict)
}

func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return ""
}
