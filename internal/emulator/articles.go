package emulator

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/slug"
)

type articleBody struct {
	Title         *string   `json:"title"`
	Slug          *string   `json:"slug"`
	Summary       *string   `json:"summary"`
	Content       *string   `json:"content"`
	CategoryID    *string   `json:"categoryId"`
	SubcategoryID *string   `json:"subcategoryId"`
	TagIDs        *[]string `json:"tagIds"`
	Keywords      *[]string `json:"keywords"`
	Status        *string   `json:"status"`
}

// articles holds the hazards this project exists for: POST never deduplicates a slug, and a title change
// regenerates it.
var articles = &resource[Article, articleBody]{
	name:     "article",
	plural:   "articles",
	hideable: true,
	table:    func(st *state) *table[Article] { return st.arts },
	view:     cloneArticle,
	// Archived articles hide unless includeArchived=true or status=archived asks for them.
	match: func(q url.Values) func(*Article) bool {
		status, cat, archived := q.Get("status"), q.Get("categoryId"), q.Get("includeArchived") == "true"
		if status == "" && cat == "" && archived {
			return nil // every article: the listing kb sync reads
		}
		return func(a *Article) bool {
			if a.Status == facts.StatusArchived && !archived && status != facts.StatusArchived {
				return false
			}
			return (status == "" || a.Status == status) && (cat == "" || a.CategoryID == cat)
		}
	},
	create: createArticle,
	patch:  patchArticle,
	remove: func(st *state, w http.ResponseWriter, id string) bool {
		delete(st.dups, id)
		return true
	},
}

// validateRefs checks category, subcategory, tags, status and slug of a body against the tenant.
func validateRefs(st *state, w http.ResponseWriter, b *articleBody, cur *Article) bool {
	catID := ""
	if cur != nil {
		catID = cur.CategoryID
	}
	if b.CategoryID != nil {
		catID = *b.CategoryID
		if st.cats.get(catID) == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId "+strconv.Quote(catID)+" does not name a category")
			return false
		}
	}
	if b.SubcategoryID != nil && *b.SubcategoryID != "" {
		sub := st.subs.get(*b.SubcategoryID)
		if sub == nil || sub.CategoryID != catID {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "subcategoryId "+strconv.Quote(*b.SubcategoryID)+" is not a subcategory of the article's category")
			return false
		}
	}
	if b.TagIDs != nil {
		for _, t := range *b.TagIDs {
			if st.tags.get(t) == nil {
				writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "tagIds: "+strconv.Quote(t)+" does not name a tag")
				return false
			}
		}
	}
	if b.Status != nil && !facts.ValidStatus(*b.Status) {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "status must be one of "+strings.Join(facts.Statuses, ", "))
		return false
	}
	return slugField(w, b.Slug)
}

func createArticle(st *state, w http.ResponseWriter, b *articleBody) (*Article, int) {
	if b.Title == nil || strings.TrimSpace(*b.Title) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title is required")
		return nil, 0
	}
	if b.CategoryID == nil || *b.CategoryID == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "categoryId is required: an article needs a category")
		return nil, 0
	}
	if !validateRefs(st, w, b, nil) {
		return nil, 0
	}
	now := st.now().UTC()
	a := &Article{ID: st.id("art"), Title: *b.Title, CategoryID: *b.CategoryID, Status: facts.StatusDraft,
		TagIDs: []string{}, Keywords: []string{}, CreatedAt: now, UpdatedAt: now}
	base := slug.Make(*b.Title)
	set(&base, b.Slug)
	if base == "" {
		base = strings.TrimPrefix(a.ID, "art_")
	}
	// The hazard: POST never deduplicates. An existing slug, archived included, gets -1, -2, …
	a.Slug = st.uniqueArticleSlug(base, a.ID)
	if a.Slug != base {
		st.dups[a.ID] = true
		st.mostDups = max(st.mostDups, len(st.dups))
	}
	applyArticle(a, b, now)
	return a, http.StatusCreated
}

func patchArticle(st *state, w http.ResponseWriter, a *Article, b *articleBody) bool {
	if b.Title != nil && strings.TrimSpace(*b.Title) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "title must not be empty")
		return false
	}
	if !validateRefs(st, w, b, a) {
		return false
	}
	now := st.now().UTC()
	switch {
	case b.Slug != nil:
		a.Slug = st.uniqueArticleSlug(*b.Slug, a.ID)
	case b.Title != nil && *b.Title != a.Title:
		// The hazard: a title change regenerates the slug unless the same PATCH sends one.
		a.Slug = st.uniqueArticleSlug(slug.Make(*b.Title), a.ID)
	}
	set(&a.Title, b.Title)
	applyArticle(a, b, now)
	return true
}

func applyArticle(a *Article, b *articleBody, now time.Time) {
	set(&a.Summary, b.Summary)
	set(&a.Content, b.Content)
	if b.CategoryID != nil {
		if *b.CategoryID != a.CategoryID {
			a.SubcategoryID = ""
		}
		a.CategoryID = *b.CategoryID
	}
	set(&a.SubcategoryID, b.SubcategoryID)
	// List fields replace the whole list (stated).
	if b.TagIDs != nil {
		a.TagIDs = append([]string{}, *b.TagIDs...)
	}
	if b.Keywords != nil {
		a.Keywords = append([]string{}, *b.Keywords...)
	}
	if b.Status != nil {
		setStatus(a, *b.Status, now)
	}
	a.UpdatedAt = now // moves even on a no-op PATCH (stated), so it proves nothing
}

func setStatus(a *Article, status string, now time.Time) {
	if status == facts.StatusPublished && a.Status != facts.StatusPublished {
		t := now
		a.PublishedAt = &t
	}
	a.Status = status
}

// articleAction is POST /articles/{id}/publish and /mark-reviewed: no body, the article in the reply.
func articleAction(do func(a *Article, now time.Time)) handler {
	return func(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
		a := st.arts.get(r.PathValue("id"))
		if a == nil {
			articles.notFound(w)
			return
		}
		do(a, st.now().UTC())
		s.persistLocked()
		writeObject(w, http.StatusOK, articles.name, cloneArticle(a))
	}
}

var publishArticle = articleAction(func(a *Article, now time.Time) {
	setStatus(a, facts.StatusPublished, now)
	a.UpdatedAt = now
})

var markReviewed = articleAction(func(a *Article, now time.Time) {
	a.LastReviewedAt = &now // bumps lastReviewedAt only
})
