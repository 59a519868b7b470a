package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

// --- categories ---

type categoryBody struct {
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

var categories = &resource[kb.Category, categoryBody]{
	name:   "category",
	plural: "categories",
	table:  func(st *state) *table[kb.Category] { return st.cats },
	view:   copyOf[kb.Category],
	// POST upserts by slug (stated): an existing slug returns the existing category with 200.
	create: func(st *state, w http.ResponseWriter, b *categoryBody) (*kb.Category, int) {
		if b.Title == nil || strings.TrimSpace(*b.Title) == "" {
			writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title is required")
			return nil, 0
		}
		if !slugField(w, b.Slug) {
			return nil, 0
		}
		sl := slug.Make(*b.Title)
		set(&sl, b.Slug)
		if c := st.cats.find(func(c *kb.Category) bool { return c.Slug == sl }); c != nil {
			return c, http.StatusOK
		}
		c := &kb.Category{ID: st.id("cat"), Title: *b.Title, Slug: sl}
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return c, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, c *kb.Category, b *categoryBody) bool {
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
		if st.arts.find(func(a *kb.Article) bool { return a.CategoryID == id }) != nil {
			writeErr(w, rid(w), http.StatusConflict, "not_empty", "category still has articles")
			return false
		}
		st.subs.removeWhere(func(c *kb.Subcategory) bool { return c.CategoryID == id })
		return true
	},
}

// --- subcategories ---

type subcategoryBody struct {
	CategoryID  *string `json:"categoryId"`
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

var subcategories = &resource[kb.Subcategory, subcategoryBody]{
	name:   "subcategory",
	plural: "subcategories",
	table:  func(st *state) *table[kb.Subcategory] { return st.subs },
	view:   copyOf[kb.Subcategory],
	match: func(q url.Values, c *kb.Subcategory) bool {
		cat := q.Get("categoryId")
		return cat == "" || c.CategoryID == cat
	},
	create: func(st *state, w http.ResponseWriter, b *subcategoryBody) (*kb.Subcategory, int) {
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
		c := &kb.Subcategory{ID: st.id("sub"), CategoryID: *b.CategoryID, Title: *b.Title, Slug: sl}
		set(&c.Description, b.Description)
		set(&c.SortOrder, b.SortOrder)
		return c, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, c *kb.Subcategory, b *subcategoryBody) bool {
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

// --- tags ---

type tagBody struct {
	Name *string `json:"name"`
	Slug *string `json:"slug"`
}

var tags = &resource[kb.Tag, tagBody]{
	name:   "tag",
	plural: "tags",
	table:  func(st *state) *table[kb.Tag] { return st.tags },
	view:   copyOf[kb.Tag],
	create: func(st *state, w http.ResponseWriter, b *tagBody) (*kb.Tag, int) {
		if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
			writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "name is required")
			return nil, 0
		}
		if !slugField(w, b.Slug) {
			return nil, 0
		}
		base := slug.Make(*b.Name)
		set(&base, b.Slug)
		return &kb.Tag{ID: st.id("tag"), Name: *b.Name, Slug: st.uniqueTagSlug(base)}, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, t *kb.Tag, b *tagBody) bool {
		set(&t.Name, b.Name)
		set(&t.Slug, b.Slug)
		return true
	},
	// A deleted tag leaves every article that had it.
	remove: func(st *state, w http.ResponseWriter, id string) bool {
		for _, a := range st.arts.rows {
			a.TagIDs = slices.DeleteFunc(a.TagIDs, func(x string) bool { return x == id })
		}
		return true
	},
}
