package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

// fixture is an emulator on loopback with a write key and n tags.
type fixture struct {
	s   *Server
	url string // the KB API base URL
	key string
}

func newFixture(t *testing.T, sh Shapes, tags int) *fixture {
	t.Helper()
	now := time.Date(2026, 11, 27, 10, 30, 15, 250_000_000, time.UTC)
	s := MustNew(Options{Shapes: sh, Now: func() time.Time { return now }})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	f := &fixture{s: s, url: ts.URL + facts.BasePath, key: NewToken("test")}
	s.AddKey(Key{Token: f.key, Env: "test"})
	var snap Snapshot
	for i := range tags {
		snap.Tags = append(snap.Tags, Tag{ID: fmt.Sprintf("tag_%03d", i), Name: fmt.Sprint("Tag ", i), Slug: fmt.Sprint("tag-", i)})
	}
	if tags > 0 {
		s.SeedKB("", snap)
	}
	return f
}

// call sends a request and decodes the JSON reply (nil when empty). Redirects are not followed.
func (f *fixture) call(t *testing.T, method, path, body string) (int, http.Header, any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+f.key)
	return send(t, req)
}

func send(t *testing.T, req *http.Request) (int, http.Header, any) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v any
	if len(b) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		d := json.NewDecoder(strings.NewReader(string(b)))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%s %s: reply is not JSON: %v\n%s", req.Method, req.URL, err, b)
		}
	}
	return resp.StatusCode, resp.Header, v
}

func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("reply is %T, want an object: %v", v, v)
	}
	return m
}

func ids(t *testing.T, v any) []string {
	t.Helper()
	arr, ok := v.([]any)
	if !ok {
		t.Fatalf("%T is not an array: %v", v, v)
	}
	out := []string{}
	for _, e := range arr {
		out = append(out, obj(t, e)["id"].(string))
	}
	return out
}

func keys(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return fmt.Sprint(out)
}

func TestDefaultListEnvelope(t *testing.T) {
	f := newFixture(t, Shapes{}, 60)
	_, _, v := f.call(t, "GET", "/tags?page=2&limit=50", "")
	m := obj(t, v)
	if len(ids(t, m["data"])) != 10 || m["total"] != json.Number("60") || m["hasMore"] != false || m["page"] != json.Number("2") || m["limit"] != json.Number("50") {
		t.Fatalf("default envelope: %v", m)
	}
}

func TestShapeListKeys(t *testing.T) {
	for _, tc := range []struct{ shape, path, key string }{
		{"items", "/tags", "items"},
		{"results", "/categories", "results"},
		{"plural", "/tags", "tags"},
		{"plural", "/subcategories", "subcategories"},
		{"plural", "/search?q=x", "articles"},
		{"items", "/search?q=x", "items"},
	} {
		sh, _ := ParseShapes(tc.shape)
		f := newFixture(t, sh, 3)
		_, _, v := f.call(t, "GET", tc.path, "")
		m := obj(t, v)
		if _, ok := m[tc.key].([]any); !ok || m["data"] != nil {
			t.Errorf("%s %s: keys %s, want the list under %q and no data", tc.shape, tc.path, keys(m), tc.key)
		}
	}
}

func TestShapeBareArrayHoldsEverything(t *testing.T) {
	f := newFixture(t, Shapes{Bare: true}, 120)
	_, _, v := f.call(t, "GET", "/tags?limit=10&page=3", "")
	if got := ids(t, v); len(got) != 120 || got[0] != "tag_000" {
		t.Fatalf("bare list: %d items, want all 120 in order", len(got))
	}
}

func TestShapeIgnorePage(t *testing.T) {
	f := newFixture(t, Shapes{IgnorePage: true}, 60)
	_, _, p1 := f.call(t, "GET", "/tags?page=1&limit=50", "")
	_, _, p2 := f.call(t, "GET", "/tags?page=2&limit=50", "")
	a, b := ids(t, obj(t, p1)["data"]), ids(t, obj(t, p2)["data"])
	if a[0] != b[0] || len(b) != 50 || obj(t, p2)["hasMore"] != true {
		t.Fatalf("page 2 starts with %s (%d items), want page 1 again (%s)", b[0], len(b), a[0])
	}
}

