package conflict

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/atender/atender/internal/gittest"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// BenchmarkDetect200 measures conflict detection for 200 updated articles whose remote equals the previous
// commit (the common case: the files moved on since the last sync), in a repository with 5 commits each.
func BenchmarkDetect200(b *testing.B) {
	gittest.Need(b)
	const n = 200
	dir := b.TempDir()
	gittest.Run(b, dir, "init", "-q")
	for v := 1; v <= 5; v++ {
		for i := 0; i < n; i++ {
			gittest.Write(b, dir, fmt.Sprintf("docs/c/a%d.md", i), fmt.Sprintf("# A %d\n\nVersion %d.\n", i, v))
		}
		gittest.Commit(b, dir, fmt.Sprint(v))
	}
	tree := gittest.Load(b, filepath.Join(dir, "docs"))
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
