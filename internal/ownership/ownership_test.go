package ownership

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/plan"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, dir string) *docs.Tree {
	t.Helper()
	tr, err := docs.Load(dir, docs.Options{})
	if err != nil || tr.Errors() > 0 {
		t.Fatalf("%v %v", err, tr.Diagnostics)
	}
	return tr
}

// A slug is ours when some commit had it under the docs folder: a file deleted since, a frontmatter slug
// changed since, a file renamed since (its old name's slug), all count; a file outside the docs folder, a
// file never committed, and an article written elsewhere do not, unless this machine sent it.
func TestDecideReadsEveryCommittedSlug(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	d := filepath.Join(repo, "docs")
	git(t, repo, "init", "-q")
	write(t, d, "c/deleted.md", "# Deleted\n\nText.\n")
	write(t, d, "c/renamed-from.md", "# Renamed\n\nText that stays the same so that git sees a rename.\n")
	write(t, d, "c/reslugged.md", "---\nslug: old-slug\n---\n# Re\n\nText.\n")
	write(t, repo, "other/outside.md", "# Outside\n\nText.\n")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-qm", "1")
	git(t, repo, "rm", "-q", "docs/c/deleted.md")
	git(t, repo, "mv", "docs/c/renamed-from.md", "docs/c/renamed-to.md")
	write(t, d, "c/reslugged.md", "---\nslug: new-slug\n---\n# Re\n\nText.\n")
	git(t, repo, "commit", "-qam", "2")
	write(t, d, "c/uncommitted.md", "# New\n\nText.\n")
	tree := load(t, d)
	sh := history.NewShared(d)
	defer sh.Close()
	l, err := Decide(tree, []string{"deleted", "renamed-from", "renamed-to", "old-slug", "new-slug", "outside", "uncommitted", "editor", "sent-here"},
		Options{History: sh, Sent: map[string]bool{"sent-here": true}})
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]plan.Ownership{"deleted": plan.Ours, "renamed-from": plan.Ours, "renamed-to": plan.Ours, "old-slug": plan.Ours,
		"new-slug": plan.Ours, "outside": plan.NotOurs, "uncommitted": plan.NotOurs, "editor": plan.NotOurs, "sent-here": plan.Ours, "never-asked": plan.NotOurs} {
		if got := l.Of(s); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	if l.Off != "" {
		t.Errorf("Off = %q", l.Off)
	}
}

// Outside Git and in a shallow clone nothing can be told (except what this machine sent), and Off says why.
func TestDecideWithoutHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	plain := t.TempDir()
	write(t, plain, "c/a.md", "# A\n\nText.\n")
	l, err := Decide(load(t, plain), []string{"a", "gone"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Of("a") != plan.OwnerUnknown || l.Of("gone") != plan.OwnerUnknown || l.Off == "" {
		t.Errorf("outside Git: %v %v %q", l.Of("a"), l.Of("gone"), l.Off)
	}

	repo := t.TempDir()
	write(t, repo, "docs/c/a.md", "# A\n\nText.\n")
	git(t, repo, "init", "-q")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-qm", "1")
	write(t, repo, "docs/c/b.md", "# B\n\nText.\n")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-qm", "2")
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, repo, "clone", "-q", "--depth", "1", "file://"+repo, clone)
	l, err = Decide(load(t, filepath.Join(clone, "docs")), []string{"gone", "mine"}, Options{Sent: map[string]bool{"mine": true}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Of("gone") != plan.OwnerUnknown || l.Of("mine") != plan.Ours || l.Off == "" {
		t.Errorf("shallow clone: %v %v %q", l.Of("gone"), l.Of("mine"), l.Off)
	}
	// Asking nothing reads nothing.
	if l, err := Decide(load(t, plain), nil, Options{}); err != nil || l.Off != "" {
		t.Errorf("no question: %v %q", err, l.Off)
	}
}
