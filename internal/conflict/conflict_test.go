package conflict

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func article(id, slug, title, content string) kb.Article {
	return kb.Article{ID: id, Slug: slug, Title: title, Summary: content, Content: content + "\n", CategoryID: "cat", Status: "draft", TagIDs: []string{}, Keywords: []string{}}
}

func load(t *testing.T, dir string) *docs.Tree {
	t.Helper()
	tr, err := docs.Load(dir, docs.Options{})
	if err != nil || tr.Errors() > 0 {
		t.Fatalf("%v %v", err, tr.Diagnostics)
	}
	return tr
}

// A remote that equals an earlier commit is only behind; one that equals no commit was edited elsewhere; an
// article in sync, or one Atender lacks, needs no judgement.
func TestDetect(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	docsDir := filepath.Join(dir, "docs")
	os.MkdirAll(filepath.Join(docsDir, "c"), 0o755)
	write := func(name, body string) {
		os.WriteFile(filepath.Join(docsDir, "c", name), []byte(body), 0o644)
	}
	gitRun(t, dir, "init", "-q")
	write("behind.md", "# Behind\n\nOne.\n")
	write("edited.md", "# Edited\n\nOne.\n")
	write("same.md", "# Same\n\nOne.\n")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-qm", "1")
	write("behind.md", "# Behind\n\nTwo.\n")
	write("edited.md", "# Edited\n\nTwo.\n")
	write("new.md", "# New\n\nOne.\n")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-qm", "2")
	remote := &inventory.Remote{Categories: []kb.Category{{ID: "cat", Slug: "c", Title: "C"}}, Articles: []kb.Article{
		article("1", "behind", "Behind", "One."),           // what commit 1 sent
		article("2", "edited", "Edited", "Changed there."), // what no commit sent
		article("3", "same", "Same", "One."),               // in sync
	}}
	ev, err := Detect(load(t, docsDir), inventory.NewIndex(remote), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Off != "" || len(ev.Edited) != 1 || strings.Join(ev.Edited["edited"], ",") != "summary,content" {
		t.Fatalf("edited %v, off %q; want only edited", ev.Edited, ev.Off)
	}
}

// Without Git nothing can be judged: Detect says why instead of asserting an edit; with nothing that differs
// it does not even look.
func TestDetectWithoutHistory(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "c", "a.md"), []byte("# A\n\nNew text.\n"), 0o644)
	tr := load(t, dir)
	cats := []kb.Category{{ID: "cat", Slug: "c", Title: "C"}}
	ev, err := Detect(tr, inventory.NewIndex(&inventory.Remote{Categories: cats, Articles: []kb.Article{article("1", "a", "A", "Old text.")}}), Options{})
	if err != nil || len(ev.Edited) != 0 || ev.Off == "" {
		t.Fatalf("edited %v, off %q, %v; want no verdict and a reason", ev.Edited, ev.Off, err)
	}
	ev, err = Detect(tr, inventory.NewIndex(&inventory.Remote{Categories: cats, Articles: []kb.Article{article("1", "a", "A", "New text.")}}), Options{})
	if err != nil || len(ev.Edited) != 0 || ev.Off != "" {
		t.Fatalf("in sync: edited %v, off %q, %v", ev.Edited, ev.Off, err)
	}
}

// Link and image destinations are left out of the comparison; the text around them is not.
func TestWithoutDestinations(t *testing.T) {
	a := "See [B](https://old.example.com/knowledge/b \"B\") and ![x](img/x.png).\n\n[ref]: https://a.example\n<a href=\"/x\">x</a>"
	b := "See [B](/knowledge/b-new) and ![x](https://cdn.example/x.png).\n\n[ref]: https://b.example\n<a href='/y'>x</a>"
	if withoutDestinations(a) != withoutDestinations(b) {
		t.Fatalf("%q\n%q", withoutDestinations(a), withoutDestinations(b))
	}
	if withoutDestinations("See [B](/x).") == withoutDestinations("See [C](/x).") {
		t.Fatal("link text was dropped too")
	}
}
