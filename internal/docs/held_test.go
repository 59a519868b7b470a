package docs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Files marked sync: false are left out of the pages, but their slugs are kept so that --prune leaves their
// articles alone.
func TestHeldSlugsOfSyncFalseFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "c", "guide"), 0o755)
	for name, body := range map[string]string{
		"c/on.md":          "# On\n\nText.\n",
		"c/Off Page.md":    "---\nsync: false\n---\nBody.\n",
		"c/own.md":         "---\nsync: false\nslug: kept-slug\n---\nBody.\n",
		"c/guide/index.md": "---\nsync: false\n---\nBody.\n",
	} {
		os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644)
	}
	tr, err := Load(dir, Options{})
	if err != nil || tr.Errors() > 0 {
		t.Fatal(err, tr.Diagnostics)
	}
	held := slices.Clone(tr.Held)
	slices.Sort(held)
	if want := []string{"guide", "kept-slug", "off-page"}; !slices.Equal(held, want) || len(tr.Pages) != 1 || tr.Skipped != 3 {
		t.Fatalf("held %v (want %v), %d pages, %d skipped", held, want, len(tr.Pages), tr.Skipped)
	}
}
