// Package kbcmd holds the `atender kb` commands: validate, ls, sync and pull.
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
		Args:  cobra.ArbitraryArgs,
		RunE:  cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdValidate(f), NewCmdLs(f), NewCmdSync(f, nil))
	return cmd
}
