package kb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/kb"
)

// BenchmarkListAll10k reads a listing of 10,000 articles (100 pages, rendered once, served from memory on
// loopback) as kb sync does before decoding it: the pager, every page's reading and its per-item checks.
func BenchmarkListAll10k(b *testing.B) {
	c := listingServer(b)
	b.ReportAllocs()
	for b.Loop() {
		items, err := kb.ListAll(context.Background(), c, "articles", nil)
		if err != nil || len(items) != 10_000 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}

// BenchmarkListDecoded10k is BenchmarkListAll10k with the articles decoded, as kb sync reads a listing.
func BenchmarkListDecoded10k(b *testing.B) {
	c := listingServer(b)
	b.ReportAllocs()
	for b.Loop() {
		arts, err := kb.ListDecoded[kb.Article](context.Background(), c, "articles", nil)
		if err != nil || len(arts) != 10_000 {
			b.Fatalf("%d articles, %v", len(arts), err)
		}
	}
}

// listingServer serves a listing of 10,000 articles in pages of 100 and returns a client of it.
func listingServer(b *testing.B) *kb.Client {
	const n, size = 10_000, kb.MaxPageSize
	pages := make([][]byte, n/size+1)
	for p := 1; p < len(pages); p++ {
		var items []string
		for i := (p - 1) * size; i < p*size; i++ {
			items = append(items, fmt.Sprintf(`{"id":"art_%d","slug":"article-%04d","title":"Article %d","summary":"The text of article %d.","content":"The text of article %d, long enough to look like one.\n\n## Steps\n\n1. One\n2. Two","categoryId":"cat_%d","subcategoryId":null,"tagIds":["tag_%d"],"keywords":[],"status":"published","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","publishedAt":"2026-01-02T03:04:05Z","lastReviewedAt":null}`, i, i, i, i, i, i%5, i%10))
		}
		pages[p] = fmt.Appendf(nil, `{"data":[%s],"page":%d,"limit":%d,"total":%d,"hasMore":%t}`, strings.Join(items, ","), p, size, n, p < len(pages)-1)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[p])
	}))
	b.Cleanup(srv.Close)
	// An explicit cap far above the 100 requests: the client would otherwise start at the starter tier.
	return kb.NewClient(kb.Options{BaseURL: srv.URL + "/kb", APIKey: testKey, Timeout: 5 * time.Second, Rate: kb.RateConfig{Cap: 1_000_000}})
}