func TestShapeCapLimitIsSilent(t *testing.T) {
	sh, err := ParseShapes("cap-limit=20")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, sh, 60)
	_, _, v := f.call(t, "GET", "/tags?page=3&limit=100", "")
	m := obj(t, v)
	got := ids(t, m["data"])
	if len(got) != 20 || got[0] != "tag_040" || m["limit"] != json.Number("100") || m["total"] != json.Number("60") {
		t.Fatalf("capped page 3: %d items from %s, envelope %v", len(got), got[0], m)
	}
	if _, ok := m["hasMore"]; ok {
		t.Fatalf("a silently capped page must not say hasMore: %v", m)
	}
}

func TestShapeNoTotal(t *testing.T) {
	f := newFixture(t, Shapes{NoTotal: true}, 5)
	_, _, v := f.call(t, "GET", "/tags", "")
	if m := obj(t, v); m["total"] != nil || m["hasMore"] != false {
		t.Fatalf("no-total envelope: %v", m)
	}
}

func TestShapeCursorPaging(t *testing.T) {
	f := newFixture(t, Shapes{Cursor: true}, 60)
	var all []string
	path := "/tags?limit=25&page=7" // page is ignored
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("cursor paging does not end")
		}
		_, _, v := f.call(t, "GET", path, "")
		m := obj(t, v)
		if _, ok := m["page"]; ok {
			t.Fatalf("a cursor envelope has no page: %v", m)
		}
		all = append(all, ids(t, m["data"])...)
		next, ok := m["nextCursor"].(string)
		if !ok {
			break
		}
		path = "/tags?limit=25&cursor=" + url.QueryEscape(next)
	}
	if len(all) != 60 || all[0] != "tag_000" || all[59] != "tag_059" {
		t.Fatalf("cursor paging read %d tags", len(all))
	}
}

func TestShapeWrappedObjects(t *testing.T) {
	f := newFixture(t, Shapes{WrapData: true}, 0)
	code, _, v := f.call(t, "POST", "/categories", `{"title":"Billing"}`)
	cat := obj(t, obj(t, v)["data"])
	if code != 201 || cat["slug"] != "billing" {
		t.Fatalf("wrap-data create: %d %v", code, v)
	}
	f.s.SetShapes(Shapes{WrapName: true})
	_, _, v = f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":"Refunds","content":"x","categoryId":%q}`, cat["id"]))
	art := obj(t, obj(t, v)["article"])
	_, _, v = f.call(t, "POST", "/articles/"+art["id"].(string)+"/publish", "")
	if got := obj(t, obj(t, v)["article"]); got["status"] != "published" {
		t.Fatalf("wrap-name publish: %v", v)
	}
	_, _, v = f.call(t, "GET", "/categories/"+cat["id"].(string), "")
	if obj(t, v)["category"] == nil {
		t.Fatalf("wrap-name get category: %v", v)
	}
}

// The listing leaves a third out, total included; the hidden articles still exist, so posting a hidden
// article's slug makes slug-1, the duplicate a client must catch.
func TestShapeHideArticles(t *testing.T) {
	f := newFixture(t, Shapes{}, 0)
	_, _, v := f.call(t, "POST", "/categories", `{"title":"Billing"}`)
	cat := obj(t, v)["id"].(string)
	var made []string
	for i := range 9 {
		_, _, v := f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":"Article %d","content":"x","categoryId":%q}`, i, cat))
		made = append(made, obj(t, v)["id"].(string))
	}
	sh, _ := ParseShapes("hide-articles=0.34")
	f.s.SetShapes(sh)
	_, _, v = f.call(t, "GET", "/articles?limit=100", "")
	m := obj(t, v)
	listed := ids(t, m["data"])
	if len(listed) != 6 || m["total"] != json.Number("6") {
		t.Fatalf("listed %d articles (total %v), want 6 of 9", len(listed), m["total"])
	}
	var hidden string
	for _, id := range made {
		if !strings.Contains(strings.Join(listed, " "), id) {
			hidden = id
			break
		}
	}
	code, _, v := f.call(t, "GET", "/articles/"+hidden, "")
	if code != 200 {
		t.Fatalf("a hidden article must still exist: %d", code)
	}
	_, _, v = f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":%q,"content":"x","categoryId":%q}`, obj(t, v)["title"], cat))
	if sl := obj(t, v)["slug"].(string); !strings.HasSuffix(sl, "-1") {
		t.Fatalf("posting a hidden article's slug gave %q, want the -1 duplicate", sl)
	}
}

