package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// genTaxonomy writes n articles over 20 categories × 5 subcategories with 26 tags (a–z): 146 taxonomy
// objects for a first sync to create.
func genTaxonomy(b *testing.B, n int) string {
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		d := filepath.Join(dir, fmt.Sprintf("cat-%02d", i%20), fmt.Sprintf("sub-%d", (i/20)%5))
		os.MkdirAll(d, 0o755)
		t1, t2 := string(rune('a'+i%26)), string(rune('a'+(i*7+3)%26))
		body := fmt.Sprintf("---\ntitle: Article %d\ntags: [%s, %s]\nstatus: published\n---\nThe text of article %d, long enough to look like one.\n", i, t1, t2, i)
		os.WriteFile(filepath.Join(d, fmt.Sprintf("article-%04d.md", i)), []byte(body), 0o644)
	}
	return dir
}

// naiveTaxonomy is the naive pattern with subcategories: list once, then, file by file, create the category,
// the subcategory and the tags it needs when not seen yet (re-listing tags to look one up), then POST.
func naiveTaxonomy(h *emulatortest.Harness, dir string) error {
	ctx := context.Background()
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey})
	tree, err := docs.Load(dir, docs.Options{})
	if err != nil {
		return err
	}
	if _, err := c.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true}); err != nil {
		return err
	}
	cats, subs, tags := map[string]string{}, map[slug.SubKey]string{}, map[string]string{}
	for _, p := range tree.Pages {
		if cats[p.Category] == "" {
			cat, err := c.CreateCategory(ctx, kb.CategoryInput{Title: p.Category, Slug: p.Category})
			if err != nil {
				return err
			}
			cats[p.Category] = cat.ID
		}
		key := slug.Sub(p.Category, p.Subcategory)
		if p.Subcategory != "" && subs[key] == "" {
			s, err := c.CreateSubcategory(ctx, kb.SubcategoryInput{CategoryID: cats[p.Category], Title: p.Subcategory, Slug: p.Subcategory})
			if err != nil {
				return err
			}
			subs[key] = s.ID
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
		if _, err := c.CreateArticle(ctx, kb.ArticleCreate{Title: p.Title, Slug: p.Slug, Summary: p.Summary, Content: p.Content, CategoryID: cats[p.Category],
			SubcategoryID: subs[key], TagIDs: tagIDs, Status: p.Status}); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkSyncTaxonomy300 is a first sync of 300 articles with 146 categories, subcategories and tags at
// 20 ms latency, against the naive pattern in the same run (issue 13: ≥ 5×, goal 10×).
func BenchmarkSyncTaxonomy300(b *testing.B) {
	const n = 300
	for i := 0; i < b.N; i++ {
		dir := genTaxonomy(b, n)
		opts := emulatortest.Options{Latency: 20 * time.Millisecond}
		ours, theirs, wide := emulatortest.Start(b, opts), emulatortest.Start(b, opts), emulatortest.Start(b, opts)
		a := measure(ours, func() error { return atender(ours, dir, nil) })
		w := measure(wide, func() error { return atender(wide, dir, nil, "--concurrency", "16") })
		nv := measure(theirs, func() error { return naiveTaxonomy(theirs, dir) })
		if a.failed || nv.failed || w.failed {
			b.Fatalf("first sync failed (atender %v, naive %v)", a.failed, nv.failed)
		}
		snap := ours.Snapshot()
		if len(snap.Categories) != 20 || len(snap.Subcategories) != 100 || len(snap.Tags) != 26 || len(snap.Articles) != n {
			b.Fatalf("atender made %d categories, %d subcategories, %d tags, %d articles", len(snap.Categories), len(snap.Subcategories), len(snap.Tags), len(snap.Articles))
		}
		speed := nv.dur.Seconds() / a.dur.Seconds()
		fmt.Printf("\nkb sync, first sync of %d articles in 20 categories × 5 subcategories with 26 tags (146 taxonomy objects), 20 ms latency\n\n"+
			"| | requests | writes | time |\n|---|---:|---:|---:|\n| atender | %d | %d | %.2fs |\n| atender --concurrency 16 | %d | %d | %.2fs |\n| naive | %d | %d | %.2fs |\n\n"+
			"speed-up %.1f× (%.1f× with --concurrency 16); target ≥ 5× (goal 10×): %s\n", n, a.requests, a.writes, a.dur.Seconds(), w.requests, w.writes, w.dur.Seconds(),
			nv.requests, nv.writes, nv.dur.Seconds(), speed, nv.dur.Seconds()/w.dur.Seconds(), pass(speed >= 5))
		b.ReportMetric(speed, "speed-up")
		b.ReportMetric(a.dur.Seconds()*1000, "atender-ms")
	}
}

// BenchmarkNoopSync3000 is a no-op sync of 3,000 articles at 20 ms latency, counting the rounds of latency
// the listing takes (see rounds). Target: at most 3.
func BenchmarkNoopSync3000(b *testing.B) {
	const n, latency = 3000, 20 * time.Millisecond
	for i := 0; i < b.N; i++ {
		dir := genDocs(b, n)
		h := emulatortest.Start(b, emulatortest.Options{})
		if err := atender(h, dir, nil); err != nil {
			b.Fatal(err)
		}
		h.SetLatency(latency)
		r := measure(h, func() error { return atender(h, dir, nil) })
		if r.failed || r.writes != 0 {
			b.Fatalf("no-op sync: failed %v, %d writes", r.failed, r.writes)
		}
		var times []time.Time
		for _, e := range h.Log() {
			times = append(times, e.Time)
		}
		nr := rounds(times, latency)
		fmt.Printf("\nkb sync, no-op on %d articles, 20 ms latency: %d requests in %d rounds of latency, %.2fs; target ≤ 3 rounds: %s\n", n, r.requests, nr, r.dur.Seconds(), pass(nr <= 3))
		b.ReportMetric(float64(nr), "rounds")
		b.ReportMetric(float64(r.requests), "requests")
	}
}

// rounds counts rounds of latency from request arrival times: a request is one round after the latest
// round of any request whose reply (at least one latency after its arrival) could have come back before it
// was sent. Requests sent together count as one round however slowly the server answers them.
func rounds(arrivals []time.Time, latency time.Duration) int {
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	round := make([]int, len(arrivals))
	most := 0
	for i, t := range arrivals {
		round[i] = 1
		for j := 0; j < i; j++ {
			if !arrivals[j].Add(latency).After(t) && round[j]+1 > round[i] {
				round[i] = round[j] + 1
			}
		}
		most = max(most, round[i])
	}
	return most
}
