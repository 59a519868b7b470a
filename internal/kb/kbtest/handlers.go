package kbtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	p := func(method, path string, h func(w http.ResponseWriter, r *http.Request)) {
		m.HandleFunc(method+" "+facts.BasePath+path, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			h(w, r)
		})
	}
	p("GET", "/categories", s.listCategories)
	p("GET", "/categories/{id}", s.getCategory)
	p("POST", "/categories", s.createCategory)
	p("PATCH", "/categories/{id}", s.patchCategory)
	p("DELETE", "/categories/{id}", s.deleteCategory)
	p("GET", "/subcategories", s.listSubcategories)
	p("POST", "/subcategories", s.createSubcategory)
	p("PATCH", "/subcategories/{id}", s.patchSubcategory)
	p("DELETE", "/subcategories/{id}", s.deleteSubcategory)
	p("GET", "/tags", s.listTags)
	p("POST", "/tags", s.createTag)
	p("PATCH", "/tags/{id}", s.patchTag)
	p("DELETE", "/tags/{id}", s.deleteTag)
	p("GET", "/articles", s.listArticles)
	p("GET", "/articles/{id}", s.getArticle)
	p("POST", "/articles", s.createArticle)
	p("PATCH", "/articles/{id}", s.patchArticle)
	p("DELETE", "/articles/{id}", s.deleteArticle)
	p("POST", "/articles/{id}/publish", s.publishArticle)
	p("POST", "/articles/{id}/mark-reviewed", s.markReviewed)
	p("GET", "/search", s.search)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, w.Header().Get("X-Request-Id"), http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.mux = m
}

func rid(w http.ResponseWriter) string { return w.Header().Get("X-Request-Id") }

// decodeStrict rejects unknown keys with 400 naming the key, as Atender does.
func decodeStrict(w http.ResponseWriter, r *http.Request, v any) bool {
	b, _ := io.ReadAll(r.Body)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			writeErr(w, rid(w), http.StatusBadRequest, "unknown_field", "unknown field "+name+" in request body")
			return false
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", fmt.Sprintf("field %q must be %s", te.Field, te.Type))
			return false
		}
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_body", "request body is not valid JSON: "+msg)
		return false
	}
	return true
}

// paging applies ?page= (from 1) and ?limit= (default 50, max 100) and writes the list envelope.
func writePage[T any](w http.ResponseWriter, r *http.Request, all []T) {
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if pg < 1 {
		pg = 1
	}
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit < 1 {
		limit = 50
	}
	if limit > kb.MaxPageSize {
		limit = kb.MaxPageSize
	}
	from := min((pg-1)*limit, len(all))
	to := min(from+limit, len(all))
	data := all[from:to]
	if data == nil {
		data = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "page": pg, "limit": limit, "total": len(all), "hasMore": to < len(all)})
}

// --- categories ---

type categoryBody struct {
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) {
	out := make([]kb.Category, 0, len(s.st.cats))
	for _, c := range s.st.cats {
		out = append(out, *c)
	}
	writePage(w, r, out)
}