func TestShapeTimestamps(t *testing.T) {
	want := time.Date(2026, 11, 27, 10, 30, 15, 250_000_000, time.UTC)
	for _, tc := range []struct {
		shape string
		want  any
	}{
		{"time-unix", json.Number(fmt.Sprint(want.Unix()))},
		{"time-unix-ms", json.Number(fmt.Sprint(want.UnixMilli()))},
		{"time-no-zone", "2026-11-27T10:30:15.250"},
	} {
		sh, _ := ParseShapes(tc.shape)
		f := newFixture(t, sh, 0)
		_, _, v := f.call(t, "POST", "/categories", `{"title":"Billing"}`)
		cat := obj(t, v)["id"].(string)
		f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":"A","content":"x","categoryId":%q,"status":"published"}`, cat))
		_, _, v = f.call(t, "GET", "/articles", "")
		a := obj(t, obj(t, v)["data"].([]any)[0])
		for _, k := range []string{"createdAt", "updatedAt", "publishedAt"} {
			if a[k] != tc.want {
				t.Errorf("%s: %s = %#v, want %#v", tc.shape, k, a[k], tc.want)
			}
		}
	}
}

func TestShapeFlatErrors(t *testing.T) {
	f := newFixture(t, Shapes{FlatErrors: true}, 0)
	code, _, v := f.call(t, "GET", "/articles/art_missing", "")
	m := obj(t, v)
	d := obj(t, m["details"])
	if code != 404 || m["error"] != nil || m["code"] != "not_found" || m["message"] != "article not found" || d["id"] != "art_missing" || d["requestId"] == "" {
		t.Fatalf("flat error: %d %v", code, m)
	}
}

func TestShapePlain401(t *testing.T) {
	for _, plain := range []bool{false, true} {
		f := newFixture(t, Shapes{Plain401: plain}, 0)
		live := NewToken("live")
		f.s.AddKey(Key{Token: live, Env: "live"})
		req, _ := http.NewRequest("GET", f.url+"/tags", nil)
		req.Header.Set("Authorization", "Bearer "+live)
		code, _, v := send(t, req)
		msg := obj(t, obj(t, v)["error"])["message"].(string)
		if code != 401 || strings.Contains(msg, "environment") != !plain {
			t.Errorf("plain-401=%v: %d %q", plain, code, msg)
		}
	}
}

func TestShapeEchoKey(t *testing.T) {
	f := newFixture(t, Shapes{EchoKey: true}, 0)
	code, hdr, v := f.call(t, "GET", "/articles/nope", "")
	e := obj(t, obj(t, v)["error"])
	if code != 404 || !strings.Contains(e["message"].(string), f.key) || e["apiKey"] != f.key || hdr.Get("X-Echo-Authorization") != "Bearer "+f.key {
		t.Fatalf("echo-key: %d %v %v", code, e, hdr)
	}
	if rid := hdr.Get("X-Request-Id"); !strings.Contains(rid, f.key) || e["requestId"] != rid {
		t.Fatalf("echo-key request id: header %q, body %v", rid, e["requestId"])
	}
	unknown := NewToken("test")
	req, _ := http.NewRequest("GET", f.url+"/tags", nil)
	req.Header.Set("Authorization", "Bearer "+unknown)
	if _, _, v := send(t, req); !strings.Contains(obj(t, obj(t, v)["error"])["message"].(string), unknown) {
		t.Fatalf("a 401 must echo the unknown key too: %v", v)
	}
}

