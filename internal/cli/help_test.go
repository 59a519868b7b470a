package cli_test

import (
	"os"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every command's --help has examples and lists the exit codes.
func TestEveryCommandDocumentsExamplesAndExitCodes(t *testing.T) {
	t.Parallel()
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
			if !strings.Contains(c.Long, "Exit codes:\n  0    ok") {
				t.Errorf("%s does not list the exit codes", c.CommandPath())
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// keyFlags lists every flag under root whose name speaks of a key: local, persistent and inherited flags of
// every command.
func keyFlags(root *cobra.Command) []string {
	var found []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags(), c.InheritedFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if strings.Contains(strings.ToLower(f.Name), "key") && f.Name != "keys" {
					found = append(found, c.CommandPath()+" --"+f.Name)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return found
}

// There is no flag for the key: it would land in shell history and process lists.
func TestNoAPIKeyFlag(t *testing.T) {
	t.Parallel()
	if found := keyFlags(cli.NewRootCmd(cmdutil.New())); len(found) > 0 {
		t.Errorf("flags for a key: %v", found)
	}
}

// The check sees a key flag wherever it is defined: on the root's persistent flags and on a subcommand's.
func TestNoAPIKeyFlagSeesEveryFlagSet(t *testing.T) {
	t.Parallel()
	root := cli.NewRootCmd(cmdutil.New())
	root.PersistentFlags().String("api-key", "", "")
	if found := keyFlags(root); len(found) == 0 {
		t.Fatal("a persistent --api-key on the root went unnoticed")
	}
	root = cli.NewRootCmd(cmdutil.New())
	for _, c := range root.Commands() {
		if c.Name() == "kb" {
			c.PersistentFlags().String("key", "", "")
		}
	}
	if found := keyFlags(root); len(found) == 0 {
		t.Fatal("a persistent --key on kb went unnoticed")
	}
}

// The README tells a new user what the tools need: the Go bin folder on PATH after go install, a C
// compiler for the race detector, and where the JSON schemas are.
func TestREADMEGivesTheSetupNotes(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"$(go env GOPATH)/bin", "C compiler", "make test-short", "docs/schema/", "--help` lists only the codes"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
}
