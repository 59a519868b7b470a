package kbcmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/syncrun"
)

func factory(h *emulatortest.Harness, tty bool) (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey}, "")
	f.IO.ErrTTY = tty
	return f, out, errOut
}

func run(t *testing.T, f *cmdutil.Factory, args ...string) error {
	t.Helper()
	cmd := NewCmdSync(f, nil)
	cmd.PersistentFlags().String("output", "", "")
	cmd.SetArgs(args)
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	return cmd.ExecuteContext(context.Background())
}

func tree(t *testing.T, n int) string {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "c"), 0o755)
	for i := 0; i < n; i++ {
		os.WriteFile(filepath.Join(dir, "c", fmt.Sprintf("a%d.md", i)), []byte(fmt.Sprintf("# A %d\n\nText.\n", i)), 0o644)
	}
	return dir
}

// On a terminal, a progress bar with an ETA; elsewhere nothing animated.
func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := tree(t, 5)
	f, _, errOut := factory(h, true)
	if err := run(t, f, dir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "\r[") || !strings.Contains(errOut.String(), "ETA") || !strings.Contains(errOut.String(), "6/6") {
		t.Fatalf("no progress bar on a terminal:\n%q\nstdout: %q", errOut.String(), f.IO.Out)
	}
	h2 := emulatortest.Start(t, emulatortest.Options{})
	f, _, errOut = factory(h2, false)
	if err := run(t, f, dir); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut.String(), "\r") {
		t.Fatalf("progress drawn when not a terminal:\n%q", errOut.String())
	}
}

// A plan larger than the daily budget of the key's tier is announced before it runs into the cap.
func TestBudgetWarning(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{Tier: facts.Tiers["starter"]})
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey})
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{}
	for i := 0; i < 10_001; i++ {
		p.Actions = append(p.Actions, &plan.Action{Kind: plan.Create})
	}
	if w := syncrun.BudgetWarning(c, p); !strings.Contains(w, "more than the daily budget of 10000") {
		t.Fatalf("got %q", w)
	}
	if w := syncrun.BudgetWarning(c, &plan.Plan{Actions: p.Actions[:100]}); w != "" {
		t.Fatalf("warned for 100 writes: %q", w)
	}
	if got := syncrun.DefaultConcurrency(c); got != 2 {
		t.Fatalf("default concurrency on starter = %d, want 2", got)
	}
}

func TestFlagParsing(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	f, _, _ := factory(h, false)
	var got *SyncOptions
	cmd := NewCmdSync(f, func(_ context.Context, o *SyncOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"docs2", "--prune", "--prune-mode", "delete", "--max-delete", "3", "--dry-run", "--concurrency", "5"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Dir != "docs2" || !got.Prune || got.MaxDelete != 3 || !got.DryRun {
		t.Fatalf("parsed %+v", got)
	}
	// Settings of the table reach the command through its Config, resolved once.
	cfg, err := got.Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PruneMode != config.PruneDelete || cfg.Concurrency != 5 {
		t.Fatalf("config: prune-mode %q, concurrency %d", cfg.PruneMode, cfg.Concurrency)
	}
	if again, _ := got.Config(); again != cfg {
		t.Fatal("the configuration was resolved twice")
	}
	for _, bad := range [][]string{{"--prune-mode", "shred"}, {"--max-delete", "-1"}, {"a", "b"}} {
		cmd := NewCmdSync(f, func(_ context.Context, o *SyncOptions) error { return nil })
		cmd.SetArgs(bad)
		cmd.SetErr(&bytes.Buffer{})
		if err := cmd.Execute(); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// The concurrency setting reaches the sync from the flag, the environment and the config file alike (it
// used to be resolved and never read).
func TestConcurrencySettingIsUsed(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".atender.yaml"), []byte("concurrency: 5\n"), 0o644)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"default by tier", nil, nil, 8},
		{"config file", map[string]string{"CONFIG": "1"}, nil, 5},
		{"environment", map[string]string{"CONFIG": "1", "ATENDER_CONCURRENCY": "3"}, nil, 3},
		{"flag", map[string]string{"CONFIG": "1", "ATENDER_CONCURRENCY": "3"}, []string{"--concurrency", "2"}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			if tc.env["CONFIG"] != "" {
				wd = dir
			}
			env := map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey}
			for k, v := range tc.env {
				env[k] = v
			}
			f, _, _ := cmdutil.NewForTest(env, wd)
			var got int
			cmd := NewCmdSync(f, func(_ context.Context, o *SyncOptions) error {
				cfg, err := o.Config()
				if err != nil {
					return err
				}
				c, err := o.Client()
				if err != nil {
					return err
				}
				got = syncrun.Concurrency(cfg, c)
				return nil
			})
			cmd.SetArgs(tc.args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("concurrency %d, want %d", got, tc.want)
			}
		})
	}
}
