package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// recorder buffers a reply so that a lost or delayed reply can be decided after the work is done. It
// carries what the writers below need to shape the reply: the shapes in force when the request arrived, the
// caller's key (for EchoKey) and the request.
type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
	sh     Shapes
	token  string
	req    *http.Request
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.buf.Write(b)
}
func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func shapesOf(w http.ResponseWriter) *Shapes {
	if rec, ok := w.(*recorder); ok {
		return &rec.sh
	}
	return &Shapes{}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	if f := shapesOf(w).Timestamps; f != "" {
		v = retime(v, f)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeObject answers one object, wrapped as the shapes say ({"data": v} or {"article": v}).
func writeObject(w http.ResponseWriter, code int, name string, v any) {
	switch sh := shapesOf(w); {
	case sh.WrapData:
		v = map[string]any{"data": v}
	case sh.WrapName:
		v = map[string]any{name: v}
	}
	writeJSON(w, code, v)
}

// listKey is the envelope key of a list of plural.
func listKey(sh *Shapes, plural string) string {
	switch sh.ListKey {
	case "":
		return "data"
	case "plural":
		return plural
	}
	return sh.ListKey
}

// writeList applies ?page= (from 1), ?limit= (default 50, max 100) and ?cursor=, and writes the list in the
// shape in force: by default {"data", "page", "limit", "total", "hasMore"}. all are the rows the listing
// matches; view copies one for the reply.
func writeList[T any](w http.ResponseWriter, r *http.Request, plural string, all []*T, view func(*T) T) {
	sh := shapesOf(w)
	if sh.Bare {
		writeJSON(w, http.StatusOK, sh.page(plural, views(all, view)))
		return
	}
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	if pg < 1 || sh.IgnorePage || sh.Cursor {
		pg = 1
	}
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 {
		limit = 50
	}
	limit = min(limit, maxPageSize)
	size := limit
	if sh.CapLimit > 0 {
		size = min(size, sh.CapLimit)
	}
	from := (pg - 1) * size
	if sh.Cursor {
		from = decodeCursor(q.Get("cursor"))
	}
	from = min(from, len(all))
	to := min(from+size, len(all))
	env := map[string]any{listKey(sh, plural): sh.page(plural, views(all[from:to], view)), "limit": limit}
	if !sh.Cursor {
		env["page"] = pg
	} else if to < len(all) {
		env["nextCursor"] = encodeCursor(to)
	}
	if !sh.NoTotal {
		env["total"] = len(all)
	}
	if sh.CapLimit == 0 {
		env["hasMore"] = to < len(all)
	}
	writeJSON(w, http.StatusOK, env)
}

// views copies the rows of one reply (only those: a listing is read page by page, and copying every row
// for each page made listing a large tenant quadratic).
func views[T any](rows []*T, view func(*T) T) []T {
	out := make([]T, len(rows))
	for i, v := range rows {
		out[i] = view(v)
	}
	return out
}

// page is the items of one list reply as the shapes say (Mistyped spoils a field of an article).
func (sh *Shapes) page(plural string, items any) any {
	if sh.Mistyped != "" && plural == "articles" {
		return sh.mistype(items)
	}
	return items
}

// Cursors are opaque to clients: base64 of the offset.
func encodeCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("off:" + strconv.Itoa(off)))
}

func decodeCursor(c string) int {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(string(b), "off:"))
	return max(n, 0)
}

// writeErr answers an error: {"error": {"code", "message", "requestId"}} by default, flat with details under
// FlatErrors, with the caller's key in it under EchoKey.
func writeErr(w http.ResponseWriter, reqID string, code int, errCode, msg string) {
	var sh Shapes
	rec, _ := w.(*recorder)
	if rec != nil {
		sh = rec.sh
	}
	body := map[string]any{"code": errCode, "message": msg, "requestId": reqID}
	if sh.EchoKey && rec.token != "" {
		body["message"] = msg + " (API key " + rec.token + ")"
		body["apiKey"] = rec.token
	}
	if !sh.FlatErrors {
		writeJSON(w, code, map[string]any{"error": body})
		return
	}
	details := map[string]any{"requestId": reqID}
	if rec != nil && rec.req != nil {
		details["path"] = rec.req.URL.Path
		if id := rec.req.PathValue("id"); id != "" {
			details["id"] = id
		}
	}
	if k, ok := body["apiKey"]; ok {
		details["apiKey"] = k
	}
	writeJSON(w, code, map[string]any{"code": errCode, "message": body["message"], "details": details})
}

// retime rewrites every RFC 3339 string under a key ending in "At" into format ("unix", "unix-ms",
// "no-zone"), however deep it sits in v.
func retime(v any, format string) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return v
	}
	var walk func(x any) any
	walk = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && strings.HasSuffix(k, "At") {
					if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
						x[k] = formatTime(t, format)
						continue
					}
				}
				x[k] = walk(e)
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		}
		return x
	}
	return walk(doc)
}

func formatTime(t time.Time, format string) any {
	switch format {
	case "unix":
		return t.Unix()
	case "unix-ms":
		return t.UnixMilli()
	case "no-zone":
		return t.UTC().Format("2006-01-02T15:04:05.000")
	}
	return t.Format(time.RFC3339Nano)
}
