package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// genTree writes n articles in 10 categories × 5 subcategories, with links between them.
func genTree(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		cat, sub := fmt.Sprintf("cat-%d", i%10), fmt.Sprintf("sub-%d", (i/10)%5)
		p := filepath.Join(dir, cat, sub)
		os.MkdirAll(p, 0o755)
		body := fmt.Sprintf("---\ntitle: Article %d\ntags: [t%d, common]\nkeywords: [k%d]\nstatus: published\n---\n"+
			"The first paragraph of article %d explains what it is about in a sentence or two, long enough to be cut.\n\n"+
			"## Section\n\nSee [the next one](../../cat-%d/sub-%d/article-%d.md#section) and ![a picture](https://cdn.example.com/%d.png).\n\n"+
			"| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nfmt.Println(%d)\n```\n", i, i%50, i, i, (i+1)%10, ((i+1)/10)%5, i+1, i, i)
		os.WriteFile(filepath.Join(p, fmt.Sprintf("article-%d.md", i)), []byte(body), 0o644)
	}
	return dir
}

// BenchmarkLoad10k loads a generated tree of 10,000 files (target: under 2 s on 2 cores).
func BenchmarkLoad10k(b *testing.B) {
	dir := genTree(b, 10000)
	b.ResetTimer()
	var tr *Tree
	for i := 0; i < b.N; i++ {
		var err error
		tr, err = Load(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if tr.Errors() > 1 { // the last article links to one that does not exist
			b.Fatalf("%d errors: %v", tr.Errors(), tr.Diagnostics[:3])
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	// The tree is still referenced: what the heap holds now is the pages themselves.
	b.ReportMetric(float64(len(tr.Pages)), "pages")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB-retained")
	var content int
	for _, p := range tr.Pages {
		content += len(p.Content)
	}
	b.ReportMetric(float64(content)/(1<<20), "content-MiB")
}

// BenchmarkLoadScaling shows memory per page staying flat as the tree grows.
func BenchmarkLoadScaling(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			dir := genTree(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Load(dir, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/file")
		})
	}
}
