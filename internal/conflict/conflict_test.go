package conflict

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/gittest"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

func article(id, slug, title, content string) kb.Article {
	return kb.Article{ID: id, Slug: slug, Title: title, Summary: content, Content: content + "\n", CategoryID: "cat", Status: "draft", TagIDs: []string{}, Keywords: []string{}}
}

// A remote that equals an earlier commit is only behind; one that equals no commit was edited elsewhere; an
// article in sync, or one Atender lacks, needs no judgement.
func TestDetect(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	docsDir := filepath.Join(dir, "docs")
	write := func(name, body string) { gittest.Write(t, docsDir, "c/"+name, body) }
	gittest.Run(t, dir, "init", "-q")
	write("behind.md", "# Behind\n\nOne.\n")
	write("edited.md", "# Edited\n\nOne.\n")
	write("same.md", "# Same\n\nOne.\n")
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-qm", "1")
	write("behind.md", "# Behind\n\nTwo.\n")
	write("edited.md", "# Edited\n\nTwo.\n")
	write("new.md", "# New\n\nOne.\n")
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-qm", "2")
	remote := &inventory.Remote{Categories: []kb.Category{{ID: "cat", Slug: "c", Title: "C"}}, Articles: []kb.Article{
		article("1", "behind", "Behind", "One."),           // what commit 1 sent
		article("2", "edited", "Edited", "Changed there."), // what no commit sent
		article("3", "same", "Same", "One."),               // in sync
	}}
	ev, err := Detect(gittest.Load(t, docsDir), inventory.NewIndex(remote), Options{})
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
	gittest.Write(t, dir, "c/a.md", "# A\n\nNew text.\n")
	tr := gittest.Load(t, dir)
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

// A destination is explained only where the program rewrites it (a link outside code) and only when it is
// one the program would write: a link to an article renamed since, or with another links.baseUrl, is; a URL
// changed inside code, or a link pointed somewhere else in the editor, is an edit.
func TestDestinationsAreExplainedOnlyWhereTheProgramWritesThem(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	docsDir := filepath.Join(dir, "docs")
	write := func(name, body string) { gittest.Write(t, docsDir, "c/"+name, body) }
	gittest.Run(t, dir, "init", "-q")
	write("b.md", "---\nslug: b-old\n---\n# B\n\nB.\n")
	body := "# %s\n\nSee [B](b.md).\n\n```sh\ncurl https://api.example.com/v1\n```\n"
	for _, n := range []string{"renamed", "based", "incode", "pointed"} {
		write(n+".md", strings.ReplaceAll(body, "%s", n))
	}
	gittest.Run(t, dir, "add", "-A")
	gittest.Run(t, dir, "commit", "-qm", "1")
	write("b.md", "---\nslug: b-new\n---\n# B\n\nB.\n")
	gittest.Run(t, dir, "commit", "-qam", "b renamed")
	remoteBody := func(title, link, url string) string {
		return "See [B](" + link + ").\n\n```sh\ncurl " + url + "\n```"
	}
	art := func(id, s, content string) kb.Article {
		a := article(id, s, s, "")
		a.Summary, a.Content = "See B.", content
		return a
	}
	remote := &inventory.Remote{Categories: []kb.Category{{ID: "cat", Slug: "c", Title: "C"}}, Articles: []kb.Article{
		art("1", "renamed", remoteBody("renamed", "/knowledge/b-old", "https://api.example.com/v1")),
		art("2", "based", remoteBody("based", "https://help.old.example/knowledge/b-new#top", "https://api.example.com/v1")),
		art("3", "incode", remoteBody("incode", "/knowledge/b-new", "https://api.example.com/v2")),
		art("4", "pointed", remoteBody("pointed", "https://elsewhere.example/page", "https://api.example.com/v1")),
		art("5", "b-new", "B."),
	}}
	tr := gittest.Load(t, docsDir)
	ix := inventory.NewIndex(remote)
	for _, pg := range tr.Pages {
		if ra := ix.ArtBySlug[pg.Slug]; ra != nil {
			ra.Title, ra.Summary, ra.Status = pg.Title, pg.Summary, pg.Status
			if pg.Slug == "renamed" && !strings.Contains(pg.Content, "/knowledge/b-new") {
				t.Fatalf("the tree links b as %q", pg.Content)
			}
		}
	}
	ev, err := Detect(tr, ix, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Edited) != 2 || strings.Join(ev.Edited["incode"], ",") != "content" {
		t.Errorf("evidence %v, want content edits of incode and pointed only", ev.Edited)
	}
	for s, want := range map[string]bool{"renamed": false, "based": false, "incode": true, "pointed": true} {
		if got := ev.Edited[s] != nil; got != want {
			t.Errorf("%s: edited %v, want %v (evidence %v)", s, got, want, ev.Edited)
		}
	}
}
