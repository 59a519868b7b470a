package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/atender/atender/internal/kb"
	"golang.org/x/sync/errgroup"
)

// Pager reads one page of a list and reports the paging evidence as the server gave it (kb.Client.ListPage).
type Pager interface {
	ListPage(ctx context.Context, resource string, req kb.PageRequest) (*kb.Page, error)
}

var _ Pager = (*kb.Client)(nil)

// PageWorkers bounds how many pages of one list are requested at once, once page 1 says how many there are.
// The client's rate limiter still paces them. Page 2 is read alone first (see listAll), so 3,400 articles
// (34 pages of 100) take three rounds of latency: page 1, page 2, then the 32 others at once.
const PageWorkers = 32

// The paging rules (the contract of kb.ListPage, enforced here, where the listing is judged):
//   - a bare array is the whole list;
//   - the listing ends only on positive evidence (kb.Ended: hasMore false, total reached, an empty page, a
//     cursor page without a next cursor); a short page proves nothing, since a server may cap limit silently;
//   - a page whose ids repeat an earlier page's is an error: the server ignores `page` (or the KB changed
//     while it was read); repeats are never dropped to go on;
//   - at most kb.MaxPages pages;
//   - afterwards, when the server gave a total, exactly that many distinct items must have been read.
// Any error stops the run before planning: a plan made on a partial listing creates duplicates.

// listAll reads every page of GET /{resource}. With offset paging it reads page 1, then, when page 1 says
// how many pages there are (total or a page count), the rest in parallel; every check applies to the union,
// in page order. Cursor and link paging is followed one page after another.
func listAll(ctx context.Context, p Pager, resource string, q url.Values) ([]json.RawMessage, error) {
	first, err := p.ListPage(ctx, resource, kb.PageRequest{Page: 1, Query: q})
	if err != nil {
		return nil, err
	}
	if first.Bare {
		return first.Items, nil
	}
	acc := &accumulator{resource: resource, seen: map[string]int{}}
	if err := acc.add(1, first); err != nil {
		return nil, err
	}
	if ended, err := kb.Ended(first, len(acc.items)); err != nil || ended {
		return acc.finishOr(err)
	}
	last, lastNo := first, 1
	if n := pageCount(first); n > 1 && !cursorPaging(first) {
		if n > kb.MaxPages {
			return nil, listingErr("GET /%s: the server announces %d pages, more than the %d atender reads; stopped before planning", resource, n, kb.MaxPages)
		}
		// Page 2 goes alone first: a server that ignores `page` is caught after one more request, not after n.
		second, err := p.ListPage(ctx, resource, kb.PageRequest{Page: 2, Query: q})
		if err != nil {
			return nil, err
		}
		if err := acc.add(2, second); err != nil {
			return nil, err
		}
		last, lastNo = second, 2
		if ended, err := kb.Ended(second, len(acc.items)); err != nil || ended {
			return acc.finishOr(err)
		}
		if n > 2 {
			pages := make([]*kb.Page, n+1)
			g, gctx := errgroup.WithContext(ctx)
			g.SetLimit(PageWorkers)
			for no := 3; no <= n; no++ {
				g.Go(func() error {
					pg, err := p.ListPage(gctx, resource, kb.PageRequest{Page: no, Query: q})
					pages[no] = pg
					return err
				})
			}
			if err := g.Wait(); err != nil {
				return nil, err
			}
			for no := 3; no <= n; no++ {
				if err := acc.add(no, pages[no]); err != nil {
					return nil, err
				}
				last, lastNo = pages[no], no
				ended, err := kb.Ended(pages[no], len(acc.items))
				if err != nil {
					return nil, listingErr("%v", err)
				}
				if ended {
					for later := no + 1; later <= n; later++ {
						if len(pages[later].Items) > 0 {
							return nil, listingErr("GET /%s: page %d says the list ends, but page %d has %d more items; the server's paging cannot be trusted; stopped before planning", resource, no, later, len(pages[later].Items))
						}
					}
					return acc.finish()
				}
			}
		}
	}
	// One page after another: cursor paging, no count on page 1, or more pages than page 1 announced.
	for {
		if lastNo >= kb.MaxPages {
			return nil, listingErr("GET /%s: still not at the end after %d pages; stopped before planning (the server may ignore `page` or never say where the list ends)", resource, kb.MaxPages)
		}
		req := kb.PageRequest{Page: lastNo + 1, Query: q}
		switch {
		case last.Next != "":
			req = kb.PageRequest{Next: last.Next}
		case last.NextCursor != "":
			req = kb.PageRequest{Cursor: last.NextCursor, Query: q}
		}
		pg, err := p.ListPage(ctx, resource, req)
		if err != nil {
			return nil, err
		}
		lastNo++
		if err := acc.add(lastNo, pg); err != nil {
			return nil, err
		}
		last = pg
		if ended, err := kb.Ended(pg, len(acc.items)); err != nil || ended {
			return acc.finishOr(err)
		}
	}
}

