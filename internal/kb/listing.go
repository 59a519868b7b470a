package kb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"golang.org/x/sync/errgroup"
)

// Pager reads one page of a list and reports the paging evidence as the server gave it (Client.ListPage).
type Pager interface {
	ListPage(ctx context.Context, resource string, req PageRequest) (*Page, error)
}

var _ Pager = (*Client)(nil)

// PageWorkers bounds how many pages of one list are requested at once, once page 1 says how many there are.
// The client's rate limiter still paces them. Page 2 is read alone first (see ListAll), so 3,400 articles
// (34 pages of 100) take three rounds of latency: page 1, page 2, then the 32 others at once.
const PageWorkers = 32

// ListingError says the listing cannot be trusted: the server's paging or counts contradict themselves, or
// its items do not carry what kb sync compares. The run stops before planning; nothing was written. Err,
// when set, is the reply's own error (a page contradicting its evidence is a *ReplyError too).
type ListingError struct {
	Msg string
	Err error
}

func (e *ListingError) Error() string { return e.Msg }
func (e *ListingError) Unwrap() error { return e.Err }

func listingErr(format string, args ...any) error {
	return &ListingError{Msg: fmt.Sprintf(format, args...)}
}

// ListAll reads every page of GET /{resource} under the paging contract (see page.go); it is the one pager
// of the program (the List* methods and the inventory stage both read lists through it). With offset paging
// it reads page 1, then, when page 1 says how many pages there are (total or a page count), page 2 alone
// (a server that ignores `page` is caught after one more request, not after n), then the rest in parallel;
// every check applies to the union, in page order. Cursor and link paging is followed one page after
// another. Any error stops the listing: a plan made on a partial listing creates duplicates.
func ListAll(ctx context.Context, p Pager, resource string, q url.Values) ([]json.RawMessage, error) {
	items, _, err := listAll(ctx, p, resource, q)
	return items, err
}

// ListDecoded is ListAll, its items decoded by DecodeListing: the reading of a listing by kb sync and kb
// pull, which splits each item into its members once, for the paging checks and the decoder both.
func ListDecoded[T any](ctx context.Context, p Pager, resource string, q url.Values) ([]T, error) {
	items, objs, err := listAll(ctx, p, resource, q)
	if err != nil {
		return nil, err
	}
	return decodeListing[T](resource, items, objs)
}

// listAll is ListAll, with the items split into their members (Page.members).
func listAll(ctx context.Context, p Pager, resource string, q url.Values) ([]json.RawMessage, []object, error) {
	l := &lister{p: p, resource: resource, q: q, maxPages: MaxPages, seen: map[string]int{}}
	if b, ok := p.(interface{ maxPages() int }); ok {
		l.maxPages = b.maxPages()
	}
	first, err := p.ListPage(ctx, resource, PageRequest{Page: 1, Query: q})
	if err != nil {
		return nil, nil, err
	}
	if first.Bare {
		return first.Items, first.members(), nil
	}
	if done, err := l.take(1, first); err != nil || done {
		return l.result(err)
	}
	last, lastNo := first, 1
	if n := pageCount(first); n > 1 && !cursorPaging(first) {
		var done bool
		if last, lastNo, done, err = l.parallel(ctx, n); err != nil || done {
			return l.result(err)
		}
	}
	return l.result(l.sequential(ctx, last, lastNo))
}

// lister is one ListAll: the pages read so far, in page order, checked each against the ones before.
type lister struct {
	p        Pager
	resource string
	q        url.Values
	maxPages int

	items []json.RawMessage
	objs  []object       // the items' members, in the same order
	seen  map[string]int // id → page it came from
	total *int
}

