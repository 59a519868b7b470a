// Package bench measures kb sync against the emulator, side by side with the naive pattern of home-made
// push scripts (list once, then one POST or PATCH per file, sequentially). `make bench` prints the table.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

func genDocs(b *testing.B, n int) string {
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		d := filepath.Join(dir, fmt.Sprintf("cat-%d", i%5))
		os.MkdirAll(d, 0o755)
		body := fmt.Sprintf("---\ntitle: Article %d\ntags: [t%d]\nstatus: published\n---\nThe text of article %d, long enough to look like one.\n\n## Steps\n\n1. One\n2. Two\n", i, i%10, i)
		os.WriteFile(filepath.Join(d, fmt.Sprintf("article-%04d.md", i)), []byte(body), 0o644)
	}
	return dir
}

type run struct {
	requests int
	writes   int
	dur      time.Duration
	n429     int
	failed   bool
}

func measure(h *emulatortest.Harness, f func() error) run {
	h.ResetLog()
	start := time.Now()
	err := f()
	r := run{dur: time.Since(start), failed: err != nil}
	for _, e := range h.Log() {
		r.requests++
		if e.Method != "GET" {
			r.writes++
		}
		if e.Status == 429 {
			r.n429++
		}
	}
	return r
}

// atender runs the real CLI in-process against the emulator.
func atender(h *emulatortest.Harness, dir string, clientOpts func(*kb.Options), args ...string) error {
	f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey}, dir)
	f.ClientOptions = clientOpts
	if code := cli.Run(context.Background(), f, append([]string{"kb", "sync", dir}, args...)); code != 0 {
		return fmt.Errorf("exit %d: %s", code, errOut.String())
	}
	return nil
}

