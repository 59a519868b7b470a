package emulator

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/atender/atender/internal/slug"
)

type subcategoryBody struct {
	CategoryID  *string `json:"categoryId"`
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

var subcategories = &resource[Subcategory, subcategoryBody]{
	name:   "subcategory",
	plural: "subcategories",
	table:  func(st *state) *table[Subcategory] { return st.subs },
	view:   copyOf[Subcategory],
	match: func(q url.Values) func(*Subcategory) bool {
		cat := q.Get("categoryId")
		return func(c *Subcategory) bool { return cat == "" || c.CategoryID == cat }
	},
	create: func(st *state, w http.ResponseWriter, b *subcategoryBody) (*Subcategory, int) {
		if b.Title == nil || strings.TrimSpace(*b.Title) == "" || b.CategoryID == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title and categoryId are required")
			return nil, 0
		}
		if st.cats.get(*b.CategoryID) == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId does not name a category")
			return nil, 0
		}
		if !slugField(w, b.Slug) {
			return nil, 0
		}
		sl := slug.Make(*b.Title)
		set(&sl, b.Slug)
		c := &Subcategory{ID: st.id("sub"), CategoryID: *b.CategoryID, Title: *b.Title, Slug: sl}
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return c, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, c *Subcategory, b *subcategoryBody) bool {
		if b.CategoryID != nil && st.cats.get(*b.CategoryID) == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId does not name a category")
			return false
		}
		set(&c.CategoryID, b.CategoryID)
		set(&c.Title, b.Title)
		set(&c.Slug, b.Slug)
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return true
	},
	// Articles of a deleted subcategory stay in their category.
	remove: func(st *state, w http.ResponseWriter, id string) bool {
		for _, a := range st.arts.rows {
			if a.SubcategoryID == id {
				a.SubcategoryID = ""
			}
		}
		return true
	},
}
