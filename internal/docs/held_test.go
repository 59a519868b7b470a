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

// A held slug is compared after it is made valid, the same way a page's is: under `invalid-slug: warning`
// the article of `slug: Hugo_Build` is hugo-build's. A page left out by `empty-body: off` holds its article
// too; without the rule neither is made up.
func TestHeldSlugsAreMadeValidAndRuleLeftOutPagesHold(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "c"), 0o755)
	for name, body := range map[string]string{
		"c/on.md":    "# On\n\nText.\n",
		"c/hugo.md":  "---\nsync: false\nslug: Hugo_Build\n---\nBody.\n",
		"c/empty.md": "---\ntitle: Emptied\n---\n",
	} {
		os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644)
	}
	tr, err := Load(dir, Options{Rules: map[string]string{"invalid-slug": "warning", "empty-body": "off"}})
	if err != nil || tr.Errors() > 0 {
		t.Fatal(err, tr.Diagnostics)
	}
	held := slices.Clone(tr.Held)
	slices.Sort(held)
	if want := []string{"empty", "hugo-build"}; !slices.Equal(held, want) || len(tr.Pages) != 1 {
		t.Fatalf("held %v (want %v), %d pages", held, want, len(tr.Pages))
	}
	tr, _ = Load(dir, Options{})
	if slices.Contains(tr.Held, "hugo-build") {
		t.Fatalf("an invalid slug was made valid without the rule: %v", tr.Held)
	}
}
