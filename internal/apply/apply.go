// Package apply executes a plan against kb.API with bounded concurrency. It never loses or duplicates an
// article: a create whose reply was lost is resolved by looking the slug up before anything is retried, a
// returned slug that differs from the one sent is reported, and removals run only when everything else
// succeeded.
package apply

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/atender/atender/internal/facts"

	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// Options control execution.
type Options struct {
	Concurrency int // default 4
	FailFast    bool
	// Progress is called after every finished write (from several goroutines; it must be safe).
	Progress func(done, total int)
}

// Status of one action.
type Status string

const (
	OK      Status = "ok"
	Failed  Status = "failed"
	Skipped Status = "skipped" // not started: interrupted, fail-fast, or prune cancelled
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
}

// Failed counts failed results.
func (r *Report) Failed() int {
	n := 0
	for _, x := range r.Results {
		if x.Status == Failed {
			n++
		}
	}
	return n
}

type engine struct {
	api  kb.API
	o    Options
	rep  *Report
	byAc map[*plan.Action]*Result

	mu       sync.Mutex
	catID    map[string]string // category slug → id
	subID    map[string]string // "cat/sub" → id
	tagID    map[string]string // tag slug → id
	done     int
	total    int
	failed   bool
	stopping bool
}

// Apply runs p. ctx cancellation (Ctrl-C) stops new requests from starting; requests in flight finish, so
// nothing is left half-applied, and what was done is in the report.
func Apply(ctx context.Context, api kb.API, p *plan.Plan, r *inventory.Remote, o Options) *Report {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	ix := inventory.NewIndex(r)
	e := &engine{api: api, o: o, rep: &Report{}, byAc: map[*plan.Action]*Result{}, catID: map[string]string{}, subID: map[string]string{}, tagID: map[string]string{}}
	for s, c := range ix.CatBySlug {
		e.catID[s] = c.ID
	}
	for k, s := range ix.SubByKey {
		e.subID[k] = s.ID
	}
	for s, t := range ix.TagBySlug {
		e.tagID[s] = t.ID
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
	// After Ctrl-C no request starts (waits for the rate limiter end at once), but requests in flight run
	// to completion: a write cut in half is the one state a rerun cannot see.
	reqCtx := kb.Graceful(ctx)
	stop := func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		if ctx.Err() != nil {
			e.rep.Interrupted = true
			return true
		}
		return e.stopping
	}

	var articles, removals []*plan.Action
	for _, a := range p.Actions {
		if stop() {
			break
		}
		switch a.Kind {
		case plan.CreateCategory, plan.UpdateCategory:
			e.category(reqCtx, a)
		case plan.CreateSubcategory:
			e.subcategory(reqCtx, a)
		case plan.CreateTag:
			e.tag(reqCtx, a)
		case plan.Create, plan.Update:
			articles = append(articles, a)
		case plan.Archive, plan.Delete:
			removals = append(removals, a)
		}
	}

	// Articles, concurrently behind the client's rate limiter.
	var unknown []*plan.Action
	var mismatched []*plan.Action
	var umu sync.Mutex
	jobs := make(chan *plan.Action)
	var wg sync.WaitGroup
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				switch e.article(reqCtx, a) {
				case outcomeUnknown:
					umu.Lock()
					unknown = append(unknown, a)
					umu.Unlock()
				case outcomeSlugMismatch:
					umu.Lock()
					mismatched = append(mismatched, a)
					umu.Unlock()
				}
			}
		}()
	}
	for _, a := range articles {
		if stop() {
			break
		}
		jobs <- a
	}
	close(jobs)
	wg.Wait()

	if len(unknown) > 0 || len(mismatched) > 0 {
		e.resolve(reqCtx, unknown, mismatched, stop)
	}

	if len(removals) > 0 {
		switch {
		case e.rep.Interrupted || ctx.Err() != nil:
			e.rep.Interrupted = true
			e.rep.PruneCancelled = "the run was interrupted"
		case e.rep.Failed() > 0:
			e.rep.PruneCancelled = fmt.Sprintf("%d earlier action(s) failed, and nothing is removed after an error", e.rep.Failed())
		default:
			for _, a := range removals {
				if stop() {
					e.rep.PruneCancelled = "the run was interrupted"
					break
				}
				e.remove(reqCtx, a)
			}
		}
	}
	if ctx.Err() != nil {
		e.rep.Interrupted = true
	}
	return e.rep
}

