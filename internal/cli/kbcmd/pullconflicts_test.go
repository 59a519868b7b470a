//go:build !race

// A whole corpus synced then pulled back: not under the race detector, like the other whole-corpus syncs
// (see corpora_preset_test.go); kb pull --conflicts runs under -race on the small trees of pull_test and
// testdata/script/conflict_pull_*.txtar. `make test` runs it after the race-enabled suite.

package kbcmd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/gittest"
	"github.com/atender/atender/internal/kb"
)

// Issue 11 §2 on a real tree: after one summary is edited in Atender, `kb pull --conflicts` on a copy of
// Plausible's Docusaurus docs changes one line of one file (it used to rewrite the whole file: frontmatter
// reordered, description renamed, foreign fields dropped, links turned into /knowledge/…).
func TestPullConflictsOnACorpusChangesOneLine(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	src := corpusDir(t, "plausible-docs/docs")
	cfgPath, _ := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "corpora", "plausible.atender.yaml"))
	repo := t.TempDir()
	docsDir := filepath.Join(repo, "docs")
	if out, err := exec.Command("cp", "-R", src, docsDir).CombinedOutput(); err != nil {
		t.Fatalf("copying the corpus: %v %s", err, out)
	}
	git := func(args ...string) string { t.Helper(); return gittest.Run(t, repo, args...) }
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "docs")

	h := emulatortest.Start(t, emulatortest.Options{})
	env := map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey, "ATENDER_CONFIG": cfgPath}
	f, _, errOut := cmdutil.NewForTest(env, repo)
	if err := run(t, f, docsDir); err != nil {
		t.Fatalf("sync: %v\n%s", err, errOut)
	}
	// Edit, through the API, the summary of an article whose file keeps it in `description:`.
	var target emulatortest.Article
	for _, a := range h.Articles() {
		b, err := os.ReadFile(filepath.Join(docsDir, a.Slug+".md"))
		if err == nil && strings.Contains(string(b), "\ndescription:") && strings.Contains(string(b), "](") {
			target = a
			break
		}
	}
	if target.ID == "" {
		t.Fatal("no article of the corpus keeps its summary in description:")
	}
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey})
	if _, err := c.UpdateArticle(context.Background(), target.ID, kb.ArticlePatch{Summary: kb.Ptr("Edited in the Atender editor.")}); err != nil {
		t.Fatal(err)
	}
	f, _, errOut = cmdutil.NewForTest(env, repo)
	pull := NewCmdPull(f, nil)
	pull.PersistentFlags().String("output", "", "")
	pull.SetArgs([]string{docsDir, "--conflicts"})
	pull.SetOut(f.IO.Out)
	pull.SetErr(f.IO.ErrOut)
	if err := pull.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("pull --conflicts: %v\n%s", err, errOut)
	}
	if got := strings.TrimSpace(git("diff", "--numstat")); got != "1\t1\tdocs/"+target.Slug+".md" {
		t.Fatalf("git diff --numstat: %q; want one line of docs/%s.md\n%s", got, target.Slug, git("diff"))
	}
	if diff := git("diff"); !strings.Contains(diff, "+description: Edited in the Atender editor.") {
		t.Fatalf("diff:\n%s", diff)
	}
}
