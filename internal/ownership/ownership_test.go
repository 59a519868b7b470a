package ownership

import (
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/gittest"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/plan"
)

// A slug is ours when some commit had it under the docs folder: a file deleted since, a frontmatter slug
// changed since, a file renamed since (its old name's slug), all count; a file outside the docs folder, a
// file never committed, and an article written elsewhere do not, unless this machine sent it.
func TestDecideReadsEveryCommittedSlug(t *testing.T) {
	gittest.Need(t)
	repo := t.TempDir()
	d := filepath.Join(repo, "docs")
	gittest.Run(t, repo, "init", "-q")
	gittest.Write(t, d, "c/deleted.md", "# Deleted\n\nText.\n")
	gittest.Write(t, d, "c/renamed-from.md", "# Renamed\n\nText that stays the same so that git sees a rename.\n")
	gittest.Write(t, d, "c/reslugged.md", "---\nslug: old-slug\n---\n# Re\n\nText.\n")
	gittest.Write(t, repo, "other/outside.md", "# Outside\n\nText.\n")
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-qm", "1")
	gittest.Run(t, repo, "rm", "-q", "docs/c/deleted.md")
	gittest.Run(t, repo, "mv", "docs/c/renamed-from.md", "docs/c/renamed-to.md")
	gittest.Write(t, d, "c/reslugged.md", "---\nslug: new-slug\n---\n# Re\n\nText.\n")
	gittest.Run(t, repo, "commit", "-qam", "2")
	gittest.Write(t, d, "c/uncommitted.md", "# New\n\nText.\n")
	tree := gittest.Load(t, d)
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
	gittest.Need(t)
	plain := t.TempDir()
	gittest.Write(t, plain, "c/a.md", "# A\n\nText.\n")
	l, err := Decide(gittest.Load(t, plain), []string{"a", "gone"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Of("a") != plan.OwnerUnknown || l.Of("gone") != plan.OwnerUnknown || l.Off == "" {
		t.Errorf("outside Git: %v %v %q", l.Of("a"), l.Of("gone"), l.Off)
	}

	repo := t.TempDir()
	gittest.Write(t, repo, "docs/c/a.md", "# A\n\nText.\n")
	gittest.Run(t, repo, "init", "-q")
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-qm", "1")
	gittest.Write(t, repo, "docs/c/b.md", "# B\n\nText.\n")
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-qm", "2")
	clone := filepath.Join(t.TempDir(), "clone")
	gittest.Run(t, repo, "clone", "-q", "--depth", "1", "file://"+repo, clone)
	l, err = Decide(gittest.Load(t, filepath.Join(clone, "docs")), []string{"gone", "mine"}, Options{Sent: map[string]bool{"mine": true}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Of("gone") != plan.OwnerUnknown || l.Of("mine") != plan.Ours || l.Off == "" {
		t.Errorf("shallow clone: %v %v %q", l.Of("gone"), l.Of("mine"), l.Off)
	}
	// Asking nothing reads nothing.
	if l, err := Decide(gittest.Load(t, plain), nil, Options{}); err != nil || l.Off != "" {
		t.Errorf("no question: %v %q", err, l.Off)
	}
}