func TestShapeRedirects(t *testing.T) {
	for _, code := range []int{301, 302, 307} {
		sh, _ := ParseShapes(fmt.Sprint("redirect-", code))
		f := newFixture(t, sh, 2)
		got, hdr, _ := f.call(t, "POST", "/tags?kbId=x", `{"name":"n"}`)
		loc, _ := url.Parse(hdr.Get("Location"))
		base, _ := url.Parse(f.url)
		if got != code || loc.Scheme != "http" || loc.Host != base.Host || loc.RequestURI() != "/moved"+facts.BasePath+"/tags?kbId=x" {
			t.Fatalf("redirect-%d: %d Location %q", code, got, hdr.Get("Location"))
		}
		if n := len(f.s.SnapshotKB("x").Tags); n != 0 {
			t.Fatalf("a redirected write must not be applied: %d tags", n)
		}
		// Whoever follows gets answers, and the log tells that it followed.
		req, _ := http.NewRequest("GET", loc.String(), nil)
		req.Header.Set("Authorization", "Bearer "+f.key)
		if st, _, v := send(t, req); st != 200 || len(ids(t, obj(t, v)["data"])) != 0 {
			t.Fatalf("following the redirect: %d %v", st, v)
		}
		log := f.s.Log()
		if last := log[len(log)-1]; !last.Followed || last.Route != "GET /tags" || log[0].Status != code {
			t.Fatalf("log: %+v", log)
		}
	}
}

// The mistyped-* shapes spoil one field of the first article of every listing page, nothing else.
func TestShapeMistyped(t *testing.T) {
	for name, want := range map[string]string{"mistyped-keywords": `"keywords":[1]`, "mistyped-tagids": `"tagIds":[null]`, "mistyped-subcategory": `"subcategoryId":{"id":"sub_1","slug":"s"}`} {
		sh, err := ParseShapes(name)
		if err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, sh, 0)
		_, _, v := f.call(t, "POST", "/categories", `{"title":"C"}`)
		cat := obj(t, obj(t, v))["id"].(string)
		for i := range 3 {
			if code, _, _ := f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":"A%d","content":"x","categoryId":%q}`, i, cat)); code != 201 {
				t.Fatalf("create: %d", code)
			}
		}
		for page := 1; page <= 2; page++ {
			_, _, v := f.call(t, "GET", fmt.Sprintf("/articles?limit=2&page=%d", page), "")
			items := obj(t, v)["data"].([]any)
			for i, it := range items {
				b, _ := json.Marshal(it)
				if got := strings.Contains(string(b), want); got != (i == 0) {
					t.Errorf("%s: page %d item %d has %s: %v (%s)", name, page, i+1, want, got, b)
				}
			}
		}
		if _, _, v := f.call(t, "GET", "/tags", ""); len(obj(t, v)["data"].([]any)) != 0 {
			t.Errorf("%s: tags changed", name)
		}
	}
	if _, err := ParseShapes("mistyped-keywords,mistyped-tagids"); err == nil {
		t.Fatal("two mistyped shapes at once must contradict")
	}
}

func TestShapeHostile(t *testing.T) {
	f := newFixture(t, Shapes{Hostile: true}, 0)
	_, _, v := f.call(t, "GET", "/articles", "")
	arts := obj(t, v)["data"].([]any)
	if len(arts) != 1 {
		t.Fatalf("a hostile emulator starts with one article: %v", v)
	}
	a := obj(t, arts[0])
	for _, field := range []string{"id", "title", "summary", "content", "categoryId"} {
		s := a[field].(string)
		if !strings.Contains(s, "\x1b[") || !strings.Contains(s, "\n::error file=") || !strings.ContainsRune(s, '\r') {
			t.Errorf("%s = %q: want an ESC sequence, a carriage return and a workflow command", field, s)
		}
	}
	_, _, v = f.call(t, "POST", "/tags", `{"name":"new"}`)
	id := obj(t, v)["id"].(string)
	if !strings.Contains(id, "::error") {
		t.Fatalf("new ids must be hostile too: %q", id)
	}
	// The ids work when the client escapes them.
	if code, _, _ := f.call(t, "PATCH", "/articles/"+url.PathEscape(a["id"].(string)), `{"summary":"s"}`); code != 200 {
		t.Fatalf("PATCH an escaped hostile id: %d", code)
	}
}

