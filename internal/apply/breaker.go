package apply

import (
	"context"
	"errors"
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
// cannot be found again from the reply, and reading such a reply as "the slug changed" would be a guess. No
// further write starts; the article is settled by lookUp once the phase is over.
func (e *engine) noID(a *plan.Action, cause error) {
	why := "Atender's reply names no id"
	if cause != nil {
		why = cause.Error()
	}
	e.mu.Lock()
	if e.unread == nil {
		e.unread = map[*plan.Action]string{}
	}
	e.unread[a] = why
	e.stopping = true
	e.mu.Unlock()
	e.brk.trip("a create reply atender could not read", nil)
}

// lookUp settles creates whose reply could not be read, with one listing for all of them. The server
// answered 2xx, so the article probably exists: this run never creates it again. Found by its slug, it is
// counted as created with the listed id; otherwise (or when the listing fails, or after Ctrl-C, when nothing
// new is sent) it is reported as Unknown (created with its id unknown), and the run fails, so that nobody
// reruns before checking.
func (e *engine) lookUp(ctx context.Context, unread []*plan.Action) {
	if len(unread) == 0 {
		return
	}
	var (
		listed []kb.Article
		err    = errors.New("the run was interrupted before it could look it up")
	)
	if e.root.Err() == nil {
		listed, err = e.api.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true})
	}
	bySlug := map[string]*kb.Article{}
	for i := range listed {
		bySlug[listed[i].Slug] = &listed[i]
	}
	for _, a := range unread {
		e.mu.Lock()
		why := e.unread[a]
		e.mu.Unlock()
		if got := bySlug[a.Slug]; err == nil && got != nil {
			e.finish(a, nil, got.ID) // the listing shows what the unreadable reply did not say
			continue
		}
		after := fmt.Sprintf("the listing afterwards does not show %s either (it may exist under another slug, or the listing may miss it)", a.Slug)
		if err != nil {
			after = fmt.Sprintf("looking it up failed: %v", err)
		}
		e.finish(a, fmt.Errorf("creating %s: created (as far as the server's answer goes), id unknown: %s, so atender cannot tell what was created; %s; the run stops here. Check %s in Atender before a rerun (`atender kb sync --dry-run` shows whether it exists; a rerun creates it again if the listing does not show it)",
			a.Slug, why, after, e.o.PublicURL(a.Slug)), "")
		e.mu.Lock()
		e.byAc[a].Status = Unknown // failed for the exit code, but it may well exist: reported apart
		e.mu.Unlock()
	}
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
