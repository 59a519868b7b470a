package cmdutil

import (
	"github.com/spf13/cobra"
)

// GroupRunE makes a command group print its help when called alone and fail on an unknown subcommand
// (cobra would print the help and exit 0, hiding a typo in a CI script).
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return FlagErrorf("unknown command %q for %q; did you mean %q? (see %s --help)", args[0], cmd.CommandPath(), s[0], cmd.CommandPath())
		}
		return FlagErrorf("unknown command %q for %q (see %s --help)", args[0], cmd.CommandPath(), cmd.CommandPath())
	}
	return cmd.Help()
}

// MaximumNArgs is cobra.MaximumNArgs with a FlagError.
func MaximumNArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return FlagErrorf("%s takes at most %d argument(s), got %d (see %s --help)", cmd.CommandPath(), n, len(args), cmd.CommandPath())
		}
		return nil
	}
}

// ExactArgs is cobra.ExactArgs with a FlagError.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return FlagErrorf("%s takes %d argument(s), got %d (see %s --help)", cmd.CommandPath(), n, len(args), cmd.CommandPath())
		}
		return nil
	}
}
