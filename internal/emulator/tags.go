package emulator

import (
	"net/http"
	"slices"
	"strings"

	"github.com/atender/atender/internal/slug"
)

type tagBody struct {
	Name *string `json:"name"`
	Slug *string `json:"slug"`
}

var tags = &resource[Tag, tagBody]{
	name:   "tag",
	plural: "tags",
	table:  func(st *state) *table[Tag] { return st.tags },
	view:   copyOf[Tag],
	create: func(st *state, w http.ResponseWriter, b *tagBody) (*Tag, int) {
		if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
			writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "name is required")
			return nil, 0
		}
		if !slugField(w, b.Slug) {
			return nil, 0
		}
		base := slug.Make(*b.Name)
		set(&base, b.Slug)
		return &Tag{ID: st.id("tag"), Name: *b.Name, Slug: st.uniqueTagSlug(base)}, http.StatusCreated
	},
	patch: func(st *state, w http.ResponseWriter, t *Tag, b *tagBody) bool {
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