// naive is the pattern of a typical push script: list once, then one POST or PATCH per file, in order.
func naive(h *emulatortest.Harness, dir string) error {
	ctx := context.Background()
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey})
	tree, err := docs.Load(dir, docs.Options{})
	if err != nil {
		return err
	}
	arts, err := c.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true})
	if err != nil {
		return err
	}
	bySlug := map[string]string{}
	for _, a := range arts {
		bySlug[a.Slug] = a.ID
	}
	cats, tags := map[string]string{}, map[string]string{}
	for _, p := range tree.Pages {
		if cats[p.Category] == "" {
			cat, err := c.CreateCategory(ctx, kb.CategoryInput{Title: p.Category, Slug: p.Category})
			if err != nil {
				return err
			}
			cats[p.Category] = cat.ID
		}
		var tagIDs []string
		for _, ts := range plan.TagSlugs(p.Tags) {
			if tags[ts] == "" {
				all, _ := c.ListTags(ctx)
				for _, t := range all {
					tags[t.Slug] = t.ID
				}
				if tags[ts] == "" {
					t, err := c.CreateTag(ctx, kb.TagInput{Name: ts, Slug: ts})
					if err != nil {
						return err
					}
					tags[ts] = t.ID
				}
			}
			tagIDs = append(tagIDs, tags[ts])
		}
		if id := bySlug[p.Slug]; id != "" {
			_, err = c.UpdateArticle(ctx, id, kb.ArticlePatch{Title: &p.Title, Slug: &p.Slug, Summary: &p.Summary, Content: &p.Content, CategoryID: kb.Ptr(cats[p.Category]), TagIDs: &tagIDs, Status: &p.Status})
		} else {
			_, err = c.CreateArticle(ctx, kb.ArticleCreate{Title: p.Title, Slug: p.Slug, Summary: p.Summary, Content: p.Content, CategoryID: cats[p.Category], TagIDs: tagIDs, Status: p.Status})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func edit(b *testing.B, dir string) {
	p := filepath.Join(dir, "cat-3", "article-0003.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("long enough"), []byte("now edited, long enough"), 1), 0o644)
}

// BenchmarkSync1000 prints requests and wall time for 1,000 articles with 20 ms latency per request.
func BenchmarkSync1000(b *testing.B) {
	const n = 1000
	for i := 0; i < b.N; i++ {
		dir := genDocs(b, n)
		opts := emulatortest.Options{Latency: 20 * time.Millisecond}
		ours, theirs := emulatortest.Start(b, opts), emulatortest.Start(b, opts)

		var rows [][2]run
		names := []string{"first sync", "no-op sync", "one-file change"}
		for step := 0; step < 3; step++ {
			if step == 2 {
				edit(b, dir)
			}
			a := measure(ours, func() error { return atender(ours, dir, nil) })
			nv := measure(theirs, func() error { return naive(theirs, dir) })
			if a.failed || nv.failed {
				b.Fatalf("%s failed (atender %v, naive %v)", names[step], a.failed, nv.failed)
			}
			rows = append(rows, [2]run{a, nv})
		}
		budget := int(math.Ceil(float64(n)/100)) + 8
		var t strings.Builder
		fmt.Fprintf(&t, "\nkb sync, %d articles, emulator with 20 ms latency per request\n\n", n)
		fmt.Fprintf(&t, "| step | atender requests | atender writes | atender time | naive requests | naive writes | naive time | speed-up |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for i, r := range rows {
			fmt.Fprintf(&t, "| %s | %d | %d | %.2fs | %d | %d | %.2fs | %.1f× |\n", names[i], r[0].requests, r[0].writes, r[0].dur.Seconds(), r[1].requests, r[1].writes, r[1].dur.Seconds(), r[1].dur.Seconds()/r[0].dur.Seconds())
		}
		fmt.Fprintf(&t, "\ntargets: no-op ≤ ⌈N/100⌉+8 = %d requests (got %d: %s); first sync ≥ 5× faster than naive (got %.1f×: %s)\n",
			budget, rows[1][0].requests, pass(rows[1][0].requests <= budget), rows[0][1].dur.Seconds()/rows[0][0].dur.Seconds(), pass(rows[0][1].dur >= 5*rows[0][0].dur))
		fmt.Print(t.String())
		b.ReportMetric(float64(rows[0][0].requests), "first-requests")
		b.ReportMetric(float64(rows[1][0].requests), "noop-requests")
		b.ReportMetric(rows[1][0].dur.Seconds()*1000, "noop-ms")
	}
}

// BenchmarkSyncRateLimited syncs 600 articles against the starter tier (60 a window + burst 10) with the
// window shrunk to one second, and prints the share of the allowed rate that the sync achieved.
func BenchmarkSyncRateLimited(b *testing.B) {
	const n = 600
	for i := 0; i < b.N; i++ {
		dir := genDocs(b, n)
		h := emulatortest.Start(b, emulatortest.Options{Tier: facts.Tiers["starter"], Window: time.Second, Latency: 5 * time.Millisecond})
		window := func(o *kb.Options) { o.Rate.Window = time.Second }
		r := measure(h, func() error { return atender(h, dir, window) })
		if r.failed {
			b.Fatal("rate-limited sync failed")
		}
		// Over a run of T seconds a sliding window of L=70 admits at most 70 + 60·(T−1) requests.
		allowed := 70 + 60*(r.dur.Seconds()-1)
		share := float64(r.requests) / allowed
		fmt.Printf("\nkb sync, %d articles, starter tier (70 per 1 s window: 60 + burst 10)\n\n| requests | time | 429s | achieved | allowed in that time | share |\n|---:|---:|---:|---:|---:|---:|\n| %d | %.2fs | %d | %.1f/s | %.0f | %.0f%% |\n\ntarget: ≥ 90%% of the allowed rate with no failures: %s\n",
			n, r.requests, r.dur.Seconds(), r.n429, float64(r.requests)/r.dur.Seconds(), allowed, share*100, pass(share >= 0.9 && !r.failed))
		b.ReportMetric(share*100, "%-of-allowed")
		b.ReportMetric(float64(r.n429), "429s")
	}
}

func pass(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}
