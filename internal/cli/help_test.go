package cli_test

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every command's --help has examples and lists the exit codes.
func TestEveryCommandDocumentsExamplesAndExitCodes(t *testing.T) {
	root := cli.NewRootCmd(cmdutil.New())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		if !c.HasParent() || c.Parent().Name() != "completion" {
			if c.Example == "" {
				t.Errorf("%s has no examples", c.CommandPath())
			}
			if !strings.Contains(c.Long, "130  interrupted") {
				t.Errorf("%s does not list the exit codes", c.CommandPath())
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// There is no flag for the key: it would land in shell history and process lists.
func TestNoAPIKeyFlag(t *testing.T) {
	root := cli.NewRootCmd(cmdutil.New())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if strings.Contains(f.Name, "key") && f.Name != "keys" {
				t.Errorf("%s has a flag --%s", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
