package pull

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// kb pull never writes outside DIR: not through a symbolic link to a folder outside, not over a symbolic
// link to a file outside (even with --force), not along a path that climbs out.
func TestWriteStaysInsideTheFolder(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("keep me\n"), 0o644)
	real := filepath.Join(base, "real")
	os.MkdirAll(filepath.Join(real, "inner"), 0o755)
	dir := filepath.Join(base, "docs-link") // DIR itself is a link: followed
	if err := os.Symlink(real, dir); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(outside, filepath.Join(real, "billing"))                 // folder link leaving DIR
	os.Symlink(filepath.Join(real, "inner"), filepath.Join(real, "in")) // folder link staying inside
	os.MkdirAll(filepath.Join(real, "account"), 0o755)
	os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(real, "account", "faq.md")) // file link leaving DIR

	files := []File{
		{Path: "billing/refunds.md", Content: []byte("x\n")},
		{Path: "billing/_category.yml", Content: []byte("title: B\n")},
		{Path: "account/faq.md", Content: []byte("overwritten\n")},
		{Path: "../escape.md", Content: []byte("x\n")},
		{Path: "in/ok.md", Content: []byte("inside\n")},
		{Path: "new/deep/a.md", Content: []byte("a\n")},
	}
	res, err := Write(dir, files, WriteOptions{Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"in/ok.md", "new/deep/a.md"}; !slices.Equal(res.Written, want) {
		t.Fatalf("written %v, want %v", res.Written, want)
	}
	if want := []string{"billing/refunds.md", "billing/_category.yml", "account/faq.md", "../escape.md"}; !slices.Equal(res.Refused, want) {
		t.Fatalf("refused %v, want %v", res.Refused, want)
	}
	warn := strings.Join(res.Warnings, "\n")
	for _, w := range []string{"billing/refunds.md: billing is a symbolic link to " + outside + ", outside the folder", "account/faq.md: it is a symbolic link", "escape.md: its path leaves the folder"} {
		if !strings.Contains(warn, w) {
			t.Fatalf("warnings do not say %q:\n%s", w, warn)
		}
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Fatalf("something was written outside DIR: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret.md")); string(b) != "keep me\n" {
		t.Fatalf("the file outside was overwritten: %q", b)
	}
	if _, err := os.Stat(filepath.Join(base, "escape.md")); err == nil {
		t.Fatal("../escape.md was written")
	}
	if b, _ := os.ReadFile(filepath.Join(real, "inner", "ok.md")); string(b) != "inside\n" {
		t.Fatalf("a link that stays inside DIR was not followed: %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(real, "account", "faq.md")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link itself was replaced")
	}
}

func TestWriteSkipsExistingFilesWithoutOverwrite(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "c", "a.md"), []byte("local\n"), 0o644)
	res, err := Write(dir, []File{{Path: "c/a.md", Content: []byte("remote\n")}, {Path: "c/b.md", Content: []byte("b\n")}}, WriteOptions{})
	if err != nil || !slices.Equal(res.Skipped, []string{"c/a.md"}) || !slices.Equal(res.Written, []string{"c/b.md"}) {
		t.Fatalf("%+v %v", res, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "c", "a.md")); string(b) != "local\n" {
		t.Fatal("existing file overwritten without Overwrite")
	}
}
