// Package apply executes a plan against kb.API with bounded concurrency. It never loses or duplicates an
// article: a create whose reply was lost is resolved by looking the slug up before anything is retried, a
// create that comes back with another slug trips a circuit breaker (no further creates; the duplicates this
// run made are deleted again), and removals run only when everything else succeeded.
package apply

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// Options control execution.
type Options struct {
	Concurrency int // default 4
	FailFast    bool
	// Progress is called after every finished write (from several goroutines; it must be safe).
	Progress func(done, total int)
	// InFlight, when set, records the writes in flight, for the message of a second Ctrl-C.
	InFlight *InFlight
	// PublicURL gives the public address of an article slug, to name a duplicate that must be removed by
	// hand. Default: the public path alone.
	PublicURL func(slug string) string
	// MaxDelete is how many archives or deletes a plan may hold; a plan with more is refused whole, before
	// any write (the zero value allows none, so a caller that did not decide cannot prune by accident).
	MaxDelete int
}

// Status of one action.
type Status string

const (
	OK      Status = "ok"
	Failed  Status = "failed"
	Skipped Status = "skipped" // not started: interrupted, fail-fast, breaker, or prune cancelled
	// Unknown: a create answered 2xx with a reply atender could not read, and the lookup by slug afterwards
	// did not find it. The article may exist in Atender; the run fails (like Failed) so nobody reruns blindly.
	Unknown Status = "unknown"
)

// Result of one action.
type Result struct {
	Action    *plan.Action
	Status    Status
	ID        string
	Slug      string
	Err       error
	RequestID string
}

// Report is what Apply did.
type Report struct {
	Results     []*Result
	Interrupted bool
	// PruneCancelled says why removals did not run ("" when they ran or none were planned).
	PruneCancelled string
	// Stopped explains why the run stopped creating articles ("" when it did not): the circuit breaker.
	Stopped string
	// Refused says why nothing ran at all ("" when the plan ran): more removals than Options.MaxDelete.
	Refused string
	// KeyRefused is the first write the server refused for the key's sake (401 or 403); it stopped every
	// further write. nil when none was refused.
	KeyRefused error
}

// Failed counts failed results, and those whose outcome is unknown.
func (r *Report) Failed() int {
	n := 0
	for _, x := range r.Results {
		if x.Status == Failed || x.Status == Unknown {
			n++
		}
	}
	return n
}

type engine struct {
	root context.Context // the caller's context: cancelled means Ctrl-C
	api  kb.API
	o    Options
	rep  *Report
	byAc map[*plan.Action]*Result

	mu       sync.Mutex
	catID    map[string]string // category slug → id
	subID    map[slug.SubKey]string
	tagID    map[string]string // tag slug → id
	done     int
	total    int
	failed   bool
	stopping bool
	brk      breaker
	unread   map[*plan.Action]string // creates whose reply could not be read → why (see noID, lookUp)
	learn    func(id, slug string)   // names a created article's id for InFlight
	taxStop  map[string]string       // taxonomy resource → why its creates stopped (taxonomyDuplicate)
}

// Apply runs p. ctx cancellation (Ctrl-C) stops new requests from starting; requests in flight finish, so
// nothing is left half-applied, and what was done is in the report. The ids of what the KB already has come
// with the plan (plan.Known), so apply lists nothing before it writes.
func Apply(ctx context.Context, api kb.API, p *plan.Plan, o Options) *Report {
	e := newEngine(ctx, api, p, o)
	if n := p.Removals(); n > e.o.MaxDelete {
		e.rep.Refused = fmt.Sprintf("the plan would remove %d articles, more than the limit of %d; nothing was written", n, e.o.MaxDelete)
		return e.rep
	}
	// After Ctrl-C no request starts (waits for the rate limiter end at once), but requests in flight run
	// to completion: a write cut in half is the one state a rerun cannot see. Creates have a context of
	// their own that the circuit breaker cancels the same way.
	reqCtx := kb.Graceful(ctx)
	createCtx, cancelCreates := context.WithCancel(ctx)
	defer cancelCreates()
	e.brk.cancel = cancelCreates
	createReqCtx := kb.Graceful(createCtx)

	unknown, unread := e.writes(reqCtx, createReqCtx, p.Actions)
	e.lookUp(reqCtx, unread)
	if len(unknown) > 0 {
		e.resolve(reqCtx, createReqCtx, unknown, e.stop)
	}
	// The duplicates this run made are deleted before anything else happens, while their ids are known.
	e.cleanup(ctx, reqCtx)
	e.removals(reqCtx, p.Actions)
	if ctx.Err() != nil {
		e.rep.Interrupted = true
	}
	return e.rep
}