func (e *engine) finish(a *plan.Action, err error, id string) {
	e.mu.Lock()
	res := e.byAc[a]
	if errors.Is(err, context.Canceled) {
		// Interrupted before it was sent (or before a retry): not done, not failed; a rerun does it.
		res.Status, res.Err = Skipped, errors.New("not started: interrupted")
		e.rep.Interrupted = true
		e.mu.Unlock()
		return
	}
	if err != nil {
		res.Status, res.Err, res.RequestID = Failed, err, kb.RequestIDOf(err)
		e.failed = true
		if e.o.FailFast {
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

func (e *engine) category(ctx context.Context, a *plan.Action) {
	c := a.Category
	if a.Kind == plan.UpdateCategory {
		patch := kb.CategoryPatch{Title: kb.Ptr(c.Title), Description: kb.Ptr(c.Description), SortOrder: c.SortOrder}
		_, err := e.api.UpdateCategory(ctx, a.ID, patch)
		e.finish(a, wrap(err, "updating category %s", a.Slug), a.ID)
		return
	}
	// Categories upsert by slug (stated), so this is safe to replay and never duplicates.
	got, err := e.api.CreateCategory(ctx, kb.CategoryInput{Title: c.Title, Slug: c.Slug, Description: c.Description, SortOrder: c.SortOrder})
	if err == nil {
		e.mu.Lock()
		e.catID[a.Slug] = got.ID
		e.mu.Unlock()
		e.finish(a, nil, got.ID)
		return
	}
	e.finish(a, wrap(err, "creating category %s", a.Slug), "")
}

func (e *engine) subcategory(ctx context.Context, a *plan.Action) {
	catID := e.lookup(e.catID, a.Parent)
	if catID == "" {
		e.finish(a, fmt.Errorf("subcategory %s: its category %s was not created", a.Slug, a.Parent), "")
		return
	}
	in := kb.SubcategoryInput{CategoryID: catID, Title: a.Category.Title, Slug: a.Slug, Description: a.Category.Description, SortOrder: a.Category.SortOrder}
	got, err := createOnce(a.Slug,
		func() (*kb.Subcategory, error) { return e.api.CreateSubcategory(ctx, in) },
		func() ([]kb.Subcategory, error) { return e.api.ListSubcategories(ctx, catID) },
		func(s *kb.Subcategory) string { return s.Slug })
	if err != nil {
		e.finish(a, wrap(err, "creating subcategory %s/%s", a.Parent, a.Slug), "")
		return
	}
	e.mu.Lock()
	e.subID[a.Parent+"/"+a.Slug] = got.ID
	e.mu.Unlock()
	e.finish(a, nil, got.ID)
}

func (e *engine) tag(ctx context.Context, a *plan.Action) {
	in := kb.TagInput{Name: a.Title, Slug: a.Slug}
	got, err := createOnce(a.Slug,
		func() (*kb.Tag, error) { return e.api.CreateTag(ctx, in) },
		func() ([]kb.Tag, error) { return e.api.ListTags(ctx) },
		func(t *kb.Tag) string { return t.Slug })
	if err == nil && got.Slug != a.Slug {
		err = fmt.Errorf("creating tag %s: Atender stored it as %s (id %s); rename or delete that tag in Atender and rerun", a.Slug, got.Slug, got.ID)
	}
	if err != nil {
		e.finish(a, wrap(err, "creating tag %s", a.Slug), "")
		return
	}
	e.mu.Lock()
	e.tagID[a.Slug] = got.ID
	e.mu.Unlock()
	e.finish(a, nil, got.ID)
}

// createOnce creates an object whose create is not idempotent. When the reply was lost it looks the slug up
// before creating again, so a create that did happen is never repeated. (Articles resolve lost replies in
// one listing for the whole phase instead; see resolve.)
func createOnce[T any](slug string, create func() (*T, error), list func() ([]T, error), slugOf func(*T) string) (*T, error) {
	got, err := create()
	if !kb.IsOutcomeUnknown(err) {
		return got, err
	}
	all, lerr := list()
	if lerr != nil {
		return nil, err
	}
	for i := range all {
		if slugOf(&all[i]) == slug {
			return &all[i], nil
		}
	}
	return create()
}

func (e *engine) lookup(m map[string]string, k string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return m[k]
}

type outcome int

const (
	outcomeDone outcome = iota
	outcomeUnknown
	outcomeSlugMismatch
)

// refs resolves the category, subcategory and tag ids of a page.
func (e *engine) refs(a *plan.Action) (cat, sub string, tags []string, err error) {
	pg := a.Page
	cat = e.lookup(e.catID, pg.Category)
	if cat == "" {
		return "", "", nil, fmt.Errorf("category %s does not exist and could not be created", pg.Category)
	}
	if pg.Subcategory != "" {
		sub = e.lookup(e.subID, pg.Category+"/"+pg.Subcategory)
		if sub == "" {
			return "", "", nil, fmt.Errorf("subcategory %s/%s does not exist and could not be created", pg.Category, pg.Subcategory)
		}
	}
	tags = []string{}
	for _, ts := range plan.TagSlugs(pg.Tags) {
		id := e.lookup(e.tagID, ts)
		if id == "" {
			return "", "", nil, fmt.Errorf("tag %s does not exist and could not be created", ts)
		}
		tags = append(tags, id)
	}
	return cat, sub, tags, nil
}

func (e *engine) createBody(a *plan.Action) (kb.ArticleCreate, error) {
	cat, sub, tags, err := e.refs(a)
	pg := a.Page
	kw := pg.Keywords
	if kw == nil {
		kw = []string{}
	}
	return kb.ArticleCreate{Title: pg.Title, Slug: pg.Slug, Summary: pg.Summary, Content: pg.Content, CategoryID: cat,
		SubcategoryID: sub, TagIDs: tags, Keywords: kw, Status: pg.Status}, err
}

// Patch builds the body of an update: only the changed fields, complete lists, and the slug whenever the
// title changes (Atender would otherwise regenerate it).
func (e *engine) patch(a *plan.Action) (kb.ArticlePatch, error) {
	cat, sub, tags, err := e.refs(a)
	if err != nil {
		return kb.ArticlePatch{}, err
	}
	pg := a.Page
	var p kb.ArticlePatch
	for _, f := range a.Fields {
		switch f {
		case plan.FieldTitle:
			p.Title, p.Slug = kb.Ptr(pg.Title), kb.Ptr(pg.Slug)
		case plan.FieldSummary:
			p.Summary = kb.Ptr(pg.Summary)
		case plan.FieldContent:
			p.Content = kb.Ptr(pg.Content)
		case plan.FieldCategory:
			p.CategoryID = kb.Ptr(cat)
			p.SubcategoryID = kb.Ptr(sub)
		case plan.FieldSubcategory:
			p.SubcategoryID = kb.Ptr(sub)
		case plan.FieldTags:
			p.TagIDs = &tags
		case plan.FieldKeywords:
			kw := append([]string{}, pg.Keywords...)
			p.Keywords = &kw
		case plan.FieldStatus:
			p.Status = kb.Ptr(pg.Status)
		}
	}
	return p, nil
}

func (e *engine) article(ctx context.Context, a *plan.Action) outcome {
	if a.Kind == plan.Create {
		body, err := e.createBody(a)
		if err != nil {
			e.finish(a, err, "")
			return outcomeDone
		}
		got, err := e.api.CreateArticle(ctx, body)
		if kb.IsOutcomeUnknown(err) {
			return outcomeUnknown // resolved after the phase, by one listing for all of them
		}
		if err != nil {
			e.finish(a, wrap(err, "creating %s", a.Slug), "")
			return outcomeDone
		}
		if got.Slug != a.Slug {
			e.mu.Lock()
			e.byAc[a].ID, e.byAc[a].Slug = got.ID, got.Slug
			e.mu.Unlock()
			return outcomeSlugMismatch
		}
		e.finish(a, nil, got.ID)
		return outcomeDone
	}
	p, err := e.patch(a)
	if err != nil {
		e.finish(a, err, "")
		return outcomeDone
	}
	got, err := e.api.UpdateArticle(ctx, a.ID, p)
	if err == nil && got.Slug != a.Slug {
		err = fmt.Errorf("updating %s (id %s): Atender answered with slug %s, not %s; its public URL changed. Set the slug back in Atender, or change `slug:` in %s", a.Slug, a.ID, got.Slug, a.Slug, a.Path)
	}
	e.finish(a, wrap(err, "updating %s", a.Slug), a.ID)
	return outcomeDone
}

// resolve settles creates whose outcome is unknown and creates that came back with another slug, with one
// listing for all of them. A create that did happen is found by its slug and counted as done; one that did
// not is created again (now that the listing shows it absent, a replay cannot duplicate it).
func (e *engine) resolve(ctx context.Context, unknown, mismatched []*plan.Action, stop func() bool) {
	if stop() {
		// No new request after Ctrl-C, a listing included: the rerun lists anyway and settles these.
		for _, a := range unknown {
			e.finish(a, fmt.Errorf("creating %s: the reply was lost and the run was interrupted; the rerun looks the slug up before creating, so it cannot duplicate", a.Slug), "")
		}
		for _, a := range mismatched {
			res := e.byAc[a]
			e.finish(a, fmt.Errorf("creating %s: Atender created %s with slug %s; delete it in Atender and rerun", a.Slug, res.ID, res.Slug), res.ID)
		}
		return
	}
	for round := 0; round < 3 && (len(unknown) > 0 || len(mismatched) > 0); round++ {
		all, err := e.api.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true})
		if err != nil {
			for _, a := range append(unknown, mismatched...) {
				e.finish(a, fmt.Errorf("creating %s: the reply was lost and the article could not be looked up (%v); rerun to resolve it", a.Slug, err), "")
			}
			return
		}
		bySlug := map[string]*kb.Article{}
		for i := range all {
			bySlug[all[i].Slug] = &all[i]
		}
		for _, a := range mismatched {
			res := e.byAc[a]
			holder := "another article"
			if h := bySlug[a.Slug]; h != nil {
				holder = "article " + h.ID
			}
			e.finish(a, fmt.Errorf("creating %s: Atender created %s with slug %s because %s already had slug %s (created concurrently?). Delete %s in Atender and rerun", a.Slug, res.ID, res.Slug, holder, a.Slug, res.ID), res.ID)
		}
		mismatched = nil
		var again []*plan.Action
		for _, a := range unknown {
			if got := bySlug[a.Slug]; got != nil {
				e.finish(a, nil, got.ID) // the lost reply's create did happen
				continue
			}
			if stop() {
				e.finish(a, fmt.Errorf("creating %s: the reply was lost and the run was interrupted before a retry; rerun to create it", a.Slug), "")
				continue
			}
			body, err := e.createBody(a)
			if err != nil {
				e.finish(a, err, "")
				continue
			}
			got, err := e.api.CreateArticle(ctx, body)
			switch {
			case kb.IsOutcomeUnknown(err):
				again = append(again, a)
			case err != nil:
				e.finish(a, wrap(err, "creating %s", a.Slug), "")
			case got.Slug != a.Slug:
				e.mu.Lock()
				e.byAc[a].ID, e.byAc[a].Slug = got.ID, got.Slug
				e.mu.Unlock()
				mismatched = append(mismatched, a)
			default:
				e.finish(a, nil, got.ID)
			}
		}
		unknown = again
	}
	for _, a := range append(unknown, mismatched...) {
		e.finish(a, fmt.Errorf("creating %s: replies kept getting lost; rerun to resolve it (the rerun looks the slug up first, so it cannot duplicate)", a.Slug), "")
	}
}

func (e *engine) remove(ctx context.Context, a *plan.Action) {
	var err error
	if a.Kind == plan.Delete {
		err = e.api.DeleteArticle(ctx, a.ID)
		if kb.StatusOf(err) == http.StatusNotFound {
			err = nil // a replayed DELETE after a lost reply: already gone
		}
		err = wrap(err, "deleting %s", a.Slug)
	} else {
		_, err = e.api.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Status: kb.Ptr(facts.StatusArchived)})
		err = wrap(err, "archiving %s", a.Slug)
	}
	e.finish(a, err, a.ID)
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// ConflictError explains a conflict and what to do about it.
func ConflictError(a *plan.Action) error {
	return fmt.Errorf("conflict: %s was edited in Atender since it was last synced (its %s match no committed version of %s); left untouched. "+
		"Bring the Atender version into the file with `atender kb pull DIR --conflicts`, merge, commit and sync again, or overwrite it with --force",
		a.Slug, strings.Join(a.Fields, ", "), a.Path)
}
