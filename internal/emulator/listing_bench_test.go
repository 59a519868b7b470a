package emulator_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// BenchmarkListing10k is the emulator serving the listing a sync of 10,000 articles reads: 100 pages, 32 of
// them asked for at once by the client's pager. The no-op sync's wall time includes this serving.
func BenchmarkListing10k(b *testing.B) {
	const n = 10_000
	s := emulator.MustNew(emulator.Options{})
	snap := emulator.Snapshot{Categories: []emulator.Category{{ID: "cat_1", Slug: "c", Title: "C"}}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		snap.Articles = append(snap.Articles, emulator.Article{ID: fmt.Sprintf("art_%d", i), Slug: fmt.Sprintf("article-%04d", i), Title: fmt.Sprintf("Article %d", i),
			Content: fmt.Sprintf("The text of article %d, long enough to look like one.\n\n## Steps\n\n1. One\n2. Two", i), CategoryID: "cat_1",
			TagIDs: []string{}, Keywords: []string{}, Status: facts.StatusPublished, CreatedAt: now, UpdatedAt: now, PublishedAt: &now})
	}
	s.Seed(snap)
	key := emulator.NewToken(s.Env())
	s.AddKey(emulator.Key{Token: key, Env: s.Env(), Scopes: []string{facts.ScopeRead}})
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	c := kb.NewClient(kb.Options{BaseURL: srv.URL + facts.BasePath, APIKey: key, Timeout: 10 * time.Second})
	ctx := context.Background()
	for b.Loop() {
		items, err := kb.ListAll(ctx, c, "articles", kb.ListArticlesOptions{IncludeArchived: true}.Query())
		if err != nil || len(items) != n {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}
