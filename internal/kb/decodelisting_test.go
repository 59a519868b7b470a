package kb

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkDecodeListing10k reads a listing of 10,000 articles as kb sync does (field checks, then the
// tolerant article decoder): the client-side cost of a no-op sync beyond what kb validate does.
func BenchmarkDecodeListing10k(b *testing.B) {
	items := make([]json.RawMessage, 10_000)
	for i := range items {
		items[i] = json.RawMessage(fmt.Sprintf(`{"id":"art_%d","slug":"article-%04d","title":"Article %d","summary":"The text of article %d.","content":"The text of article %d, long enough to look like one.\n\n## Steps\n\n1. One\n2. Two","categoryId":"cat_%d","subcategoryId":null,"tagIds":["tag_%d"],"keywords":[],"status":"published","createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","publishedAt":"2026-01-02T03:04:05Z","lastReviewedAt":null}`, i, i, i, i, i, i%5, i%10))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeListing[Article]("articles", items); err != nil {
			b.Fatal(err)
		}
	}
}

func listingOf(n int, bad map[int]string) []json.RawMessage {
	items := make([]json.RawMessage, n)
	for i := range items {
		kw := `[]`
		if b, ok := bad[i]; ok {
			kw = b
		}
		items[i] = json.RawMessage(fmt.Sprintf(`{"id":"art_%d","slug":"a-%d","title":"T","content":"C","categoryId":"cat_1","status":"draft","keywords":%s,"createdAt":"2026\u002d05-01T10:00:00Z"}`, i, i, kw))
	}
	return items
}

// Items are decoded on every CPU; the error is still the first bad item's in listing order, whichever
// chunk finishes first.
func TestDecodeListingNamesTheFirstBadItem(t *testing.T) {
	_, err := DecodeListing[Article]("articles", listingOf(4000, map[int]string{3999: `[1]`, 2500: `[null]`, 1200: `{}`}))
	if err == nil || !strings.Contains(err.Error(), "item 1201 ") {
		t.Fatalf("want the error of item 1201, got %v", err)
	}
}

// A timestamp written with a JSON escape is read as the same time as without.
func TestDecodeListingReadsAnEscapedTimestamp(t *testing.T) {
	got, err := DecodeListing[Article]("articles", listingOf(1, nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC); !got[0].CreatedAt.Equal(want) || len(got[0].UnknownTimes) != 0 {
		t.Errorf("createdAt %v (unknown %v), want %v", got[0].CreatedAt, got[0].UnknownTimes, want)
	}
}
