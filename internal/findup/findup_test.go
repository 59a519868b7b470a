package findup

import (
	"os"
	"path/filepath"
	"testing"
)

func mk(t *testing.T, p string, dir bool) {
	t.Helper()
	if dir {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The search goes up to the repository root and no further, or as far as the bound says; outside a
// repository, InRepo keeps it to the folder itself.
func TestSearchBounds(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	deep := filepath.Join(repo, "a", "b", "c", "d")
	mk(t, filepath.Join(repo, ".git"), true)
	mk(t, deep, true)
	mk(t, filepath.Join(top, "f"), false)  // above the repository: never found from inside
	mk(t, filepath.Join(repo, "f"), false) // at the root, four levels above deep

	if got := File(deep, "f", Bound{MaxUp: -1, InRepo: true}); got != filepath.Join(repo, "f") {
		t.Errorf("unbounded: %q, want the root's", got)
	}
	if got := File(deep, "f", Bound{MaxUp: 3}); got != "" {
		t.Errorf("three levels up: %q, want none (the root is four up)", got)
	}
	if got := File(filepath.Join(repo, "a"), "f", Bound{MaxUp: 3}); got != filepath.Join(repo, "f") {
		t.Errorf("one level up: %q", got)
	}
	os.Remove(filepath.Join(repo, "f"))
	if got := File(deep, "f", Bound{MaxUp: -1}); got != "" {
		t.Errorf("found %q above the repository root", got)
	}
	if got := RepoRoot(deep); got != repo {
		t.Errorf("RepoRoot = %q, want %q", got, repo)
	}

	outside := filepath.Join(top, "plain", "sub")
	mk(t, outside, true)
	if got := File(outside, "f", Bound{MaxUp: -1, InRepo: true}); got != "" {
		t.Errorf("outside a repository with InRepo: %q, want only the folder itself looked at", got)
	}
	if got := File(outside, "f", Bound{MaxUp: 2}); got != filepath.Join(top, "f") {
		t.Errorf("outside a repository, two levels: %q", got)
	}
	mk(t, filepath.Join(outside, "f", "x"), false) // a folder called f is not the file
	if got := File(outside, "f", Bound{MaxUp: 0}); got != "" {
		t.Errorf("a folder passed for a file: %q", got)
	}
	visited := 0
	Search(outside, Bound{MaxUp: 1}, func(string) bool { visited++; return false })
	if visited != 2 {
		t.Errorf("MaxUp 1 asked about %d folders, want 2", visited)
	}
}
