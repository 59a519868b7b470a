package conflict

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// BenchmarkDetect200 measures conflict detection for 200 updated articles whose remote equals the previous
// commit (the common case: the files moved on since the last sync), in a repository with 5 commits each.
func BenchmarkDetect200(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	const n = 200
	dir := b.TempDir()
	run := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	run("init", "-q")
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	write := func(v int) {
		for i := 0; i < n; i++ {
			os.WriteFile(filepath.Join(dir, "docs", "c", fmt.Sprintf("a%d.md", i)), []byte(fmt.Sprintf("# A %d\n\nVersion %d.\n", i, v)), 0o644)
		}
	}
	for v := 1; v <= 5; v++ {
		write(v)
		run("add", "-A")
		run("commit", "-qm", fmt.Sprint(v))
	}
	tree, err := docs.Load(filepath.Join(dir, "docs"), docs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	remote := &inventory.Remote{Categories: []kb.Category{{ID: "cat", Slug: "c", Title: "C"}}}
	for i := 0; i < n; i++ { // Atender holds version 4: the tree (version 5) moved on since
		remote.Articles = append(remote.Articles, kb.Article{ID: fmt.Sprint(i), Slug: fmt.Sprintf("a%d", i), Title: fmt.Sprintf("A %d", i),
			Summary: "Version 4.", Content: "Version 4.\n", CategoryID: "cat", Status: "draft", TagIDs: []string{}, Keywords: []string{}})
	}
	p := plan.Make(tree, inventory.NewIndex(remote), plan.Options{})
	if p.Count(plan.Update) != n {
		b.Fatalf("%d updates planned", p.Count(plan.Update))
	}
	ix := inventory.NewIndex(remote)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev, err := Detect(tree, ix, Options{})
		if err != nil || len(ev.Edited) != 0 || ev.Off != "" {
			b.Fatalf("%d conflicts (%s), %v", len(ev.Edited), ev.Off, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*n), "ms/article")
}
