package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/runenv"
)

// Whether the program runs in GitHub Actions is decided once (Factory.Env) and nothing reads the variable
// again: with Env saying Actions, kb validate prints annotations and writes the job summary though
// GITHUB_ACTIONS is unset; with Env saying otherwise, GITHUB_ACTIONS=true in the environment changes
// nothing.
func TestOneEnvironmentValueDecidesActions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "a.md"), []byte("# A\n\nText.\n"), 0o644) // no category: an error
	summary := filepath.Join(dir, "summary.md")
	for _, c := range []struct {
		name    string
		env     map[string]string
		actions bool
	}{
		{"Env says Actions", map[string]string{"GITHUB_STEP_SUMMARY": summary}, true},
		{"Env says not", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}, false},
	} {
		os.Remove(summary)
		f, out, errOut := cmdutil.NewForTest(c.env, dir)
		f.Env.Actions, f.Env.CI = c.actions, c.actions // the runner's paths stay as Detect read them
		code := cli.Run(context.Background(), f, []string{"kb", "validate", filepath.Join(dir, "docs")})
		if code == 0 {
			t.Fatalf("%s: exit 0 for a file without a category:\n%s", c.name, errOut)
		}
		annotated := strings.HasPrefix(out.String(), "::error file=") && strings.Contains(out.String(), "a.md,line=1")
		_, err := os.Stat(summary)
		if annotated != c.actions || (err == nil) != c.actions {
			t.Errorf("%s: annotations %v, job summary written %v; want both %v:\nstdout %s\nstderr %s", c.name, annotated, err == nil, c.actions, out, errOut)
		}
	}
}

// The runner's paths come from the same value: a job summary named only in Env is written, one named only
// in the environment after start-up is not.
func TestOneEnvironmentValueNamesTheRunnerFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	inEnv, inVar := filepath.Join(dir, "env.md"), filepath.Join(dir, "var.md")
	f, _, errOut := cmdutil.NewForTest(map[string]string{"GITHUB_STEP_SUMMARY": inVar}, dir)
	f.Env = runenv.Env{Actions: true, CI: true, StepSummary: inEnv}
	if code := cli.Run(context.Background(), f, []string{"kb", "validate", filepath.Join(dir, "docs")}); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	if _, err := os.Stat(inEnv); err != nil {
		t.Errorf("the job summary named by Env was not written: %v", err)
	}
	if _, err := os.Stat(inVar); err == nil {
		t.Errorf("the job summary was written where the variable alone says")
	}
}
