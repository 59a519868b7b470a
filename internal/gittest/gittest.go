// Package gittest builds Git repositories of docs trees for tests: git run with a fixed identity and none
// of the machine's configuration, files written, and the tree loaded. Only tests import it.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/docs"
)

// Need skips the test when git is not installed.
func Need(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// Run runs git in dir, as a fixed author and without the user's or the system's configuration, and
// returns its output; a failure fails the test.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// Commit commits everything under dir with message msg.
func Commit(t testing.TB, dir, msg string) {
	t.Helper()
	Run(t, dir, "add", "-A")
	Run(t, dir, "commit", "-qm", msg)
}

// Write writes body to the file rel (slash-separated) under dir, making its folders.
func Write(t testing.TB, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Load loads the docs tree dir with the default options; an error, or a tree with errors, fails the test.
func Load(t testing.TB, dir string) *docs.Tree {
	t.Helper()
	tr, err := docs.Load(dir, docs.Options{})
	if err != nil || tr.Errors() > 0 {
		t.Fatalf("%v %v", err, tr.Diagnostics)
	}
	return tr
}
