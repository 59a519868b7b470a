package apply

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

func (e *engine) category(ctx context.Context, a *plan.Action) {
	c := a.Category
	if a.Kind == plan.UpdateCategory {
		patch := kb.CategoryPatch{Title: kb.Ptr(c.Title), Description: kb.Ptr(c.Description), SortOrder: c.SortOrder}
		_, err := e.api.UpdateCategory(ctx, a.ID, patch)
		e.finish(a, wrap(err, "updating category %s", a.Slug), a.ID)
		return
	}
	// Categories upsert by slug (stated), so a create is safe to replay like an idempotent call: after a
	// lost reply or a 5xx it is simply sent again, a few times, and never duplicates.
	if err := e.taxonomyStopped("categories"); err != nil {
		e.finish(a, wrap(err, "creating category %s", a.Slug), "")
		return
	}
	in := kb.CategoryInput{Title: c.Title, Slug: c.Slug, Description: c.Description, SortOrder: c.SortOrder}
	got, err := e.api.CreateCategory(ctx, in)
	for try := 1; kb.IsOutcomeUnknown(err) && try < createAttempts; try++ {
		got, err = e.api.CreateCategory(ctx, in)
	}
	if err == nil && (got == nil || got.ID == "") {
		err = errors.New("the reply names no id")
	}
	if err == nil && got.Slug != "" && got.Slug != a.Slug {
		err = e.taxonomyDuplicate(ctx, "categories", a.Slug, got.Slug, got.ID)
	}
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
	catID := lookup(e, e.catID, a.Parent)
	if catID == "" {
		e.finish(a, fmt.Errorf("subcategory %s: its category %s was not created", a.Slug, a.Parent), "")
		return
	}
	if err := e.taxonomyStopped("subcategories"); err != nil {
		e.finish(a, wrap(err, "creating subcategory %s/%s", a.Parent, a.Slug), "")
		return
	}
	in := kb.SubcategoryInput{CategoryID: catID, Title: a.Category.Title, Slug: a.Slug, Description: a.Category.Description, SortOrder: a.Category.SortOrder}
	// A lost reply is looked up by slug AND category: the same slug may exist under another category, and a
	// server that ignores the categoryId filter would otherwise hand back that one.
	got, err := createOnce(
		func() (*kb.Subcategory, error) { return e.api.CreateSubcategory(ctx, in) },
		func() ([]kb.Subcategory, error) { return e.api.ListSubcategories(ctx, catID) },
		func(s *kb.Subcategory) bool { return s.Slug == a.Slug && s.CategoryID == catID })
	if err == nil && got.Slug != "" && got.Slug != a.Slug {
		err = e.taxonomyDuplicate(ctx, "subcategories", a.Slug, got.Slug, got.ID)
	}
	if err != nil {
		e.finish(a, wrap(err, "creating subcategory %s/%s", a.Parent, a.Slug), "")
		return
	}
	e.mu.Lock()
	e.subID[slug.Sub(a.Parent, a.Slug)] = got.ID
	e.mu.Unlock()
	e.finish(a, nil, got.ID)
}

func (e *engine) tag(ctx context.Context, a *plan.Action) {
	if err := e.taxonomyStopped("tags"); err != nil {
		e.finish(a, wrap(err, "creating tag %s", a.Slug), "")
		return
	}
	in := kb.TagInput{Name: a.Title, Slug: a.Slug}
	got, err := createOnce(
		func() (*kb.Tag, error) { return e.api.CreateTag(ctx, in) },
		func() ([]kb.Tag, error) { return e.api.ListTags(ctx) },
		func(t *kb.Tag) bool { return t.Slug == a.Slug })
	if err == nil && got.Slug != "" && got.Slug != a.Slug {
		err = e.taxonomyDuplicate(ctx, "tags", a.Slug, got.Slug, got.ID)
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

// taxonomyDuplicate handles a category, subcategory or tag create whose reply carries another slug than the
// one sent (sub → sub-1): an object with that slug exists that the listing did not show, and this run has
// just made a duplicate. Like the article breaker: no further create of that kind starts this run, the
// duplicate is deleted again (or named with its id when that fails), and the error fails the action, so the
// articles that need it fail without a request instead of being moved into the duplicate.
func (e *engine) taxonomyDuplicate(ctx context.Context, resource, sent, got, id string) error {
	kind := taxonomyKind[resource]
	head := fmt.Sprintf("Atender created it as %s (id %s) because a %s with slug %s exists that the KB listing did not show", got, id, kind, sent)
	e.mu.Lock()
	if e.taxStop == nil {
		e.taxStop = map[string]string{}
	}
	if e.taxStop[resource] == "" {
		e.taxStop[resource] = fmt.Sprintf("creating %s %s came back as %s", kind, sent, got)
	}
	e.mu.Unlock()
	var derr error
	if e.root.Err() != nil {
		derr = e.root.Err()
	} else if derr = e.api.DeleteTaxonomy(ctx, resource, id); kb.StatusOf(derr) == http.StatusNotFound {
		derr = nil // a replayed DELETE whose first reply was lost
	}
	check := fmt.Sprintf("check that GET /%s lists every %s (atender doctor), then rerun", resource, kind)
	if derr != nil {
		return fmt.Errorf("%s; deleting that duplicate failed (%v): delete %s %s (id %s) in Atender, %s", head, derr, kind, got, id, check)
	}
	return fmt.Errorf("%s; that duplicate was deleted again; %s", head, check)
}

var taxonomyKind = map[string]string{"categories": "category", "subcategories": "subcategory", "tags": "tag"}

// taxonomyStopped says why creates of this kind stopped this run (see taxonomyDuplicate), or nil.
func (e *engine) taxonomyStopped(resource string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if why := e.taxStop[resource]; why != "" {
		return fmt.Errorf("not sent: %s, so the listing of %s cannot be trusted this run", why, resource)
	}
	return nil
}

// createAttempts bounds how often one taxonomy object is sent: under 20% 5xx and 10% lost replies one
// attempt in four fails, and four attempts leave about one object in 200 for the rerun.
const createAttempts = 4

// createOnce creates an object whose create is not idempotent (tags, subcategories). After a lost reply it
// looks the object up before creating again, so a create that did happen is never repeated; a failed
// lookup is retried, never answered with a blind create. Up to createAttempts creates are sent. (Articles
// resolve lost replies in one listing for the whole phase instead; see resolve.)
func createOnce[T any](create func() (*T, error), list func() ([]T, error), match func(*T) bool) (*T, error) {
	got, err := create()
	creates, lookups := 1, 0
	for kb.IsOutcomeUnknown(err) {
		all, lerr := list()
		if lerr != nil {
			if lookups++; lookups >= createAttempts || errors.Is(lerr, context.Canceled) {
				return nil, err
			}
			continue
		}
		for i := range all {
			if match(&all[i]) {
				return &all[i], nil
			}
		}
		if creates >= createAttempts {
			return nil, err
		}
		creates++
		got, err = create()
	}
	if err == nil && got == nil {
		err = errors.New("the reply names no object")
	}
	return got, err
}
