package apply

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

type outcome int

const (
	outcomeDone outcome = iota
	outcomeUnknown
	outcomeUnread // a create reply that could not be read (no body, no id): looked up by slug after the phase
)

// refs resolves the category, subcategory and tag ids of a page.
func (e *engine) refs(a *plan.Action) (cat, sub string, tags []string, err error) {
	pg := a.Page
	cat = lookup(e, e.catID, pg.Category)
	if cat == "" {
		return "", "", nil, fmt.Errorf("category %s does not exist and could not be created", pg.Category)
	}
	if pg.Subcategory != "" {
		sub = lookup(e, e.subID, slug.Sub(pg.Category, pg.Subcategory))
		if sub == "" {
			return "", "", nil, fmt.Errorf("subcategory %s/%s does not exist and could not be created", pg.Category, pg.Subcategory)
		}
	}
	tags = []string{}
	for _, ts := range plan.TagSlugs(pg.Tags) {
		id := lookup(e, e.tagID, ts)
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

// skip marks an action as not started, saying why.
func (e *engine) skip(a *plan.Action, why string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	res := e.byAc[a]
	res.Status, res.Err = Skipped, errors.New(why)
}

const notStartedBreaker = "not started: the run stopped creating articles after a duplicate (see above)"

// article runs one create or update. Creates go through createCtx, which the breaker cancels.
func (e *engine) article(ctx, createCtx context.Context, a *plan.Action) outcome {
	if a.Kind == plan.Create {
		if e.brk.tripped() {
			e.skip(a, notStartedBreaker)
			return outcomeDone
		}
		body, err := e.createBody(a)
		if err != nil {
			e.finish(a, err, "")
			return outcomeDone
		}
		got, err := e.api.CreateArticle(createCtx, body)
		if e.created(a, got, err, func() { e.finish(a, wrap(err, "creating %s", a.Slug), "") }) {
			return outcomeUnread // looked up after the phase; never created again by this run
		}
		if kb.IsOutcomeUnknown(err) {
			return outcomeUnknown // resolved after the phase, by one listing for all of them
		}
		return outcomeDone
	}
	p, err := e.patch(a)
	if err != nil {
		e.finish(a, err, "")
		return outcomeDone
	}
	got, err := e.api.UpdateArticle(ctx, a.ID, p)
	if err != nil {
		e.finish(a, wrap(err, "updating %s", a.Slug), a.ID)
		return outcomeDone
	}
	if slug := e.slugAfterUpdate(ctx, a, p, got); slug != "" && slug != a.Slug {
		err = fmt.Errorf("updating %s (id %s): Atender answered with slug %s, not %s; its public URL changed. Set the slug back in Atender, or change `slug:` in %s", a.Slug, a.ID, slug, a.Slug, a.Path)
	}
	e.finish(a, err, a.ID)
	return outcomeDone
}

// slugAfterUpdate says which slug the article has after a PATCH, "" when unknown. Only a slug that is present
// and different is a changed public URL. A reply without slug (a partial reply) says nothing: when the PATCH
// changed no title the slug cannot have changed; when it did (a title change regenerates the slug unless the
// slug is sent too), the article is read back once by id to check.
func (e *engine) slugAfterUpdate(ctx context.Context, a *plan.Action, p kb.ArticlePatch, got *kb.Article) string {
	if got != nil && got.Slug != "" {
		return got.Slug
	}
	if p.Title == nil {
		return ""
	}
	back, err := e.api.GetArticle(ctx, a.ID)
	if err != nil || back == nil {
		return "" // unknown: the next sync's listing shows it
	}
	return back.Slug
}

// created settles the reply of a create: done, a duplicate (breaker), failed (fail), or unreadable (no
// body, no id, a numeric id: the run stops, and it reports true, for the caller to look the article up by
// slug once the phase is over). A lost reply is left to the caller.
func (e *engine) created(a *plan.Action, got *kb.Article, err error, fail func()) (unread bool) {
	var unreadable *kb.ReplyError
	switch {
	case kb.IsOutcomeUnknown(err):
	case errors.As(err, &unreadable):
		e.noID(a, err)
		return true
	case err != nil:
		fail()
	case got == nil || got.ID == "":
		e.noID(a, nil)
		return true
	case got.Slug != a.Slug:
		e.duplicate(a, got)
	default:
		e.finish(a, nil, got.ID)
	}
	return false
}

// resolve settles creates whose outcome is unknown, with one listing for all of them. A create that did
// happen is found by its slug and counted as done; one that did not is created again (now that the listing
// shows it absent, a replay cannot duplicate it) unless the breaker is open.
func (e *engine) resolve(ctx, createCtx context.Context, unknown []*plan.Action, stop func() bool) {
	if stop() {
		// No new request after Ctrl-C, a listing included: the rerun lists anyway and settles these.
		for _, a := range unknown {
			e.finish(a, fmt.Errorf("creating %s: the reply was lost and the run was interrupted; the rerun looks the slug up before creating, so it cannot duplicate", a.Slug), "")
		}
		return
	}
	var unread []*plan.Action
	defer func() { e.lookUp(ctx, unread) }()
	for round := 0; round < 3 && len(unknown) > 0; round++ {
		all, err := e.api.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true})
		if err != nil {
			for _, a := range unknown {
				e.finish(a, fmt.Errorf("creating %s: the reply was lost and the article could not be looked up (%v); rerun to resolve it", a.Slug, err), "")
			}
			return
		}
		bySlug := map[string]*kb.Article{}
		for i := range all {
			bySlug[all[i].Slug] = &all[i]
		}
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
			if e.brk.tripped() {
				e.finish(a, fmt.Errorf("creating %s: the reply was lost, the listing does not show it, and the run stopped creating after a duplicate; rerun once the listing is trusted", a.Slug), "")
				continue
			}
			body, err := e.createBody(a)
			if err != nil {
				e.finish(a, err, "")
				continue
			}
			got, err := e.api.CreateArticle(createCtx, body)
			if e.created(a, got, err, func() { e.finish(a, wrap(err, "creating %s", a.Slug), "") }) {
				unread = append(unread, a)
				continue
			}
			if kb.IsOutcomeUnknown(err) {
				again = append(again, a)
			}
		}
		unknown = again
	}
	for _, a := range unknown {
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
