// Package inventory is the stage that says what the Knowledge Base holds: Fetch lists every category,
// subcategory, tag and article (archived included), and Index resolves them by slug and id. The planner,
// the executor and kb pull read the KB only through a Remote; nothing else lists it.
package inventory

import (
	"context"
	"errors"
	"net/url"
	"sync"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

// Lister is the part of the API the inventory reads.
type Lister interface {
	ListCategories(ctx context.Context) ([]kb.Category, error)
	ListSubcategories(ctx context.Context, categoryID string) ([]kb.Subcategory, error)
	ListTags(ctx context.Context) ([]kb.Tag, error)
	ListArticles(ctx context.Context, opts kb.ListArticlesOptions) ([]kb.Article, error)
}

var _ Lister = kb.API(nil)

// ListingError says the listing cannot be trusted (kb.ListingError): the run stops before planning.
type ListingError = kb.ListingError

// Remote is what the KB holds, every article included (archived too).
type Remote struct {
	Categories    []kb.Category
	Subcategories []kb.Subcategory
	Tags          []kb.Tag
	Articles      []kb.Article
}

// Fetch lists the four resources at once. Archived articles are included: Atender never deduplicates a
// create, so an archived article whose slug the tree uses must be found (and restored), never posted again.
// Any failure fails the whole inventory: a partial Remote would plan creates for what it missed.
//
// When api reads single pages (a *kb.Client does), every list is read by kb.ListAll and decoded by
// kb.DecodeListing (together: kb.ListDecoded), the same reading atender doctor checks; otherwise (a fake in tests) its List* methods
// are trusted.
func Fetch(ctx context.Context, api Lister) (*Remote, error) {
	r := &Remote{}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	wg.Add(4)
	if p, ok := api.(kb.Pager); ok {
		go func() { defer wg.Done(); r.Categories, errs[0] = listTyped[kb.Category](ctx, p, "categories", nil) }()
		go func() {
			defer wg.Done()
			r.Subcategories, errs[1] = listTyped[kb.Subcategory](ctx, p, "subcategories", nil)
		}()
		go func() { defer wg.Done(); r.Tags, errs[2] = listTyped[kb.Tag](ctx, p, "tags", nil) }()
		go func() {
			defer wg.Done()
			r.Articles, errs[3] = listTyped[kb.Article](ctx, p, "articles", kb.ListArticlesOptions{IncludeArchived: true}.Query())
		}()
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		return r, nil
	}
	go func() { defer wg.Done(); r.Categories, errs[0] = api.ListCategories(ctx) }()
	go func() { defer wg.Done(); r.Subcategories, errs[1] = api.ListSubcategories(ctx, "") }()
	go func() { defer wg.Done(); r.Tags, errs[2] = api.ListTags(ctx) }()
	go func() {
		defer wg.Done()
		r.Articles, errs[3] = api.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true})
	}()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r, nil
}

// listTyped reads a whole list with the one pager and decodes it with the one listing decoder.
func listTyped[T any](ctx context.Context, p kb.Pager, resource string, q url.Values) ([]T, error) {
	return kb.ListDecoded[T](ctx, p, resource, q)
}

// Index resolves slugs and ids of a Remote. A run builds one and hands it to every stage that reads the KB.
type Index struct {
	Remote    *Remote // what is indexed
	CatBySlug map[string]*kb.Category
	CatByID   map[string]*kb.Category
	SubByKey  map[slug.SubKey]*kb.Subcategory
	SubByID   map[string]*kb.Subcategory
	TagBySlug map[string]*kb.Tag
	TagByID   map[string]*kb.Tag
	ArtBySlug map[string]*kb.Article
}

// NewIndex indexes r. The index points into r; r must not change afterwards.
func NewIndex(r *Remote) *Index {
	ix := &Index{Remote: r, CatBySlug: map[string]*kb.Category{}, CatByID: map[string]*kb.Category{}, SubByKey: map[slug.SubKey]*kb.Subcategory{},
		SubByID: map[string]*kb.Subcategory{}, TagBySlug: map[string]*kb.Tag{}, TagByID: map[string]*kb.Tag{}, ArtBySlug: map[string]*kb.Article{}}
	for i := range r.Categories {
		c := &r.Categories[i]
		ix.CatBySlug[c.Slug], ix.CatByID[c.ID] = c, c
	}
	for i := range r.Subcategories {
		s := &r.Subcategories[i]
		ix.SubByID[s.ID] = s
		if c := ix.CatByID[s.CategoryID]; c != nil {
			ix.SubByKey[slug.Sub(c.Slug, s.Slug)] = s
		}
	}
	for i := range r.Tags {
		t := &r.Tags[i]
		ix.TagBySlug[t.Slug], ix.TagByID[t.ID] = t, t
	}
	for i := range r.Articles {
		a := &r.Articles[i]
		ix.ArtBySlug[a.Slug] = a
	}
	return ix
}