// newEngine prepares the run of p: one result per action (unchanged and conflicts settled at once), and the
// ids of the taxonomy the KB has.
func newEngine(ctx context.Context, api kb.API, p *plan.Plan, o Options) *engine {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.PublicURL == nil {
		o.PublicURL = facts.PublicPath
	}
	e := &engine{root: ctx, api: api, o: o, rep: &Report{Results: make([]*Result, 0, len(p.Actions))}, byAc: make(map[*plan.Action]*Result, len(p.Actions)),
		catID: maps.Clone(p.Known.Categories), subID: maps.Clone(p.Known.Subcategories), tagID: maps.Clone(p.Known.Tags)}
	if e.catID == nil {
		e.catID = map[string]string{}
	}
	if e.subID == nil {
		e.subID = map[slug.SubKey]string{}
	}
	if e.tagID == nil {
		e.tagID = map[string]string{}
	}
	if o.InFlight != nil {
		e.trackInFlight(p)
	}
	for _, a := range p.Actions {
		res := &Result{Action: a, Status: Skipped, ID: a.ID, Slug: a.Slug}
		switch {
		case a.Kind == plan.Unchanged:
			res.Status = OK
		case a.Kind == plan.Conflict:
			// Left untouched. Failing it (the default) also cancels prune and makes the run exit 1.
			res.Err = ConflictError(a)
			if !a.SkipConflict {
				res.Status = Failed
			}
		default:
			e.total++
		}
		e.rep.Results = append(e.rep.Results, res)
		e.byAc[a] = res
	}
	return e
}

// trackInFlight records every write in o.InFlight, naming articles by slug: those the plan acts on by id,
// and those this run creates as their ids become known.
func (e *engine) trackInFlight(p *plan.Plan) {
	slugs := map[string]string{}
	for _, a := range p.Actions {
		if a.ID != "" && (a.Page != nil || a.IsRemoval()) {
			slugs[a.ID] = a.Slug
		}
	}
	var smu sync.Mutex
	e.api = tracked{API: e.api, f: e.o.InFlight, slugOf: func(id string) string { smu.Lock(); defer smu.Unlock(); return slugs[id] }}
	e.learn = func(id, s string) { smu.Lock(); slugs[id] = s; smu.Unlock() }
}

// stop reports whether nothing new may start: after Ctrl-C (the run is then interrupted) or --fail-fast.
func (e *engine) stop() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.root.Err() != nil {
		e.rep.Interrupted = true
		return true
	}
	return e.stopping
}

// writes runs taxonomy and articles through one bounded pool behind the client's rate limiter (see
// scheduler). It returns the creates whose outcome is unknown and those whose reply could not be read.
func (e *engine) writes(reqCtx, createReqCtx context.Context, actions []*plan.Action) (unknown, unread []*plan.Action) {
	var umu sync.Mutex
	sch := newScheduler(actions)
	var wg sync.WaitGroup
	for w := 0; w < e.o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := sch.next(); j != nil; j = sch.next() {
				// After Ctrl-C or --fail-fast nothing new starts: the rest stay "not started".
				if e.stop() {
					sch.done(j)
					continue
				}
				switch e.run(reqCtx, createReqCtx, j.a) {
				case outcomeUnknown:
					umu.Lock()
					unknown = append(unknown, j.a)
					umu.Unlock()
				case outcomeUnread:
					umu.Lock()
					unread = append(unread, j.a)
					umu.Unlock()
				}
				sch.done(j)
			}
		}()
	}
	wg.Wait()
	return unknown, unread
}

