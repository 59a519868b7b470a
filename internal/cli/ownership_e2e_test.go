package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/gittest"
)

// The scenario of a team that does not own its whole knowledge base: a 40-article tree in a Git repository,
// synced, then five articles written in the Atender editor in the tree's own categories and three files
// deleted in a commit.

// fortyArticles writes docs/{guides,billing}/a<i>.md (40 files, 20 a category) under repo and returns the
// docs folder.
func fortyArticles(t *testing.T, repo string) string {
	t.Helper()
	docs := filepath.Join(repo, "docs")
	for i := 0; i < 40; i++ {
		cat := []string{"guides", "billing"}[i%2]
		os.MkdirAll(filepath.Join(docs, cat), 0o755)
		body := fmt.Sprintf("# Article %d\n\nText of article %d.\n\n```html\n<a href=\"https://api.example.com/v1/a%d\">the API</a>\n```\n", i, i, i)
		if err := os.WriteFile(filepath.Join(docs, cat, fmt.Sprintf("a%d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

// runKey runs the CLI with the given key, in dir.
func runKey(t *testing.T, h *emulatortest.Harness, key, dir string, args ...string) (string, string, int) {
	t.Helper()
	f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": key}, dir)
	code := cli.Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func linesWith(s, word string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(strings.ToLower(l), word) {
			out = append(out, l)
		}
	}
	return out
}

// A key with knowledge:read only, on a first sync of 40 articles: the first refused write stops the run.
func TestReadOnlyKeyStopsAtTheFirstRefusedWrite(t *testing.T) {
	t.Parallel()
	gittest.Need(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := t.TempDir()
	docs := fortyArticles(t, repo)
	gittest.Run(t, repo, "init", "-q")
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-qm", "docs")

	stdout, stderr, code := runKey(t, h, h.ReadKey, repo, "kb", "sync", docs)
	if code != cmdutil.ExitAuth {
		t.Errorf("exit %d, want %d", code, cmdutil.ExitAuth)
	}
	if w := h.Writes(); w > 8 {
		t.Errorf("%d write requests, want at most 8", w)
	}
	all := stdout + stderr
	if errs := linesWith(all, "error"); len(errs) > 5 || len(errs) == 0 {
		t.Errorf("%d lines containing \"error\", want 1 to 5:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	if !strings.Contains(all, "knowledge:write") {
		t.Errorf("the error does not name the scope:\n%s", all)
	}
	if !strings.Contains(all, "Synced:") || !strings.Contains(all, "not started") {
		t.Errorf("no summary:\n%s", all)
	}
}

// scenario is the team's repository after its first sync: five articles then written in the Atender editor
// in the tree's own categories, and three files deleted in a commit.
type scenario struct {
	h          *emulatortest.Harness
	repo, docs string
}

var editorSlugs = []string{"editor-faq", "editor-refund-policy", "editor-holidays", "editor-contact", "editor-status"}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	gittest.Need(t)
	s := &scenario{h: emulatortest.Start(t, emulatortest.Options{}), repo: t.TempDir()}
	s.docs = fortyArticles(t, s.repo)
	gittest.Run(t, s.repo, "init", "-q")
	gittest.Run(t, s.repo, "add", "-A")
	gittest.Run(t, s.repo, "commit", "-qm", "docs")
	if _, stderr, code := runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs); code != 0 {
		t.Fatalf("first sync: exit %d\n%s", code, stderr)
	}
	snap := s.h.Snapshot()
	cats := map[string]string{}
	for _, c := range snap.Categories {
		cats[c.Slug] = c.ID
	}
	for i, sl := range editorSlugs {
		snap.Articles = append(snap.Articles, emulatortest.Article{ID: fmt.Sprintf("art_editor_%d", i), Slug: sl, Title: "Written in Atender " + sl,
			Content: "Support wrote this.\n", CategoryID: cats[[]string{"guides", "billing"}[i%2]], Status: "published", TagIDs: []string{}, Keywords: []string{}})
	}
	s.h.Seed(snap)
	for _, n := range []int{1, 2, 3} {
		gittest.Run(t, s.repo, "rm", "-q", filepath.Join("docs", []string{"guides", "billing"}[n%2], fmt.Sprintf("a%d.md", n)))
	}
	gittest.Run(t, s.repo, "commit", "-qm", "remove three")
	s.h.ResetLog()
	return s
}

func (s *scenario) article(t *testing.T, slug string) emulatortest.Article {
	t.Helper()
	for _, a := range s.h.Articles() {
		if a.Slug == slug {
			return a
		}
	}
	t.Fatalf("no article %s", slug)
	return emulatortest.Article{}
}

// --prune archives exactly the three deleted files' articles, leaves the five written in the editor
// published, and its dry run names the five.
func TestPruneArchivesOnlyWhatTheRepositoryPublished(t *testing.T) {
	t.Parallel()
	s := newScenario(t)
	stdout, stderr, code := runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--prune", "--dry-run", "-o", "json")
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	for _, sl := range editorSlugs {
		if !strings.Contains(stdout, `"slug": "`+sl+`"`) {
			t.Errorf("the dry run's JSON does not name %s among the left alone:\n%s", sl, stdout)
		}
	}
	if err := schemas(t)["sync.json"].Validate(oneDocument(t, []byte(stdout))); err != nil {
		t.Errorf("sync.json: %v", err)
	}
	stdout, stderr, code = runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--prune", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "left alone: 5 articles not published from this repository") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, sl := range editorSlugs {
		if !strings.Contains(stdout, "· "+sl+" ") {
			t.Errorf("the dry run does not name %s:\n%s", sl, stdout)
		}
	}
	// Each dry run sent one change-nothing write probe (its plan archives), and no write.
	s.h.ExpectDryRun(t, 2)
	// In GitHub Actions the job summary names them too.
	summary := filepath.Join(t.TempDir(), "summary.md")
	f, _, _ := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": s.h.URL, "ATENDER_API_KEY": s.h.WriteKey, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}, s.repo)
	cli.Run(context.Background(), f, []string{"kb", "sync", s.docs, "--prune", "--dry-run"})
	if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "**Left alone:** 5 articles not published from this repository (editor-") {
		t.Errorf("job summary:\n%s", b)
	}
	s.h.ExpectDryRun(t, 3)
	s.h.ResetLog()
	if _, stderr, code = runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--prune"); code != 0 {
		t.Fatalf("prune: exit %d\n%s", code, stderr)
	}
	s.h.ExpectWrites(t, 3)
	for _, a := range s.h.Articles() {
		gone := a.Slug == "a1" || a.Slug == "a2" || a.Slug == "a3"
		if gone != (a.Status == "archived") {
			t.Errorf("%s is %s after --prune", a.Slug, a.Status)
		}
	}
	for _, sl := range editorSlugs {
		if st := s.article(t, sl).Status; st != "published" {
			t.Errorf("%s written in the editor is %s, want published", sl, st)
		}
	}
}

// In a shallow clone (actions/checkout's default) --prune refuses and says how to fix it, unless the
// categories rule is asked for by name.
func TestPruneRefusesWithoutHistory(t *testing.T) {
	t.Parallel()
	s := newScenario(t)
	clone := filepath.Join(t.TempDir(), "clone")
	gittest.Run(t, s.repo, "clone", "-q", "--depth", "1", "file://"+s.repo, clone)
	docs := filepath.Join(clone, "docs")
	_, stderr, code := runKey(t, s.h, s.h.WriteKey, clone, "kb", "sync", docs, "--prune")
	if code != cmdutil.ExitFailure || !strings.Contains(stderr, "fetch-depth: 0") || !strings.Contains(stderr, "--prune-scope categories") {
		t.Fatalf("exit %d, want 1 with the fix:\n%s", code, stderr)
	}
	s.h.ExpectWrites(t, 0)
	stdout, stderr, code := runKey(t, s.h, s.h.WriteKey, clone, "kb", "sync", docs, "--prune", "--prune-scope", "categories", "--dry-run", "--max-delete", "20")
	if code != 0 || !strings.Contains(stdout, "prune scope: categories") || strings.Count(stdout, "- archive") != 8 {
		t.Fatalf("--prune-scope categories: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// kb status says what it cannot tell there, rather than call editors' articles prunable.
	stdout, _, code = runKey(t, s.h, s.h.ReadKey, clone, "kb", "status", docs)
	if code != 0 || !strings.Contains(stdout, "shallow clone") || strings.Contains(stdout, "would be pruned  ") {
		t.Fatalf("kb status in a shallow clone: exit %d\n%s", code, stdout)
	}
}

// An editor's change inside a fenced code block survives the next sync: it is a conflict, not a link
// destination to ignore.
func TestEditorChangeInCodeIsAConflict(t *testing.T) {
	t.Parallel()
	s := newScenario(t)
	snap := s.h.Snapshot()
	for i := range snap.Articles {
		if snap.Articles[i].Slug == "a8" {
			snap.Articles[i].Content = strings.Replace(snap.Articles[i].Content, "https://api.example.com/v1/a8", "https://api.example.com/v2/a8", 1)
		}
	}
	s.h.Seed(snap)
	// The file changes too, so the sync would update the article.
	p := filepath.Join(s.docs, "guides", "a8.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("\nOne more line.\n")...), 0o644)
	gittest.Run(t, s.repo, "commit", "-qam", "a8 grows")
	stdout, stderr, code := runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs)
	if code != cmdutil.ExitFailure || !strings.Contains(stdout+stderr, "conflict") {
		t.Fatalf("exit %d, want 1 with a conflict\n%s\n%s", code, stdout, stderr)
	}
	if c := s.article(t, "a8").Content; !strings.Contains(c, "/v2/a8") {
		t.Fatalf("the editor's change in code was overwritten:\n%s", c)
	}
}

// A page emptied under `rules: {empty-body: off}` keeps its published article through --prune.
func TestEmptiedPageKeepsItsArticleThroughPrune(t *testing.T) {
	t.Parallel()
	s := newScenario(t)
	os.WriteFile(filepath.Join(s.repo, ".atender.yaml"), []byte("rules:\n  empty-body: off\n"), 0o644)
	os.WriteFile(filepath.Join(s.docs, "guides", "a10.md"), []byte("---\ntitle: Article 10\n---\n"), 0o644)
	gittest.Run(t, s.repo, "add", "-A")
	gittest.Run(t, s.repo, "commit", "-qm", "empty a10")
	if _, stderr, code := runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--prune"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if a := s.article(t, "a10"); a.Status != "published" && a.Status != "draft" || !strings.Contains(a.Content, "Text of article 10") {
		t.Fatalf("a10 after --prune: %s\n%s", a.Status, a.Content)
	}
	s.h.ExpectWrites(t, 3)
}

// Outside Git, an article of a category the tree does not use whose slug matches a local file is not
// changed: it is a conflict named with its category.
func TestAnotherCategorysArticleIsNotTakenOverOutsideGit(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := fortyArticles(t, dir)
	h.Seed(emulatortest.Snapshot{Categories: []emulatortest.Category{{ID: "cat_legal", Slug: "legal", Title: "Legal"}},
		Articles: []emulatortest.Article{{ID: "art_l", Slug: "a5", Title: "Terms", Content: "Legal text.\n", CategoryID: "cat_legal", Status: "published", TagIDs: []string{}, Keywords: []string{}}}})
	stdout, stderr, code := runKey(t, h, h.WriteKey, dir, "kb", "sync", docs, "--yes")
	if code != cmdutil.ExitFailure || !strings.Contains(stdout, "category legal, which this tree does not use") {
		t.Fatalf("exit %d, want 1 with a conflict naming the category\n%s\n%s", code, stdout, stderr)
	}
	for _, a := range h.Articles() {
		if a.Slug == "a5" && (a.Title != "Terms" || a.Content != "Legal text.\n" || a.CategoryID != "cat_legal" || a.Status != "published") {
			t.Fatalf("the other category's article was changed: %+v", a)
		}
	}
	// Adopting it is the user's explicit choice.
	if _, stderr, code := runKey(t, h, h.WriteKey, dir, "kb", "sync", docs, "--adopt", "a5"); code != 0 {
		t.Fatalf("--adopt: exit %d\n%s", code, stderr)
	}
	for _, a := range h.Articles() {
		if a.Slug == "a5" && a.Title != "Article 5" {
			t.Fatalf("--adopt did not take it over: %+v", a)
		}
	}
}

// kb status names the edited article and the editor-only ones, exits 2, reads only, and writes the job
// summary in GitHub Actions; after a sync that settles everything it exits 0.
func TestStatusNamesTheDrift(t *testing.T) {
	t.Parallel()
	s := newScenario(t)
	snap := s.h.Snapshot()
	for i := range snap.Articles {
		if snap.Articles[i].Slug == "a8" {
			snap.Articles[i].Content += "\nAdded in the editor.\n"
		}
	}
	s.h.Seed(snap)
	s.h.ResetLog()
	stdout, stderr, code := runKey(t, s.h, s.h.ReadKey, s.repo, "kb", "status", s.docs)
	if code != cmdutil.ExitChanges {
		t.Fatalf("exit %d, want 2\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"edited in Atender   a8 (guides/a8.md; content)", "would be pruned     a1 (its file is gone; kb sync --prune would archive it)", "Drift: 1 edited in Atender, 0 behind, 0 missing in Atender, 3 would be pruned, 5 only in Atender, 36 in sync"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("status does not say %q:\n%s", want, stdout)
		}
	}
	for _, sl := range editorSlugs {
		if !strings.Contains(stdout, fmt.Sprintf("%-19s %s (", "only in Atender", sl)) {
			t.Errorf("status does not name %s as only in Atender:\n%s", sl, stdout)
		}
	}
	s.h.ExpectWrites(t, 0)
	listing := len(s.h.Log())

	// The JSON document, and the job summary in Actions.
	summary := filepath.Join(t.TempDir(), "summary.md")
	f, out, _ := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": s.h.URL, "ATENDER_API_KEY": s.h.ReadKey, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}, s.repo)
	if code := cli.Run(context.Background(), f, []string{"kb", "status", s.docs, "-o", "json"}); code != cmdutil.ExitChanges {
		t.Fatalf("-o json: exit %d", code)
	}
	if !strings.Contains(out.String(), `"state": "edited-in-atender"`) || !strings.Contains(out.String(), `"inSync": false`) {
		t.Errorf("JSON:\n%s", out)
	}
	if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "## Knowledge base status") || !strings.Contains(string(b), "| edited in Atender | a8 |") {
		t.Errorf("job summary:\n%s", b)
	}

	// The same listing cost as a no-op sync: status reads what sync reads.
	s.h.ResetLog()
	runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--dry-run")
	if n := len(s.h.Log()); n != listing {
		t.Errorf("kb status sent %d requests, a dry-run sync %d", listing, n)
	}

	// Settled (the edit overwritten, the three archived): in sync, exit 0.
	if _, stderr, code := runKey(t, s.h, s.h.WriteKey, s.repo, "kb", "sync", s.docs, "--prune", "--force"); code != 0 {
		t.Fatalf("sync --force --prune: exit %d\n%s", code, stderr)
	}
	stdout, _, code = runKey(t, s.h, s.h.ReadKey, s.repo, "kb", "status", s.docs)
	if code != 0 || !strings.Contains(stdout, "In sync: ") {
		t.Fatalf("after the sync: exit %d\n%s", code, stdout)
	}
}
