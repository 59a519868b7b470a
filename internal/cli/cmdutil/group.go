package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"
)

// GroupRunE makes a command group print its help when called alone and fail on an unknown subcommand
// (cobra would print the help and exit 0, hiding a typo in a CI script).
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Exit(ExitFailure, fmt.Errorf("unknown command %q for %q (see %s --help)", args[0], cmd.CommandPath(), cmd.CommandPath()))
	}
	return cmd.Help()
}