// removals archives or deletes, only when everything before succeeded and the run was not interrupted.
func (e *engine) removals(reqCtx context.Context, actions []*plan.Action) {
	var removals []*plan.Action
	for _, a := range actions {
		if a.IsRemoval() {
			removals = append(removals, a)
		}
	}
	if len(removals) == 0 {
		return
	}
	switch {
	case e.rep.Interrupted || e.root.Err() != nil:
		e.rep.Interrupted = true
		e.rep.PruneCancelled = "the run was interrupted"
	case e.rep.Failed() > 0:
		e.rep.PruneCancelled = fmt.Sprintf("%d earlier action(s) failed, and nothing is removed after an error", e.rep.Failed())
	default:
		for _, a := range removals {
			if e.stop() {
				e.rep.PruneCancelled = "the run was interrupted"
				break
			}
			e.remove(reqCtx, a)
		}
	}
}

// run executes one create or update of the write phase.
func (e *engine) run(ctx, createCtx context.Context, a *plan.Action) outcome {
	switch a.Kind {
	case plan.CreateCategory, plan.UpdateCategory:
		e.category(ctx, a)
	case plan.CreateSubcategory:
		e.subcategory(ctx, a)
	case plan.CreateTag:
		e.tag(ctx, a)
	case plan.Create, plan.Update:
		return e.article(ctx, createCtx, a)
	}
	return outcomeDone
}

func (e *engine) finish(a *plan.Action, err error, id string) {
	e.mu.Lock()
	res := e.byAc[a]
	if errors.Is(err, context.Canceled) {
		// Not sent (or not retried): not done, not failed; a rerun does it. Either Ctrl-C or the breaker
		// stopped it.
		if e.root.Err() == nil && e.brk.tripped() {
			res.Status, res.Err = Skipped, errors.New(notStartedBreaker)
		} else {
			res.Status, res.Err = Skipped, errors.New("not started: interrupted")
			e.rep.Interrupted = true
		}
		e.mu.Unlock()
		return
	}
	if err != nil {
		res.Status, res.Err, res.RequestID = Failed, err, kb.RequestIDOf(err)
		e.failed = true
		if e.o.FailFast || e.keyRefused(err) {
			e.stopping = true
		}
	} else {
		res.Status, res.Err = OK, nil
		if id != "" {
			res.ID = id
		}
	}
	e.done++
	done, total := e.done, e.total
	e.mu.Unlock()
	if e.o.Progress != nil {
		e.o.Progress(done, total)
	}
}

// lookup reads an id the workers fill in as they create taxonomy.
func lookup[K comparable](e *engine, m map[K]string, k K) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return m[k]
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// ConflictError explains a conflict and what to do about it.
func ConflictError(a *plan.Action) error {
	if a.Reason != "" {
		return fmt.Errorf("conflict: %s; left untouched. If %s should take it over, rerun with --adopt %s (or on-conflict: overwrite); otherwise give the file another slug", a.Reason, a.Path, a.Slug)
	}
	fields := a.Outside
	if len(fields) == 0 {
		fields = a.Fields
	}
	verb := "matches"
	if len(fields) > 1 {
		verb = "match"
	}
	return fmt.Errorf("conflict: %s was changed outside this repository (in the Atender editor or by another tool) since it was last synced: "+
		"its %s %s neither %s, nor any committed version of it, nor what this machine last sent; left untouched. "+
		"Bring the Atender version into the file with `atender kb pull DIR --conflicts`, merge, commit and sync again, or overwrite it with --force",
		a.Slug, strings.Join(fields, ", "), verb, a.Path)
}
