package docs

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
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

// BenchmarkLoad10k loads a generated tree of 10,000 small files (target: under 2 s on 2 cores).
func BenchmarkLoad10k(b *testing.B) { benchLoad(b, genTree(b, 10000)) }

// BenchmarkLoad10kRealistic loads 10,000 articles of about 2.6 KB each (six sections, lists, code, links):
// the size of a real docs page, and what the peak memory figure in the README is measured on.
func BenchmarkLoad10kRealistic(b *testing.B) { benchLoad(b, genRealisticTree(b, 10000)) }

func benchLoad(b *testing.B, dir string) {
	b.ResetTimer()
	var tr *Tree
	var peak float64
	for i := 0; i < b.N; i++ {
		resetPeakRSS()
		var err error
		tr, err = Load(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, peakRSSMiB())
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
	if peak > 0 {
		// the process's resident high-water mark during the loads (Linux; the benchmark harness included)
		b.ReportMetric(peak, "peak-RSS-MiB")
	}
	var content int
	for _, p := range tr.Pages {
		content += len(p.Content)
	}
	b.ReportMetric(float64(content)/(1<<20), "content-MiB")
}

// resetPeakRSS starts a new resident-memory high-water mark (Linux: writing 5 to /proc/self/clear_refs).
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSMiB reads the high-water mark (VmHWM); 0 where /proc is absent.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// genRealisticTree writes n articles of about 2.6 KB with the structure of real documentation.
func genRealisticTree(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	words := strings.Fields("the of and to in is you that it for on are with as this be at have or from by can your an not all will which their more when use if one")
	rnd := rand.New(rand.NewPCG(1, 2))
	para := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rnd.IntN(len(words))]
		}
		return strings.ToUpper(w[0][:1]) + strings.Join(w, " ")[1:] + "."
	}
	for i := 0; i < n; i++ {
		cat, sub := fmt.Sprintf("cat-%d", i%10), fmt.Sprintf("sub-%d", (i/10)%5)
		p := filepath.Join(dir, cat, sub)
		os.MkdirAll(p, 0o755)
		var body strings.Builder
		fmt.Fprintf(&body, "---\ntitle: Article %d\ntags: [t%d, common]\nstatus: published\n---\n%s\n\n", i, i%50, para(40))
		for s := 0; s < 6; s++ {
			fmt.Fprintf(&body, "## Section %d\n\n%s\n\n- %s\n- %s\n- see [the next one](../../cat-%d/sub-%d/article-%d.md)\n\n",
				s, para(60), para(8), para(8), (i+1)%n%10, ((i+1)%n/10)%5, (i+1)%n)
			if s%2 == 0 {
				body.WriteString("```go\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n")
			}
		}
		os.WriteFile(filepath.Join(p, fmt.Sprintf("article-%d.md", i)), []byte(body.String()), 0o644)
	}
	return dir
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
