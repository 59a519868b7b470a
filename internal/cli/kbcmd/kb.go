// Package kbcmd holds the `atender kb` commands: validate, ls, sync, pull, preview and render.
package kbcmd

import (
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdKB returns `atender kb`.
func NewCmdKB(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kb",
		Short: "Validate, plan and sync a docs tree with the Knowledge Base",
		Long:  "Validate, plan and sync a folder of Markdown files with the Atender Knowledge Base." + cmdutil.ExitCodesHelp,
		Example: `  atender kb validate docs
  atender kb ls docs
  atender kb sync docs --dry-run
  atender kb pull kb-export
  atender kb preview docs`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdValidate(f, nil), NewCmdLs(f, nil), NewCmdSync(f, nil), NewCmdPull(f, nil), NewCmdPreview(f, nil), NewCmdRender(f, nil), NewCmdStatus(f, nil))
	return cmd
}