func TestKBIDSelectsAStore(t *testing.T) {
	f := newFixture(t, Shapes{}, 2)
	if code, _, v := f.call(t, "POST", "/categories?kbId=kb_2", `{"title":"Billing"}`); code != 201 {
		t.Fatalf("create in kb_2: %d %v", code, v)
	}
	_, _, v := f.call(t, "GET", "/categories", "")
	if n := len(ids(t, obj(t, v)["data"])); n != 0 {
		t.Fatalf("the default KB sees kb_2's category: %d", n)
	}
	_, _, v = f.call(t, "GET", "/tags?kbId=kb_2", "")
	if n := len(ids(t, obj(t, v)["data"])); n != 0 {
		t.Fatalf("kb_2 sees the default KB's tags: %d", n)
	}
	_, _, v = f.call(t, "GET", "/categories?kbId=kb_2", "")
	if got := ids(t, obj(t, v)["data"]); len(got) != 1 {
		t.Fatalf("kb_2 categories: %v", got)
	}
	code, _, v := f.call(t, "POST", "/tags", `{"name":"x","kbId":"kb_2"}`)
	if msg := obj(t, obj(t, v)["error"])["message"].(string); code != 400 || !strings.Contains(msg, "query string") {
		t.Fatalf("kbId in a body: %d %q", code, msg)
	}
	if log := f.s.Log(); log[0].KBID != "kb_2" {
		t.Fatalf("log kbId: %+v", log[0])
	}
	snap := f.s.Snapshot()
	if len(snap.KBs["kb_2"].Categories) != 1 || len(snap.Categories) != 0 || len(snap.Tags) != 2 {
		t.Fatalf("snapshot: %+v", snap)
	}
}

func TestParseShapes(t *testing.T) {
	sh, err := ParseShapes("items, cap-limit=5", "no-total,hide-articles", "time-unix")
	want := Shapes{ListKey: "items", CapLimit: 5, NoTotal: true, HideArticles: 0.33, Timestamps: "unix"}
	if err != nil || sh != want {
		t.Fatalf("ParseShapes = %+v, %v; want %+v", sh, err, want)
	}
	for _, bad := range []string{"items,plural", "time-unix,time-no-zone", "redirect-301,redirect-307", "wrap-data,wrap-name",
		"gold", "cap-limit=0", "hide-articles=2", "bare=1"} {
		if _, err := ParseShapes(bad); err == nil {
			t.Errorf("ParseShapes(%q) accepted", bad)
		}
	}
	if n := len(ShapeNames()); n != len(ShapeHelp) || ShapeNames()[5] != "cap-limit" {
		t.Fatalf("ShapeNames: %v", ShapeNames())
	}
}

// Atender: null clears a field, a key left out keeps its value; a field that cannot be cleared refuses null.
func TestNullClearsAField(t *testing.T) {
	f := newFixture(t, Shapes{}, 1)
	_, _, v := f.call(t, "POST", "/categories", `{"title":"Billing","description":"Money","sortOrder":3}`)
	cat := obj(t, v)["id"].(string)
	_, _, v = f.call(t, "POST", "/subcategories", fmt.Sprintf(`{"title":"Refunds","categoryId":%q}`, cat))
	sub := obj(t, v)["id"].(string)
	_, _, v = f.call(t, "POST", "/articles", fmt.Sprintf(`{"title":"A","summary":"S","content":"C","categoryId":%q,"subcategoryId":%q,"tagIds":["tag_000"],"keywords":["k"]}`, cat, sub))
	art := obj(t, v)["id"].(string)

	code, _, v := f.call(t, "PATCH", "/articles/"+art, `{"summary":null,"subcategoryId":null,"tagIds":null,"keywords":null}`)
	a := obj(t, v)
	if code != 200 || a["summary"] != "" || a["subcategoryId"] != nil || len(a["tagIds"].([]any)) != 0 || len(a["keywords"].([]any)) != 0 || a["content"] != "C" || a["title"] != "A" {
		t.Fatalf("PATCH with nulls: %d %v", code, a)
	}
	code, _, v = f.call(t, "PATCH", "/categories/"+cat, `{"description":null,"sortOrder":null}`)
	if c := obj(t, v); code != 200 || c["description"] != "" || c["sortOrder"] != json.Number("0") || c["title"] != "Billing" {
		t.Fatalf("PATCH category with nulls: %d %v", code, c)
	}
	for _, body := range []string{`{"title":null}`, `{"slug":null}`, `{"categoryId":null}`, `{"status":null}`} {
		code, _, v := f.call(t, "PATCH", "/articles/"+art, body)
		if msg := obj(t, obj(t, v)["error"])["message"].(string); code != 400 || !strings.Contains(msg, "cannot be null") {
			t.Errorf("PATCH %s: %d %q", body, code, msg)
		}
	}
	if got := f.s.Articles()[0]; got.Title != "A" || got.Status != "draft" {
		t.Fatalf("a refused null changed the article: %+v", got)
	}
}
