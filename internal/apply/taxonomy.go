package apply

import (
	"context"
	"fmt"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

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
