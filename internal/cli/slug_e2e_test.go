package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/gittest"
)

// slugFiles are files whose slug each come from a different branch of the one rule: a Docusaurus route in
// `slug:` (derived from the name), index.md and README.md (their folder's name), an invalid `slug:` made
// valid by the config's rule, and a plain file name.
var slugFiles = map[string]string{
	"intro.md":              "---\ntitle: Intro\nslug: /\ncategory: guide\n---\nThe intro.\n",
	"guide/index.md":        "# Guide\n\nThe guide.\n",
	"guide/setup/README.md": "---\ntitle: Setup\n---\nSetup text.\n",
	"guide/hugo.md":         "---\ntitle: Hugo\nslug: Hugo_Build\n---\nBuilt by Hugo.\n",
	"guide/old-page.md":     "---\ntitle: Old\n---\nAn old page.\n",
}

var wantSlugs = map[string]string{
	"intro.md": "intro", "guide/index.md": "guide", "guide/setup/README.md": "setup",
	"guide/hugo.md": "hugo-build", "guide/old-page.md": "old-page",
}

func writeSlugTree(t *testing.T, repo string) string {
	t.Helper()
	docs := filepath.Join(repo, "docs")
	for rel, body := range slugFiles {
		p := filepath.Join(docs, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, ".atender.yaml"), []byte("rules:\n  invalid-slug: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return docs
}

// slugsByPath reads path → slug from a command's JSON list of articles (kb ls, kb sync, kb status).
func slugsByPath(t *testing.T, what, out string) map[string]string {
	t.Helper()
	var res struct {
		Articles []struct{ Path, Slug string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%s -o json: %v\n%s", what, err, out)
	}
	got := map[string]string{}
	for _, a := range res.Articles {
		if a.Path != "" {
			got[a.Path] = a.Slug
		}
	}
	return got
}

func sameSlugs(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for p, s := range want {
		if got[p] != s {
			t.Errorf("%s: %s has slug %q, want %q (all: %v)", what, p, got[p], s, got)
		}
	}
}

// The same file gets the same slug in every command: kb ls (what validate reads), kb sync, kb status,
// kb pull (the pulled tree reads back to the same slugs) and kb render (its page's address). A
// file then marked `sync: false` with an empty `slug:` holds the article of the slug its page had: a sync
// with --prune leaves it alone instead of archiving it.
func TestOneFileOneSlugInEveryCommand(t *testing.T) {
	t.Parallel()
	gittest.Need(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := t.TempDir()
	docs := writeSlugTree(t, repo)
	gittest.Run(t, repo, "init", "-q")
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-qm", "docs")
	run := func(args ...string) string {
		t.Helper()
		out, errOut, code := runKey(t, h, h.WriteKey, repo, args...)
		if code != 0 {
			t.Fatalf("atender %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}

	sameSlugs(t, "kb ls", slugsByPath(t, "kb ls", run("kb", "ls", docs, "-o", "json")), wantSlugs)
	sameSlugs(t, "kb sync", slugsByPath(t, "kb sync", run("kb", "sync", docs, "-o", "json")), wantSlugs)
	sameSlugs(t, "kb status", slugsByPath(t, "kb status", run("kb", "status", docs, "-o", "json")), wantSlugs)

	pulled := filepath.Join(t.TempDir(), "pulled")
	run("kb", "pull", pulled)
	back := map[string]bool{}
	for _, s := range slugsByPath(t, "kb ls of the pulled tree", run("kb", "ls", pulled, "-o", "json")) {
		back[s] = true
	}
	for p, s := range wantSlugs {
		if !back[s] {
			t.Errorf("kb pull: the article of %s (%s) came back under another slug: %v", p, s, back)
		}
	}

	site := filepath.Join(t.TempDir(), "site")
	run("kb", "render", docs, "--out", site)
	for p, s := range wantSlugs {
		if _, err := os.Stat(filepath.Join(site, "knowledge", s, "index.html")); err != nil {
			t.Errorf("kb render: no page for %s at knowledge/%s/: %v", p, s, err)
		}
	}

	old := filepath.Join(docs, "guide", "old-page.md")
	if err := os.WriteFile(old, []byte("---\ntitle: Old\nsync: false\nslug: \"\"\n---\nAn old page.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "commit", "-qam", "hold the old page")
	h.ResetLog()
	run("kb", "sync", docs, "--prune", "-o", "json")
	if w := h.Writes(); w != 0 {
		t.Errorf("sync --prune after `sync: false` sent %d writes: the held file's article must be left alone", w)
	}
}
