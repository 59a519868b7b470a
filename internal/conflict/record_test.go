package conflict

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/gittest"
)

// The record keeps, for each article sent, the shape of its content (without link destinations): a run
// that sends the same content again keeps the recorded shape and leaves the file alone, and a run that
// sends another content records that content's shape, so that an edit of only a link stays explained.
func TestRememberKeepsTheShapeOfTheSameContent(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	docsDir := filepath.Join(dir, "docs")
	gittest.Run(t, dir, "init", "-q")
	gittest.Write(t, docsDir, "c/a.md", "# A\n\nSee [B](b.md).\n")
	gittest.Write(t, docsDir, "c/b.md", "# B\n\nText.\n")
	const kbKey = "http://kb.example/api"
	tree := gittest.Load(t, docsDir)
	if err := Remember(docsDir, kbKey, tree.Pages); err != nil {
		t.Fatal(err)
	}
	path, err := recordPath(docsDir, kbKey)
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	shape := loadRecord(docsDir, kbKey).Sent["a"][contentShape]
	if shape != hashOf(withoutDestinations(pageValues(tree.Pages[0])[fieldContent])) || shape == "" {
		t.Fatalf("recorded shape %q is not the shape of a's content", shape)
	}

	// The same tree again: nothing to record, the file is not rewritten (atomicfile would replace it).
	if err := Remember(docsDir, kbKey, gittest.Load(t, docsDir).Pages); err != nil {
		t.Fatal(err)
	}
	if again, err := os.Stat(path); err != nil || !os.SameFile(first, again) {
		t.Fatalf("a second run with the same contents rewrote the record (%v)", err)
	}

	// An entry made before the shape was kept (or by an older rule) gets the shape of the current rule.
	old := loadRecord(docsDir, kbKey)
	delete(old.Sent["a"], contentShape)
	old.Sent["a"]["content-without-destinations"] = "0123"
	b, _ := json.Marshal(old)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Remember(docsDir, kbKey, gittest.Load(t, docsDir).Pages); err != nil {
		t.Fatal(err)
	}
	if got := loadRecord(docsDir, kbKey).Sent["a"]; got[contentShape] != shape || got["content-without-destinations"] != "" {
		t.Fatalf("an old entry was not brought to the current rule: %v", got)
	}

	// A link changed: a new content, whose shape is the same text without destinations; a text change gets
	// another shape.
	gittest.Write(t, docsDir, "c/a.md", "# A\n\nSee [B](https://elsewhere.example/b).\n")
	if err := Remember(docsDir, kbKey, gittest.Load(t, docsDir).Pages); err != nil {
		t.Fatal(err)
	}
	rec := loadRecord(docsDir, kbKey)
	if rec.Sent["a"][contentShape] != shape || rec.Sent["a"][fieldContent] == hashOf("") {
		t.Fatalf("a link change: shape %q, want %q", rec.Sent["a"][contentShape], shape)
	}
	gittest.Write(t, docsDir, "c/a.md", "# A\n\nRead [B](b.md) first.\n")
	tree = gittest.Load(t, docsDir)
	if err := Remember(docsDir, kbKey, tree.Pages); err != nil {
		t.Fatal(err)
	}
	rec = loadRecord(docsDir, kbKey)
	if got, want := rec.Sent["a"][contentShape], hashOf(withoutDestinations(pageValues(tree.Pages[0])[fieldContent])); got != want || got == shape {
		t.Fatalf("a text change: shape %q, want %q (not the old %q)", got, want, shape)
	}
}
