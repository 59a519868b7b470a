package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// The scenario of a team that does not own its whole knowledge base: a 40-article tree in a Git repository,
// synced, then five articles written in the Atender editor in the tree's own categories and three files
// deleted in a commit.

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// fortyArticles writes docs/{guides,billing}/a<i>.md (40 files, 20 a category) under repo and returns the
// docs folder.
func fortyArticles(t *testing.T, repo string) string {
	t.Helper()
	docs := filepath.Join(repo, "docs")
	for i := 0; i < 40; i++ {
		cat := []string{"guides", "billing"}[i%2]
		os.MkdirAll(filepath.Join(docs, cat), 0o755)
		body := fmt.Sprintf("# Article %d\n\nText of article %d.\n\n```sh\ncurl https://api.example.com/v1/a%d\n```\n", i, i, i)
		if err := os.WriteFile(filepath.Join(docs, cat, fmt.Sprintf("a%d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

// runKey runs the CLI with the given key, in dir.
func runKey(t *testing.T, h *emulatortest.Harness, key, dir string, args ...string) (string, string, int) {
	t.Helper()
	f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": key}, dir)
	code := cli.Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

func linesWith(s, word string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(strings.ToLower(l), word) {
			out = append(out, l)
		}
	}
	return out
}

// A key with knowledge:read only, on a first sync of 40 articles: the first refused write stops the run.
func TestReadOnlyKeyStopsAtTheFirstRefusedWrite(t *testing.T) {
	needGit(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := t.TempDir()
	docs := fortyArticles(t, repo)
	gitIn(t, repo, "init", "-q")
	gitIn(t, repo, "add", "-A")
	gitIn(t, repo, "commit", "-qm", "docs")

	stdout, stderr, code := runKey(t, h, h.ReadKey, repo, "kb", "sync", docs)
	if code != cmdutil.ExitAuth {
		t.Errorf("exit %d, want %d", code, cmdutil.ExitAuth)
	}
	if w := h.Writes(); w > 8 {
		t.Errorf("%d write requests, want at most 8", w)
	}
	all := stdout + stderr
	if errs := linesWith(all, "error"); len(errs) > 5 || len(errs) == 0 {
		t.Errorf("%d lines containing \"error\", want 1 to 5:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if !strings.Contains(all, "knowledge:write") {
		t.Errorf("the error does not name the scope:\n%s", all)
	}
	if !strings.Contains(all, "Synced:") || !strings.Contains(all, "not started") {
		t.Errorf("no summary:\n%s", all)
	}
}