// parallel reads pages 2..n of an offset listing whose first page announced n pages: page 2 alone, then
// the others at once. It returns the last page judged and its number, and whether the listing is complete.
func (l *lister) parallel(ctx context.Context, n int) (*Page, int, bool, error) {
	if n > l.maxPages {
		return nil, 0, false, listingErr("GET /%s: the server announces %d pages, more than the %d atender reads; stopped before planning", l.resource, n, l.maxPages)
	}
	second, err := l.p.ListPage(ctx, l.resource, PageRequest{Page: 2, Query: l.q})
	if err != nil {
		return nil, 0, false, err
	}
	if done, err := l.take(2, second); err != nil || done || n == 2 {
		return second, 2, done, err
	}
	pages := make([]*Page, n+1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(PageWorkers)
	for no := 3; no <= n; no++ {
		g.Go(func() error {
			pg, err := l.p.ListPage(gctx, l.resource, PageRequest{Page: no, Query: l.q})
			pages[no] = pg
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, false, err
	}
	for no := 3; no <= n; no++ {
		done, err := l.take(no, pages[no])
		if err != nil {
			return nil, 0, false, err
		}
		if done {
			for later := no + 1; later <= n; later++ {
				if len(pages[later].Items) > 0 {
					return nil, 0, false, listingErr("GET /%s: page %d says the list ends, but page %d has %d more items; the server's paging cannot be trusted; stopped before planning", l.resource, no, later, len(pages[later].Items))
				}
			}
			return pages[no], no, true, nil
		}
	}
	return pages[n], n, false, nil
}

// sequential reads one page after another after page lastNo (last): cursor paging, no count on page 1, or
// more pages than page 1 announced.
func (l *lister) sequential(ctx context.Context, last *Page, lastNo int) error {
	for {
		if lastNo >= l.maxPages {
			return listingErr("GET /%s: still not at the end after %d pages; stopped before planning (the server may ignore `page` or never say where the list ends)", l.resource, l.maxPages)
		}
		req := PageRequest{Page: lastNo + 1, Query: l.q}
		switch {
		case last.Next != "":
			req = PageRequest{Next: last.Next}
		case last.NextCursor != "":
			req = PageRequest{Cursor: last.NextCursor, Query: l.q}
		}
		pg, err := l.p.ListPage(ctx, l.resource, req)
		if err != nil {
			return err
		}
		lastNo, last = lastNo+1, pg
		if done, err := l.take(lastNo, pg); err != nil || done {
			return err
		}
	}
}

// take adds page no and says whether it ends the listing (Ended). A page contradicting its own evidence is
// a *ListingError.
func (l *lister) take(no int, p *Page) (bool, error) {
	if err := l.add(no, p); err != nil {
		return false, err
	}
	ended, err := Ended(p, len(l.items))
	if err != nil {
		return false, &ListingError{Msg: err.Error(), Err: err}
	}
	return ended, nil
}

func (l *lister) add(no int, p *Page) error {
	if p.Bare {
		return listingErr("GET /%s: page %d is a bare array after an envelope on page 1; the reply shapes disagree, so the listing cannot be trusted", l.resource, no)
	}
	repeats := 0
	for _, id := range p.IDs {
		if _, dup := l.seen[id]; dup {
			repeats++
		}
	}
	if repeats > 0 {
		if first := l.seen[p.IDs[0]]; repeats == len(p.IDs) && first > 0 {
			return listingErr("GET /%s: page %d repeats the items of page %d: the server ignores `page`, so the listing cannot be trusted; stopped before planning", l.resource, no, first)
		}
		return listingErr("GET /%s: page %d repeats %d ids of earlier pages: the server ignores `page` or the KB changed while it was read; stopped before planning, run again", l.resource, no, repeats)
	}
	for _, id := range p.IDs {
		l.seen[id] = no
	}
	l.items = append(l.items, p.Items...)
	l.objs = append(l.objs, p.members()...)
	if p.Total != nil {
		l.total = p.Total
	}
	return nil
}

// result is the items read (and their members), cross-checked against the server's total, or err.
func (l *lister) result(err error) ([]json.RawMessage, []object, error) {
	if err != nil {
		return nil, nil, err
	}
	if l.total != nil && *l.total != len(l.items) {
		return nil, nil, listingErr("GET /%s: the server said total %d but the listing read %d; stopped before planning on an incomplete listing", l.resource, *l.total, len(l.items))
	}
	return l.items, l.objs, nil
}

// pageCount is how many pages page 1 announces: a page count, or total over the size of the page actually
// served (a server may serve fewer than the limit asked for); 0 when it says neither.
func pageCount(p *Page) int {
	switch {
	case p.Pages != nil:
		return *p.Pages
	case p.Total != nil && len(p.Items) > 0:
		return (*p.Total + len(p.Items) - 1) / len(p.Items)
	}
	return 0
}

func cursorPaging(p *Page) bool { return p.CursorGiven || p.Next != "" || p.NextCursor != "" }
