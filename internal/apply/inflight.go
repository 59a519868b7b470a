package apply

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/atender/atender/internal/kb"
)

// InFlight is the set of writes that were started and have not been answered yet. After a first Ctrl-C no
// write starts (a write waiting for the rate limiter gives up at once), so what remains in the set were
// sent: a second Ctrl-C, which ends the run without waiting, names them as writes that may or may not have
// happened. Safe for concurrent use.
type InFlight struct {
	mu   sync.Mutex
	next int
	m    map[int]string
}

// NewInFlight returns an empty set; pass it in Options.InFlight.
func NewInFlight() *InFlight { return &InFlight{m: map[int]string{}} }

func (f *InFlight) start(what string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	f.m[f.next] = what
	return f.next
}

func (f *InFlight) end(id int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.m, id)
}

// Writes lists the writes in flight, sorted, e.g. "create article faq", "update article faq (art_12)".
func (f *InFlight) Writes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.m))
	for _, w := range f.m {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// tracked records every write of an API in an InFlight set. slugOf names an article id by its slug.
type tracked struct {
	kb.API
	f      *InFlight
	slugOf func(id string) string
}

func track[T any](f *InFlight, what string, call func() (T, error)) (T, error) {
	id := f.start(what)
	defer f.end(id)
	return call()
}

func (t tracked) article(id string) string {
	if s := t.slugOf(id); s != "" {
		return fmt.Sprintf("%s (%s)", s, id)
	}
	return id
}

func (t tracked) CreateCategory(ctx context.Context, in kb.CategoryInput) (*kb.Category, error) {
	return track(t.f, "create category "+in.Slug, func() (*kb.Category, error) { return t.API.CreateCategory(ctx, in) })
}

func (t tracked) UpdateCategory(ctx context.Context, id string, p kb.CategoryPatch) (*kb.Category, error) {
	return track(t.f, "update category "+id, func() (*kb.Category, error) { return t.API.UpdateCategory(ctx, id, p) })
}

func (t tracked) CreateSubcategory(ctx context.Context, in kb.SubcategoryInput) (*kb.Subcategory, error) {
	return track(t.f, "create subcategory "+in.Slug, func() (*kb.Subcategory, error) { return t.API.CreateSubcategory(ctx, in) })
}

func (t tracked) DeleteTaxonomy(ctx context.Context, resource, id string) error {
	_, err := track(t.f, "delete "+resource+" "+id, func() (struct{}, error) { return struct{}{}, t.API.DeleteTaxonomy(ctx, resource, id) })
	return err
}

func (t tracked) CreateTag(ctx context.Context, in kb.TagInput) (*kb.Tag, error) {
	return track(t.f, "create tag "+in.Slug, func() (*kb.Tag, error) { return t.API.CreateTag(ctx, in) })
}

func (t tracked) CreateArticle(ctx context.Context, in kb.ArticleCreate) (*kb.Article, error) {
	return track(t.f, "create article "+in.Slug, func() (*kb.Article, error) { return t.API.CreateArticle(ctx, in) })
}

func (t tracked) UpdateArticle(ctx context.Context, id string, p kb.ArticlePatch) (*kb.Article, error) {
	return track(t.f, "update article "+t.article(id), func() (*kb.Article, error) { return t.API.UpdateArticle(ctx, id, p) })
}

func (t tracked) DeleteArticle(ctx context.Context, id string) error {
	_, err := track(t.f, "delete article "+t.article(id), func() (struct{}, error) { return struct{}{}, t.API.DeleteArticle(ctx, id) })
	return err
}
