package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/gittest"
)

func TestVersionsFollowRenames(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	if r, why := Open(dir); r != nil || !strings.Contains(why, "not inside a Git repository") {
		t.Fatalf("outside git: %v %q", r, why)
	}
	gittest.Run(t, dir, "init", "-q")
	if r, why := Open(dir); r != nil || why != "the repository has no commits yet" {
		t.Fatalf("no commits: %v %q", r, why)
	}
	os.MkdirAll(filepath.Join(dir, "docs", "a"), 0o755)
	f := filepath.Join(dir, "docs", "a", "x.md")
	os.WriteFile(f, []byte("one\n"), 0o644)
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-qm", "1")
	os.WriteFile(f, []byte("two\n"), 0o644)
	gittest.Run(t, dir, "commit", "-qam", "2")
	os.MkdirAll(filepath.Join(dir, "docs", "b"), 0o755)
	gittest.Run(t, dir, "mv", "docs/a/x.md", "docs/b/x.md")
	gittest.Run(t, dir, "commit", "-qm", "3")
	r, why := Open(filepath.Join(dir, "docs"))
	if r == nil {
		t.Fatal(why)
	}
	// The folder index (one git log, one cat-file process) follows the rename back to the first version.
	ix, err := r.Index(filepath.Join(dir, "docs"), 10)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var got []string
	for _, v := range ix.Versions(filepath.Join(dir, "docs", "b", "x.md")) {
		c, err := ix.Content(v)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.Path+"="+strings.TrimSpace(string(c)))
	}
	if strings.Join(got, " ") != "docs/b/x.md=two docs/a/x.md=two docs/a/x.md=one" {
		t.Fatalf("index versions %v", got)
	}
	if vs := ix.Versions(filepath.Join(dir, "docs", "a", "x.md")); len(vs) != 0 {
		t.Fatalf("the old name has versions of its own: %v", vs)
	}
	// a file deleted and re-added under the same name starts a new history
	os.Remove(filepath.Join(dir, "docs", "b", "x.md"))
	gittest.Run(t, dir, "commit", "-qam", "4")
	os.WriteFile(filepath.Join(dir, "docs", "b", "x.md"), []byte("fresh\n"), 0o644)
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-qm", "5")
	ix2, _ := r.Index(filepath.Join(dir, "docs"), 10)
	defer ix2.Close()
	if vs := ix2.Versions(filepath.Join(dir, "docs", "b", "x.md")); len(vs) != 1 {
		t.Fatalf("re-added file: %d versions, want 1", len(vs))
	}
	// a shallow clone cannot see earlier versions
	clone := filepath.Join(t.TempDir(), "c")
	gittest.Run(t, dir, "clone", "-q", "--depth", "1", "file://"+dir, clone)
	if r, why := Open(clone); r != nil || !strings.Contains(why, "fetch-depth: 0") {
		t.Fatalf("shallow: %v %q", r, why)
	}
}
