//go:build unix

package docs

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Issue 14 (8): a FIFO named x.md (or a symlink to one) is skipped with a warning, never opened.
func TestNonRegularFilesAreSkipped(t *testing.T) {
	dir := writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "c", "x.md"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "c", "_category.yml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("x.md", filepath.Join(dir, "c", "y.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ".atenderignore"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, tr)
	wantDiag(t, tr, "c/x.md", 1, SevWarning, "not a regular file (a named pipe (FIFO)); skipped")
	wantDiag(t, tr, "c/y.md", 1, SevWarning, "not a regular file (a named pipe (FIFO)); skipped")
	wantDiag(t, tr, "c/_category.yml", 1, SevWarning, "not a regular file")
	wantDiag(t, tr, ".atenderignore", 1, SevWarning, "not a regular file")
	if len(tr.Pages) != 1 || tr.Files != 1 {
		t.Fatalf("%d pages from %d files", len(tr.Pages), tr.Files)
	}
}