func (s *Server) getCategory(w http.ResponseWriter, r *http.Request) {
	c := s.st.category(r.PathValue("id"))
	if c == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "category not found")
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// createCategory upserts by slug (stated): an existing slug returns the existing category with 200.
func (s *Server) createCategory(w http.ResponseWriter, r *http.Request) {
	var b categoryBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Title == nil || strings.TrimSpace(*b.Title) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title is required")
		return
	}
	sl := slug.Make(*b.Title)
	if b.Slug != nil {
		if !slug.Valid(*b.Slug) {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
			return
		}
		sl = *b.Slug
	}
	for _, c := range s.st.cats {
		if c.Slug == sl {
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	c := &kb.Category{ID: s.st.id("cat"), Title: *b.Title, Slug: sl}
	if b.Description != nil {
		c.Description = *b.Description
	}
	if b.SortOrder != nil {
		c.SortOrder = *b.SortOrder
	}
	s.st.cats = append(s.st.cats, c)
	s.persistLocked()
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) patchCategory(w http.ResponseWriter, r *http.Request) {
	c := s.st.category(r.PathValue("id"))
	if c == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "category not found")
		return
	}
	var b categoryBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Slug != nil && !slug.Valid(*b.Slug) {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
		return
	}
	if b.Title != nil {
		c.Title = *b.Title
	}
	if b.Slug != nil {
		c.Slug = *b.Slug
	}
	if b.Description != nil {
		c.Description = *b.Description
	}
	if b.SortOrder != nil {
		c.SortOrder = *b.SortOrder
	}
	s.persistLocked()
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) deleteCategory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.st.category(id) == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "category not found")
		return
	}
	for _, a := range s.st.arts {
		if a.CategoryID == id {
			writeErr(w, rid(w), http.StatusConflict, "not_empty", "category still has articles")
			return
		}
	}
	s.st.cats = slices.DeleteFunc(s.st.cats, func(c *kb.Category) bool { return c.ID == id })
	s.st.subs = slices.DeleteFunc(s.st.subs, func(c *kb.Subcategory) bool { return c.CategoryID == id })
	s.persistLocked()
	w.WriteHeader(http.StatusNoContent)
}

// --- subcategories ---

type subcategoryBody struct {
	CategoryID  *string `json:"categoryId"`
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	SortOrder   *int    `json:"sortOrder"`
}

func (s *Server) listSubcategories(w http.ResponseWriter, r *http.Request) {
	cat := r.URL.Query().Get("categoryId")
	out := []kb.Subcategory{}
	for _, c := range s.st.subs {
		if cat == "" || c.CategoryID == cat {
			out = append(out, *c)
		}
	}
	writePage(w, r, out)
}

func (s *Server) createSubcategory(w http.ResponseWriter, r *http.Request) {
	var b subcategoryBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Title == nil || strings.TrimSpace(*b.Title) == "" || b.CategoryID == nil {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title and categoryId are required")
		return
	}
	if s.st.category(*b.CategoryID) == nil {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId does not name a category")
		return
	}
	sl := slug.Make(*b.Title)
	if b.Slug != nil {
		if !slug.Valid(*b.Slug) {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
			return
		}
		sl = *b.Slug
	}
	c := &kb.Subcategory{ID: s.st.id("sub"), CategoryID: *b.CategoryID, Title: *b.Title, Slug: sl}
	if b.Description != nil {
		c.Description = *b.Description
	}
	if b.SortOrder != nil {
		c.SortOrder = *b.SortOrder
	}
	s.st.subs = append(s.st.subs, c)
	s.persistLocked()
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) patchSubcategory(w http.ResponseWriter, r *http.Request) {
	c := s.st.subcategory(r.PathValue("id"))
	if c == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "subcategory not found")
		return
	}
	var b subcategoryBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.CategoryID != nil {
		if s.st.category(*b.CategoryID) == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId does not name a category")
			return
		}
		c.CategoryID = *b.CategoryID
	}
	if b.Title != nil {
		c.Title = *b.Title
	}
	if b.Slug != nil {
		c.Slug = *b.Slug
	}
	if b.Description != nil {
		c.Description = *b.Description
	}
	if b.SortOrder != nil {
		c.SortOrder = *b.SortOrder
	}
	s.persistLocked()
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) deleteSubcategory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.st.subcategory(id) == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "subcategory not found")
		return
	}
	s.st.subs = slices.DeleteFunc(s.st.subs, func(c *kb.Subcategory) bool { return c.ID == id })
	for _, a := range s.st.arts {
		if a.SubcategoryID == id {
			a.SubcategoryID = ""
		}
	}
	s.persistLocked()
	w.WriteHeader(http.StatusNoContent)
}

// --- tags ---

type tagBody struct {
	Name *string `json:"name"`
	Slug *string `json:"slug"`
}

func (s *Server) listTags(w http.ResponseWriter, r *http.Request) {
	out := make([]kb.Tag, 0, len(s.st.tags))
	for _, t := range s.st.tags {
		out = append(out, *t)
	}
	writePage(w, r, out)
}