// pageCount is how many pages page 1 announces: a page count, or total over the size of the page actually
// served (a server may serve fewer than the limit asked for); 0 when it says neither.
func pageCount(p *kb.Page) int {
	switch {
	case p.Pages != nil:
		return *p.Pages
	case p.Total != nil && len(p.Items) > 0:
		return (*p.Total + len(p.Items) - 1) / len(p.Items)
	}
	return 0
}

func cursorPaging(p *kb.Page) bool { return p.CursorGiven || p.Next != "" || p.NextCursor != "" }

// accumulator gathers pages in page order and checks each against the ones before.
type accumulator struct {
	resource string
	items    []json.RawMessage
	seen     map[string]int // id → page it came from
	total    *int
}

func (a *accumulator) add(no int, p *kb.Page) error {
	if p.Bare {
		return listingErr("GET /%s: page %d is a bare array after an envelope on page 1; the reply shapes disagree, so the listing cannot be trusted", a.resource, no)
	}
	repeats := 0
	for _, id := range p.IDs {
		if _, dup := a.seen[id]; dup {
			repeats++
		}
	}
	if repeats > 0 {
		if first := a.seen[p.IDs[0]]; repeats == len(p.IDs) && first > 0 {
			return listingErr("GET /%s: page %d repeats the items of page %d: the server ignores `page`, so the listing cannot be trusted; stopped before planning", a.resource, no, first)
		}
		return listingErr("GET /%s: page %d repeats %d ids of earlier pages: the server ignores `page` or the KB changed while it was read; stopped before planning, run again", a.resource, no, repeats)
	}
	for _, id := range p.IDs {
		a.seen[id] = no
	}
	a.items = append(a.items, p.Items...)
	if p.Total != nil {
		a.total = p.Total
	}
	return nil
}

// finishOr is finish, or the error kb.Ended found in the last page (a page contradicting its own evidence).
func (a *accumulator) finishOr(err error) ([]json.RawMessage, error) {
	if err != nil {
		return nil, listingErr("%v", err)
	}
	return a.finish()
}

// finish cross-checks the count against the server's total.
func (a *accumulator) finish() ([]json.RawMessage, error) {
	if a.total != nil && *a.total != len(a.items) {
		return nil, listingErr("GET /%s: the server said total %d but the listing read %d; stopped before planning on an incomplete listing", a.resource, *a.total, len(a.items))
	}
	return a.items, nil
}

// ListingError says the listing cannot be trusted: the server's paging or counts contradict themselves. The
// run stops before planning; nothing was written.
type ListingError struct{ Msg string }

func (e *ListingError) Error() string { return e.Msg }

func listingErr(format string, args ...any) error {
	return &ListingError{Msg: fmt.Sprintf(format, args...)}
}

// listTyped lists a resource and decodes its items, naming the position of an item that does not fit.
func listTyped[T any](ctx context.Context, p Pager, resource string, q url.Values) ([]T, error) {
	raws, err := listAll(ctx, p, resource, q)
	if err != nil {
		return nil, err
	}
	// A field under another name would be read as empty and rewritten on every run: stop before planning.
	if fe := kb.CheckFields(resource, raws); fe != nil {
		return nil, &ListingError{Msg: fe.Error()}
	}
	out := make([]T, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			return nil, listingErr("GET /%s: item %d of the listing does not fit: %v", resource, i+1, err)
		}
	}
	return out, nil
}
