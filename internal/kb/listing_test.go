package kb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/atender/atender/internal/kb"
)

// fakeList serves one list of n items the way a server of some dialect would.
type fakeList struct {
	n          int
	size       int  // items a page holds (the server's cap, whatever limit was asked)
	hasMore    bool // send hasMore
	total      bool // send total
	totalValue int  // when set, the total the server claims instead of n
	pages      bool // send totalPages
	ignorePage bool // serve page 1 whatever page is asked
	cursor     bool // cursor paging
	bare       bool // a bare array, everything at once

	mu               sync.Mutex
	calls            int
	inFlight, maxPar int
}

func (f *fakeList) ListPage(ctx context.Context, resource string, req kb.PageRequest) (*kb.Page, error) {
	f.mu.Lock()
	f.calls++
	f.inFlight++
	f.maxPar = max(f.maxPar, f.inFlight)
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.inFlight--; f.mu.Unlock() }()
	from := (max(req.Page, 1) - 1) * f.size
	if f.cursor && req.Cursor != "" {
		from, _ = strconv.Atoi(req.Cursor)
	}
	if f.ignorePage {
		from = 0
	}
	to := min(from+f.size, f.n)
	if f.bare {
		from, to = 0, f.n
	}
	p := &kb.Page{Resource: resource, Bare: f.bare, Request: req}
	for i := from; i < to; i++ {
		id := fmt.Sprintf("id_%05d", i)
		p.IDs = append(p.IDs, id)
		p.Items = append(p.Items, json.RawMessage(fmt.Sprintf(`{"id":%q,"slug":"s-%d"}`, id, i)))
	}
	if f.hasMore {
		more := to < f.n
		p.HasMore = &more
	}
	if f.total {
		t := f.n
		if f.totalValue > 0 {
			t = f.totalValue
		}
		p.Total = &t
	}
	if f.pages {
		n := (f.n + f.size - 1) / f.size
		p.Pages = &n
	}
	if f.cursor {
		p.CursorGiven = true
		if to < f.n {
			p.NextCursor = strconv.Itoa(to)
		}
	}
	return p, nil
}

func TestListingEndsOnlyOnPositiveEvidence(t *testing.T) {
	cases := []struct {
		name  string
		list  *fakeList
		calls int    // pages requested; 0: do not check
		err   string // "" means the whole list must be read
	}{
		{name: "hasMore and total, pages read in parallel", list: &fakeList{n: 250, size: 100, hasMore: true, total: true}, calls: 3},
		{name: "hasMore alone: one page after another", list: &fakeList{n: 250, size: 100, hasMore: true}, calls: 3},
		{name: "limit capped silently (50 a page), total says more: continue", list: &fakeList{n: 120, size: 50, total: true}, calls: 3},
		{name: "short pages, no hasMore, no total: continue until an empty page", list: &fakeList{n: 120, size: 50}, calls: 4},
		{name: "a page count", list: &fakeList{n: 230, size: 100, pages: true}, calls: 4},
		{name: "cursor paging is followed", list: &fakeList{n: 230, size: 100, cursor: true}, calls: 3},
		{name: "a bare array is everything", list: &fakeList{n: 230, bare: true, size: 1}, calls: 1},
		{name: "an empty list", list: &fakeList{n: 0, size: 100, hasMore: true, total: true}, calls: 1},
		{name: "server ignores page (total given)", list: &fakeList{n: 250, size: 100, total: true, ignorePage: true}, err: "page 2 repeats the items of page 1: the server ignores `page`"},
		{name: "server ignores page (hasMore always true)", list: &fakeList{n: 250, size: 100, ignorePage: true}, err: "the server ignores `page`"},
		{name: "total disagrees with what was read", list: &fakeList{n: 200, size: 100, hasMore: true, total: true, totalValue: 250}, err: "total says 250 items and only 200 were read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, err := kb.ListAll(context.Background(), tc.list, "articles", nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %d items, %v; want an error containing %q", len(items), err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != tc.list.n {
				t.Fatalf("read %d items of %d", len(items), tc.list.n)
			}
			seen := map[string]bool{}
			for _, it := range items {
				seen[string(it)] = true
			}
			if len(seen) != tc.list.n {
				t.Fatalf("%d distinct items of %d", len(seen), tc.list.n)
			}
			if tc.calls > 0 && tc.list.calls != tc.calls {
				t.Fatalf("%d pages requested, want %d", tc.list.calls, tc.calls)
			}
		})
	}
}

// A server that always says there is more, with new ids on every page, is stopped at kb.MaxPages.
func TestListingStopsAtMaxPages(t *testing.T) {
	f := &fakeList{n: kb.MaxPages*2 + 5, size: 1, hasMore: true}
	_, err := kb.ListAll(context.Background(), f, "tags", nil)
	if err == nil || !strings.Contains(err.Error(), "after 10000 pages") || f.calls != kb.MaxPages {
		t.Fatalf("%d calls, %v", f.calls, err)
	}
	f = &fakeList{n: kb.MaxPages*2 + 5, size: 1, total: true}
	if _, err := kb.ListAll(context.Background(), f, "tags", nil); err == nil || !strings.Contains(err.Error(), "announces 20005 pages") || f.calls != 1 {
		t.Fatalf("%d calls, %v", f.calls, err)
	}
}

// Once page 1 says how many pages there are, the rest are requested at once (bounded), so 50 pages take
// three rounds of latency rather than fifty.
func TestPagesAfterTheFirstAreFetchedInParallel(t *testing.T) {
	f := &fakeList{n: 5000, size: 100, hasMore: true, total: true}
	gate := &gatedList{fakeList: f, release: make(chan struct{})}
	done := make(chan error)
	go func() { _, err := kb.ListAll(context.Background(), gate, "articles", nil); done <- err }()
	gate.waitFor(2 + kb.PageWorkers) // page 1, page 2, then a full round of workers, all waiting at once
	close(gate.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if f.maxPar != kb.PageWorkers || f.calls != 50 {
		t.Fatalf("%d pages at once (want %d), %d requests", f.maxPar, kb.PageWorkers, f.calls)
	}
	// A server that ignores page is caught on page 2, before the other 48 pages are asked for.
	ign := &fakeList{n: 5000, size: 100, total: true, ignorePage: true}
	if _, err := kb.ListAll(context.Background(), ign, "articles", nil); err == nil || ign.calls != 2 {
		t.Fatalf("ignored page: %d requests, %v", ign.calls, err)
	}

}

// gatedList holds every page after the second until released.
type gatedList struct {
	*fakeList
	release chan struct{}
	mu      sync.Mutex
	arrived int
	cond    *sync.Cond
}

func (g *gatedList) ListPage(ctx context.Context, resource string, req kb.PageRequest) (*kb.Page, error) {
	gated := req.Page > 2
	if gated { // counted as in flight before it is counted as arrived, so waitFor sees every one waiting
		g.fakeList.mu.Lock()
		g.fakeList.inFlight++
		g.fakeList.maxPar = max(g.fakeList.maxPar, g.fakeList.inFlight)
		g.fakeList.mu.Unlock()
	}
	g.mu.Lock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	g.arrived++
	g.cond.Broadcast()
	g.mu.Unlock()
	if gated {
		<-g.release
		g.fakeList.mu.Lock()
		g.fakeList.inFlight--
		g.fakeList.mu.Unlock()
	}
	return g.fakeList.ListPage(ctx, resource, req)
}

func (g *gatedList) waitFor(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	for g.arrived < n {
		g.cond.Wait()
	}
}
