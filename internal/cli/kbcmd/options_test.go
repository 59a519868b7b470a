package kbcmd

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// Each kb command parses its flags and arguments into its options and hands them to runF, with the
// configuration resolved from its flags; usage errors are FlagErrors (exit 1).
func TestKBCommandsParseIntoOptions(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdutil.NewForTest(nil, t.TempDir())

	var v *ValidateOptions
	cmd := NewCmdValidate(f, func(_ context.Context, o *ValidateOptions) error { v = o; return nil })
	cmd.SetArgs([]string{"handbook", "--strict"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if cfg, err := v.Config(); err != nil || v.Dir != "handbook" || !cfg.Strict {
		t.Fatalf("validate: dir %q, cfg %+v, err %v", v.Dir, cfg, err)
	}

	var l *LsOptions
	cmd = NewCmdLs(f, func(_ context.Context, o *LsOptions) error { l = o; return nil })
	cmd.SetArgs([]string{"handbook"})
	if err := cmd.Execute(); err != nil || l.Dir != "handbook" {
		t.Fatalf("ls: %v %+v", err, l)
	}

	var p *PullOptions
	cmd = NewCmdPull(f, func(_ context.Context, o *PullOptions) error { p = o; return nil })
	cmd.SetArgs([]string{"out", "--status", "published,draft", "--category", "billing", "--force"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if p.Dir != "out" || len(p.Statuses) != 2 || p.Categories[0] != "billing" || !p.Force {
		t.Fatalf("pull: %+v", p)
	}

	for name, c := range map[string]struct {
		args []string
		cmd  func() *cobra.Command
	}{
		"validate two dirs": {[]string{"a", "b"}, func() *cobra.Command {
			return NewCmdValidate(f, func(context.Context, *ValidateOptions) error { return nil })
		}},
		"pull without DIR": {nil, func() *cobra.Command {
			return NewCmdPull(f, func(context.Context, *PullOptions) error { return nil })
		}},
		"pull bad status": {[]string{"out", "--status", "live"}, func() *cobra.Command {
			return NewCmdPull(f, func(context.Context, *PullOptions) error { return nil })
		}},
	} {
		cmd := c.cmd()
		cmd.SetArgs(c.args)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || cmdutil.CodeOf(err) != cmdutil.ExitFailure {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
}