func (s *Server) createTag(w http.ResponseWriter, r *http.Request) {
	var b tagBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "name is required")
		return
	}
	base := slug.Make(*b.Name)
	if b.Slug != nil {
		if !slug.Valid(*b.Slug) {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
			return
		}
		base = *b.Slug
	}
	t := &kb.Tag{ID: s.st.id("tag"), Name: *b.Name, Slug: s.st.uniqueTagSlug(base)}
	s.st.tags = append(s.st.tags, t)
	s.persistLocked()
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) patchTag(w http.ResponseWriter, r *http.Request) {
	t := s.st.tag(r.PathValue("id"))
	if t == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "tag not found")
		return
	}
	var b tagBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Name != nil {
		t.Name = *b.Name
	}
	if b.Slug != nil {
		t.Slug = *b.Slug
	}
	s.persistLocked()
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) deleteTag(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.st.tag(id) == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "tag not found")
		return
	}
	s.st.tags = slices.DeleteFunc(s.st.tags, func(t *kb.Tag) bool { return t.ID == id })
	for _, a := range s.st.arts {
		a.TagIDs = slices.DeleteFunc(a.TagIDs, func(x string) bool { return x == id })
	}
	s.persistLocked()
	w.WriteHeader(http.StatusNoContent)
}

// --- articles ---

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

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	withArchived := q.Get("includeArchived") == "true"
	status, cat := q.Get("status"), q.Get("categoryId")
	out := make([]kb.Article, 0, len(s.st.arts))
	for _, a := range s.st.arts {
		if a.Status == facts.StatusArchived && !withArchived && status != facts.StatusArchived {
			continue
		}
		if status != "" && a.Status != status || cat != "" && a.CategoryID != cat {
			continue
		}
		out = append(out, cloneArticle(a))
	}
	writePage(w, r, out)
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	a := s.st.artIdx[r.PathValue("id")]
	if a == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "article not found")
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// validateRefs checks category, subcategory, tags and status of a body against the tenant.
func (s *Server) validateRefs(w http.ResponseWriter, b *articleBody, cur *kb.Article) bool {
	catID := ""
	if cur != nil {
		catID = cur.CategoryID
	}
	if b.CategoryID != nil {
		catID = *b.CategoryID
		if s.st.category(catID) == nil {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "categoryId "+strconv.Quote(catID)+" does not name a category")
			return false
		}
	}
	if b.SubcategoryID != nil && *b.SubcategoryID != "" {
		sub := s.st.subcategory(*b.SubcategoryID)
		if sub == nil || sub.CategoryID != catID {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "subcategoryId "+strconv.Quote(*b.SubcategoryID)+" is not a subcategory of the article's category")
			return false
		}
	}
	if b.TagIDs != nil {
		for _, t := range *b.TagIDs {
			if s.st.tag(t) == nil {
				writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "tagIds: "+strconv.Quote(t)+" does not name a tag")
				return false
			}
		}
	}
	if b.Status != nil && !facts.ValidStatus(*b.Status) {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "status must be one of "+strings.Join(facts.Statuses, ", "))
		return false
	}
	if b.Slug != nil && !slug.Valid(*b.Slug) {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
		return false
	}
	return true
}

func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) {
	var b articleBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Title == nil || strings.TrimSpace(*b.Title) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "title is required")
		return
	}
	if b.CategoryID == nil || *b.CategoryID == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "missing_field", "categoryId is required: an article needs a category")
		return
	}
	if !s.validateRefs(w, &b, nil) {
		return
	}
	now := s.opts.Now().UTC()
	a := &kb.Article{ID: s.st.id("art"), Title: *b.Title, CategoryID: *b.CategoryID, Status: facts.StatusDraft,
		TagIDs: []string{}, Keywords: []string{}, CreatedAt: now, UpdatedAt: now}
	base := slug.Make(*b.Title)
	if b.Slug != nil {
		base = *b.Slug
	}
	if base == "" {
		base = strings.TrimPrefix(a.ID, "art_")
	}
	// The hazard: POST never deduplicates. An existing slug, archived included, gets -1, -2, …
	a.Slug = s.st.uniqueArticleSlug(base, a.ID)
	applyArticle(a, &b, now)
	s.st.arts = append(s.st.arts, a)
	s.st.artIdx[a.ID] = a
	s.persistLocked()
	writeJSON(w, http.StatusCreated, a)
}

