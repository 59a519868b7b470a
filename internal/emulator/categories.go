package emulator

import (
	"net/http"
	"strings"

	"github.com/atender/atender/internal/slug"
)

type categoryBody struct {
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

var categories = &resource[Category, categoryBody]{
	name:   "category",
	plural: "categories",
	table:  func(st *state) *table[Category] { return st.cats },
	view:   copyOf[Category],
	// POST upserts by slug (stated): an existing slug returns the existing category with 200.
	create: func(st *state, w http.ResponseWriter, b *categoryBody) (*Category, int) {
		if b.Title == nil || strings.TrimSpace(*b.Title) == "" {
			writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title is required")
			return nil, 0
		}
		if !slugField(w, b.Slug) {
			return nil, 0
		}
		sl := slug.Make(*b.Title)
		set(&sl, b.Slug)
		if c := st.cats.find(func(c *Category) bool { return c.Slug == sl }); c != nil {
			return c, http.StatusOK
		}
		c := &Category{ID: st.id("cat"), Title: *b.Title, Slug: sl}
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return c, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, c *Category, b *categoryBody) bool {
		if !slugField(w, b.Slug) {
			return false
		}
		set(&c.Title, b.Title)
		set(&c.Slug, b.Slug)
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return true
	},
	// A category with articles cannot go; its subcategories go with it.
	remove: func(st *state, w http.ResponseWriter, id string) bool {
		if st.arts.find(func(a *Article) bool { return a.CategoryID == id }) != nil {
			writeErr(w, rid(w), http.StatusConflict, "not_empty", "category still has articles")
			return false
		}
		st.subs.removeWhere(func(c *Subcategory) bool { return c.CategoryID == id })
		return true
	},
}
