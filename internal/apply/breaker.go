package apply

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// breaker is the duplicate circuit breaker. Atender never deduplicates a create: posting a slug that exists
// makes "slug-1". So the first create that comes back with another slug than the one sent proves that the
// listing missed articles (a server whose paging differs from what this tool assumes, or another sync
// running at the same time), and every further create would make one more public duplicate. The breaker
// then starts no further create, lets those in flight finish, and the run deletes the duplicates it made
// itself. Each worker has at most one create in flight, so at most Concurrency duplicates can ever exist.
type breaker struct {
	mu     sync.Mutex
	cause  string // the first reason, "" while closed
	dups   []*dup
	cancel context.CancelFunc // ends creates waiting for the rate limiter; creates already sent finish
}

// dup is a duplicate this run created.
type dup struct {
	action *plan.Action
	id     string
	slug   string
}

func (b *breaker) tripped() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cause != ""
}

func (b *breaker) trip(cause string, d *dup) {
	b.mu.Lock()
	if b.cause == "" {
		b.cause = cause
	}
	if d != nil {
		b.dups = append(b.dups, d)
	}
	cancel := b.cancel
	b.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// duplicate records a create whose reply carries another slug, and opens the breaker.
func (e *engine) duplicate(a *plan.Action, got *kb.Article) {
	if e.learn != nil {
		e.learn(got.ID, got.Slug)
	}
	e.mu.Lock()
	e.byAc[a].ID, e.byAc[a].Slug = got.ID, got.Slug
	e.mu.Unlock()
	e.brk.trip(fmt.Sprintf("creating %s came back as %s", a.Slug, got.Slug), &dup{action: a, id: got.ID, slug: got.Slug})
}

// noID stops the run after a create whose reply names no id (or cannot be read at all): whatever was created
// cannot be found again by this run, and reading such a reply as "the slug changed" would be a guess. No
// further write starts.
func (e *engine) noID(a *plan.Action, cause error) {
	why := "Atender's reply names no id"
	if cause != nil {
		why = cause.Error()
	}
	e.finish(a, fmt.Errorf("creating %s: %s, so atender cannot tell what was created; the run stops here. Check %s in Atender before a rerun (`atender kb sync --dry-run` shows whether it exists)", a.Slug, why, e.o.PublicURL(a.Slug)), "")
	e.mu.Lock()
	e.stopping = true
	e.mu.Unlock()
	e.brk.trip("a create reply atender could not read", nil)
}

// cleanup deletes the duplicates this run created, naming each, and explains why the run stopped. After
// Ctrl-C nothing new is sent, so the duplicates are named for removal by hand instead.
func (e *engine) cleanup(ctx, reqCtx context.Context) {
	e.brk.mu.Lock()
	cause, dups := e.brk.cause, e.brk.dups
	e.brk.mu.Unlock()
	if cause == "" {
		return
	}
	var deleted, kept []string
	for _, d := range dups {
		url := e.o.PublicURL(d.slug)
		head := fmt.Sprintf("creating %s: Atender created it as %s (id %s) because an article with slug %s exists that the KB listing did not show", d.action.Slug, d.slug, d.id, d.action.Slug)
		if ctx.Err() != nil {
			kept = append(kept, d.slug)
			e.finish(d.action, fmt.Errorf("%s; the run was interrupted before it could delete that duplicate: delete it in Atender (id %s, %s)", head, d.id, url), d.id)
			continue
		}
		err := e.api.DeleteArticle(reqCtx, d.id)
		if kb.StatusOf(err) == http.StatusNotFound {
			err = nil // a replayed DELETE after a lost reply: already gone
		}
		if err != nil {
			kept = append(kept, d.slug)
			e.finish(d.action, fmt.Errorf("%s; deleting that duplicate failed (%v): delete it in Atender (id %s, %s)", head, err, d.id, url), d.id)
			continue
		}
		deleted = append(deleted, d.slug)
		e.finish(d.action, fmt.Errorf("%s; that duplicate was deleted again", head), d.id)
	}
	msg := "stopped creating articles: " + cause
	if len(dups) > 0 {
		msg += ", so the KB listing missed at least one existing article (the API pages differently from what atender expects, or another sync of this KB ran at the same time). No further article was created"
		if len(deleted) > 0 {
			msg += fmt.Sprintf("; the %d duplicate(s) this run made were deleted again (%s)", len(deleted), strings.Join(deleted, ", "))
		}
		if len(kept) > 0 {
			msg += fmt.Sprintf("; %d duplicate(s) remain and must be deleted in Atender (%s, see the errors above)", len(kept), strings.Join(kept, ", "))
		}
		msg += ". Nothing is pruned. Run `atender kb sync --dry-run --debug` to see what the listing returns, and make sure no other sync runs at the same time, before a rerun"
	}
	e.mu.Lock()
	e.rep.Stopped = msg
	e.mu.Unlock()
}