func applyArticle(a *kb.Article, b *articleBody, now time.Time) {
	if b.Summary != nil {
		a.Summary = *b.Summary
	}
	if b.Content != nil {
		a.Content = *b.Content
	}
	if b.CategoryID != nil {
		if *b.CategoryID != a.CategoryID {
			a.SubcategoryID = ""
		}
		a.CategoryID = *b.CategoryID
	}
	if b.SubcategoryID != nil {
		a.SubcategoryID = *b.SubcategoryID
	}
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

func setStatus(a *kb.Article, status string, now time.Time) {
	if status == facts.StatusPublished && a.Status != facts.StatusPublished {
		t := now
		a.PublishedAt = &t
	}
	a.Status = status
}

func (s *Server) patchArticle(w http.ResponseWriter, r *http.Request) {
	a := s.st.artIdx[r.PathValue("id")]
	if a == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "article not found")
		return
	}
	var b articleBody
	if !decodeStrict(w, r, &b) {
		return
	}
	if b.Title != nil && strings.TrimSpace(*b.Title) == "" {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "title must not be empty")
		return
	}
	if !s.validateRefs(w, &b, a) {
		return
	}
	now := s.opts.Now().UTC()
	switch {
	case b.Slug != nil:
		a.Slug = s.st.uniqueArticleSlug(*b.Slug, a.ID)
	case b.Title != nil && *b.Title != a.Title:
		// The hazard: a title change regenerates the slug unless the same PATCH sends one.
		a.Slug = s.st.uniqueArticleSlug(slug.Make(*b.Title), a.ID)
	}
	if b.Title != nil {
		a.Title = *b.Title
	}
	applyArticle(a, &b, now)
	s.persistLocked()
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.st.artIdx[id] == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "article not found")
		return
	}
	s.st.deleteArticle(id)
	s.persistLocked()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) publishArticle(w http.ResponseWriter, r *http.Request) {
	a := s.st.artIdx[r.PathValue("id")]
	if a == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "article not found")
		return
	}
	now := s.opts.Now().UTC()
	setStatus(a, facts.StatusPublished, now)
	a.UpdatedAt = now
	s.persistLocked()
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) markReviewed(w http.ResponseWriter, r *http.Request) {
	a := s.st.artIdx[r.PathValue("id")]
	if a == nil {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "article not found")
		return
	}
	now := s.opts.Now().UTC()
	a.LastReviewedAt = &now // bumps lastReviewedAt only
	s.persistLocked()
	writeJSON(w, http.StatusOK, a)
}

// search is a keyword search over published articles (the real one adds vectors; only the shape matters).
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	terms := strings.Fields(strings.ToLower(r.URL.Query().Get("q")))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit < 1 {
		limit = 10
	}
	limit = min(limit, kb.MaxPageSize)
	type hit struct {
		kb.Article
		Score float64 `json:"score"`
	}
	hits := []hit{}
	for _, a := range s.st.arts {
		if a.Status != facts.StatusPublished || len(terms) == 0 {
			continue
		}
		score := 0.0
		for _, t := range terms {
			score += 3*float64(strings.Count(strings.ToLower(a.Title), t)) + 2*float64(strings.Count(strings.ToLower(a.Summary), t)) +
				float64(strings.Count(strings.ToLower(a.Content), t))
			for _, k := range a.Keywords {
				if strings.EqualFold(k, t) {
					score += 2
				}
			}
		}
		if score > 0 {
			hits = append(hits, hit{cloneArticle(a), score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": hits})
}
