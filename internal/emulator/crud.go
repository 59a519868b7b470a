package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/slug"
)

// resource describes one collection (categories, subcategories, tags, articles) to the generic CRUD
// handlers: T is the object as read, B the write body (pointer fields: nil means "not sent"). Each hook
// writes its own error reply and returns false (or nil) when the request must stop there.
type resource[T, B any] struct {
	name   string // singular, for messages ("category not found") and Shapes.WrapName
	plural string // for Shapes.ListKey "plural"
	table  func(*state) *table[T]
	// match filters a listing by its query: it reads the query once and returns the test of each row; nil
	// lists every row.
	match func(q url.Values) func(v *T) bool
	// view copies a row for a reply (deep where T holds slices).
	view func(*T) T
	// hideable rows are what Shapes.HideArticles leaves out of listings.
	hideable bool
	// create validates b and builds a new row; it may instead return an existing row with 200 (an upsert).
	create func(st *state, w http.ResponseWriter, b *B) (v *T, code int)
	// patch validates b and applies it to v.
	patch func(st *state, w http.ResponseWriter, v *T, b *B) bool
	// remove checks that the row may go and cascades to other collections; the row itself is removed after.
	remove func(st *state, w http.ResponseWriter, id string) bool
}

func (res *resource[T, B]) notFound(w http.ResponseWriter) {
	writeErr(w, rid(w), http.StatusNotFound, "not_found", res.name+" not found")
}

func (res *resource[T, B]) list(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rows := res.table(st).rows
	sh := shapesOf(w)
	var keep func(*T) bool
	if res.match != nil {
		keep = res.match(q)
	}
	if keep == nil && !(res.hideable && sh.HideArticles > 0) {
		writeList(w, r, res.plural, rows, res.view) // every row: read as they are, under the lock (views copies a page)
		return
	}
	out := make([]*T, 0, len(rows))
	for i, v := range rows {
		if res.hideable && sh.hidden(i) {
			continue
		}
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	writeList(w, r, res.plural, out, res.view)
}

func (res *resource[T, B]) get(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	v := res.table(st).get(r.PathValue("id"))
	if v == nil {
		res.notFound(w)
		return
	}
	writeObject(w, http.StatusOK, res.name, res.view(v))
}

func (res *resource[T, B]) post(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	var b B
	if !decodeStrict(w, r, &b) {
		return
	}
	v, code := res.create(st, w, &b)
	if v == nil {
		return
	}
	if code == http.StatusCreated {
		res.table(st).add(v)
		s.persistLocked()
	}
	writeObject(w, code, res.name, res.view(v))
}

func (res *resource[T, B]) patchOne(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	v := res.table(st).get(r.PathValue("id"))
	if v == nil {
		res.notFound(w)
		return
	}
	var b B
	if !decodeStrict(w, r, &b) {
		return
	}
	if !res.patch(st, w, v, &b) {
		return
	}
	s.persistLocked()
	writeObject(w, http.StatusOK, res.name, res.view(v))
}

func (res *resource[T, B]) delete(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if res.table(st).get(id) == nil {
		res.notFound(w)
		return
	}
	if res.remove != nil && !res.remove(st, w, id) {
		return
	}
	res.table(st).remove(id)
	s.persistLocked()
	w.WriteHeader(http.StatusNoContent)
}

// handler is a route body: it runs under s.mu with the knowledge base the request addresses (?kbId=).
type handler func(s *Server, st *state, w http.ResponseWriter, r *http.Request)

// crud registers the generic routes of res under path; ops picks them: L(ist) G(et) C(reate) P(atch) D(elete).
func crud[T, B any](add func(method, path string, h handler), path string, res *resource[T, B], ops string) {
	for _, op := range ops {
		switch op {
		case 'L':
			add("GET", path, res.list)
		case 'G':
			add("GET", path+"/{id}", res.get)
		case 'C':
			add("POST", path, res.post)
		case 'P':
			add("PATCH", path+"/{id}", res.patchOne)
		case 'D':
			add("DELETE", path+"/{id}", res.delete)
		}
	}
}

func (s *Server) routes() {
	m := http.NewServeMux()
	add := func(method, path string, h handler) {
		m.HandleFunc(method+" "+facts.BasePath+path, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			h(s, s.store(r.URL.Query().Get("kbId")), w, r)
		})
	}
	crud(add, "/categories", categories, "LGCPD")
	crud(add, "/subcategories", subcategories, "LCPD")
	crud(add, "/tags", tags, "LCPD")
	crud(add, "/articles", articles, "LGCPD")
	add("POST", "/articles/{id}/publish", publishArticle)
	add("POST", "/articles/{id}/mark-reviewed", markReviewed)
	add("GET", "/search", search)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, rid(w), http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.mux = m
}

func rid(w http.ResponseWriter) string { return w.Header().Get("X-Request-Id") }

// decodeStrict rejects unknown keys with 400 naming the key, as Atender does.
func decodeStrict(w http.ResponseWriter, r *http.Request, v any) bool {
	b, _ := io.ReadAll(r.Body)
	// Elsewhere in its API Atender names a knowledge base by the kbId query parameter and answers 400 to a
	// kbId in the body (stated for other endpoints, assumed here).
	var top map[string]json.RawMessage
	if bytes.Contains(b, []byte(`"kbId"`)) && json.Unmarshal(b, &top) == nil {
		if _, ok := top["kbId"]; ok {
			writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", "kbId belongs in the query string (?kbId=…), not in the request body")
			return false
		}
	}
	b, notNullable := nullClears(b)
	if notNullable != "" {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_field", fmt.Sprintf("field %q cannot be null: it cannot be cleared (leave the key out to keep its value)", notNullable))
		return false
	}
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

// nullAs is what JSON null means for each optional body field: Atender clears a field sent as null (a key
// left out keeps its value), so null becomes the empty value before decoding. Fields not listed (title, name,
// slug, categoryId, status) cannot be cleared: null there is a 400, never read as "not sent".
var nullAs = map[string]json.RawMessage{
	"summary": json.RawMessage(`""`), "content": json.RawMessage(`""`), "subcategoryId": json.RawMessage(`""`),
	"description": json.RawMessage(`""`), "sortOrder": json.RawMessage(`0`),
	"tagIds": json.RawMessage(`[]`), "keywords": json.RawMessage(`[]`),
}

// nullClears rewrites the nulls of b by nullAs; it returns the field that may not be null, if any.
func nullClears(b []byte) (out []byte, notNullable string) {
	if !bytes.Contains(b, []byte("null")) {
		return b, ""
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return b, ""
	}
	changed := false
	for k, v := range top {
		if string(bytes.TrimSpace(v)) != "null" {
			continue
		}
		empty, ok := nullAs[k]
		if !ok {
			return b, k
		}
		top[k], changed = empty, true
	}
	if !changed {
		return b, ""
	}
	out, err := json.Marshal(top)
	if err != nil {
		return b, ""
	}
	return out, ""
}

// slugField validates a slug sent in a body; ok is false (and the reply written) when it is invalid.
func slugField(w http.ResponseWriter, sl *string) bool {
	if sl != nil && !slug.Valid(*sl) {
		writeErr(w, rid(w), http.StatusBadRequest, "invalid_slug", "slug must be lowercase letters, digits and hyphens")
		return false
	}
	return true
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}
