package kb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atender/atender/internal/kb"
)

const testKey = "sa_test_pagekey0123456789"

// oddServer serves GET /kb/{resource} with a handler that builds the body from the page, limit and cursor
// asked for; it counts requests.
type oddServer struct {
	*httptest.Server
	requests atomic.Int64
}

func serveList(t *testing.T, body func(r *http.Request, page, limit int) string) (*oddServer, *kb.Client) {
	t.Helper()
	s := &oddServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_odd")
		fmt.Fprint(w, body(r, page, limit))
	}))
	t.Cleanup(s.Close)
	return s, kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: testKey, Clock: kb.NewFakeClock(), Timeout: 5 * time.Second})
}

// articles returns n JSON articles numbered from first.
func articles(first, n int) string {
	var items []string
	for i := first; i < first+n; i++ {
		items = append(items, fmt.Sprintf(`{"id":"art_%d","slug":"a-%d","title":"A %d","content":"Body %d","categoryId":"cat_1","status":"published"}`, i, i, i, i))
	}
	return "[" + strings.Join(items, ",") + "]"
}

// slice serves items 1..total in pages of size (the server's own cap, whatever limit asks).
func slice(total, page, size int) (string, int) {
	from := (max(page, 1)-1)*size + 1
	n := max(0, min(size, total-from+1))
	return articles(from, n), n
}

func TestListEnvelopesAccepted(t *testing.T) {
	cases := []struct {
		name     string
		body     func(r *http.Request, page, limit int) string
		want     int
		requests int64
	}{
		{"data with hasMore", func(_ *http.Request, p, l int) string {
			items, _ := slice(250, p, l)
			return fmt.Sprintf(`{"data":%s,"page":%d,"limit":%d,"total":250,"hasMore":%v}`, items, p, l, p*l < 250)
		}, 250, 3},
		{"items with total only", func(_ *http.Request, p, l int) string {
			items, _ := slice(150, p, l)
			return fmt.Sprintf(`{"items":%s,"total":150}`, items)
		}, 150, 2},
		{"results with meta.total", func(_ *http.Request, p, l int) string {
			items, _ := slice(120, p, l)
			return fmt.Sprintf(`{"results":%s,"meta":{"total":120,"page":%d}}`, items, p)
		}, 120, 2},
		{"the plural resource name", func(_ *http.Request, p, l int) string {
			items, _ := slice(40, p, l)
			return fmt.Sprintf(`{"articles":%s,"hasMore":false}`, items)
		}, 40, 1},
		{"a bare array is everything", func(_ *http.Request, p, l int) string { return articles(1, 130) }, 130, 1},
		{"limit capped silently at 50, no hasMore: total keeps it going", func(_ *http.Request, p, l int) string {
			items, _ := slice(120, p, 50)
			return fmt.Sprintf(`{"data":%s,"total":120}`, items)
		}, 120, 3},
		{"no paging evidence at all: read until an empty page", func(_ *http.Request, p, l int) string {
			items, _ := slice(120, p, 50)
			return fmt.Sprintf(`{"data":%s}`, items)
		}, 120, 4},
		{"cursor paging", func(r *http.Request, p, l int) string {
			c, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
			items, n := slice(230, c+1, 100)
			next := "null"
			if (c+1)*100 < 230 {
				next = strconv.Quote(strconv.Itoa(c + 1))
			}
			_ = n
			return fmt.Sprintf(`{"data":%s,"nextCursor":%s}`, items, next)
		}, 230, 3},
		{"next links", func(r *http.Request, p, l int) string {
			items, _ := slice(150, p, 100)
			next := "null"
			if p*100 < 150 {
				next = strconv.Quote(fmt.Sprintf("/kb/articles?page=%d&limit=100", p+1))
			}
			return fmt.Sprintf(`{"data":%s,"links":{"next":%s}}`, items, next)
		}, 150, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, client := serveList(t, c.body)
			got, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{IncludeArchived: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != c.want || got[len(got)-1].Slug != fmt.Sprintf("a-%d", c.want) {
				t.Fatalf("read %d articles, want %d", len(got), c.want)
			}
			if n := srv.requests.Load(); n != c.requests {
				t.Fatalf("%d requests, want %d", n, c.requests)
			}
		})
	}
}

func TestListRefusesWhatItCannotReadUnambiguously(t *testing.T) {
	cases := []struct {
		name string
		body func(r *http.Request, page, limit int) string
		want []string // substrings of the error
		not  []string // must not appear
	}{
		{"an unknown envelope names its keys, not its values", func(*http.Request, int, int) string {
			return `{"records":[{"id":"art_1","slug":"secret-slug"}],"count":1,"` + testKey + `":true}`
		}, []string{`"count"`, `"records"`, "sa_test_pa…89", "no array under"}, []string{"secret-slug", testKey}},
		{"an empty object", func(*http.Request, int, int) string { return `{}` }, []string{"empty object"}, nil},
		{"two candidate arrays", func(*http.Request, int, int) string {
			return `{"data":[],"items":[{"id":"x","slug":"x"}]}`
		}, []string{"ambiguous", `"data"`, `"items"`}, nil},
		{"data is an object", func(*http.Request, int, int) string {
			return `{"data":{"articles":[]}}`
		}, []string{`"data"`, "no array"}, nil},
		{"HTML in a 200", func(*http.Request, int, int) string {
			return `<!DOCTYPE html><html><body>Help center</body></html>`
		}, []string{"HTML, not JSON", "<!DOCTYPE html>", "answered 200", "request req_odd"}, nil},
		{"invalid JSON", func(*http.Request, int, int) string { return `{"data":[{"id":` }, []string{"not valid JSON"}, nil},
		{"a server that ignores page", func(_ *http.Request, _, _ int) string {
			return fmt.Sprintf(`{"data":%s,"hasMore":true}`, articles(1, 100))
		}, []string{"page 2 repeats the items of page 1", "the server ignores `page`"}, nil},
		{"hasMore false before total", func(_ *http.Request, p, l int) string {
			items, _ := slice(90, p, l)
			return fmt.Sprintf(`{"data":%s,"total":100,"hasMore":false}`, items)
		}, []string{"total says 100", "only 90 were read"}, nil},
		{"an article without a slug", func(*http.Request, int, int) string {
			return `{"data":[{"id":"art_1","slug":"a"},{"id":"art_2","title":"no slug"}],"hasMore":false}`
		}, []string{"item 2", "art_2", `no "slug"`}, nil},
		{"an item without an id", func(*http.Request, int, int) string {
			return `{"data":[{"slug":"a"}],"hasMore":false}`
		}, []string{"item 1", `no "id"`}, nil},
		{"a numeric id", func(*http.Request, int, int) string {
			return `{"data":[{"id":17,"slug":"a"}],"hasMore":false}`
		}, []string{"item 1", `a numeric "id" (17)`, "ids are strings"}, nil},
		{"a total that is not a number", func(*http.Request, int, int) string {
			return `{"data":[],"total":"many"}`
		}, []string{`"total" is not a whole number`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, client := serveList(t, c.body)
			got, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{})
			if err == nil {
				t.Fatalf("read %d articles without an error", len(got))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error %q shows %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "could not reach") {
				t.Errorf("error %q blames the network", err)
			}
		})
	}
}

// A next link to another host is never followed: the key would go there.
func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	_, client := serveList(t, func(_ *http.Request, p, l int) string {
		return fmt.Sprintf(`{"data":%s,"next":%q}`, articles(1, 2), other.URL+"/kb/articles?page=2")
	})
	_, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{})
	if err == nil || !strings.Contains(err.Error(), "leaves the API's base URL") {
		t.Fatalf("want a refusal to follow the link, got %v", err)
	}
	if elsewhere.Load() != 0 {
		t.Fatal("a request went to the other host")
	}
}

// A server that says hasMore forever stops at Options.MaxPages with an error, not with a partial listing.
// (The default bound, kb.MaxPages, is checked on a fake pager in listing_test.go: 10,000 real requests take
// seconds.)
func TestListStopsAfterMaxPages(t *testing.T) {
	srv, _ := serveList(t, func(_ *http.Request, p, _ int) string {
		return fmt.Sprintf(`{"data":[{"id":"tag_%d","name":"t","slug":"t%d"}],"hasMore":true}`, p, p)
	})
	const bound = 40
	client := kb.NewClient(kb.Options{BaseURL: srv.URL + "/kb", APIKey: testKey, Clock: kb.NewFakeClock(), Timeout: 5 * time.Second, MaxPages: bound})
	_, err := client.ListTags(context.Background())
	if err == nil || !strings.Contains(err.Error(), "after 40 pages") {
		t.Fatalf("want a stop after %d pages, got %v", bound, err)
	}
	if n := srv.requests.Load(); n != bound {
		t.Fatalf("%d requests, want %d", n, bound)
	}
}

// ListPage reports the evidence as read, without deciding.
func TestListPageEvidence(t *testing.T) {
	_, client := serveList(t, func(r *http.Request, p, l int) string {
		if r.URL.Query().Get("status") != "published" {
			return `{"data":[]}`
		}
		return fmt.Sprintf(`{"data":%s,"pagination":{"page":%d,"limit":%d,"total":7,"totalPages":4,"hasMore":true}}`, articles(1, 2), p, l)
	})
	p, err := client.ListPage(context.Background(), "articles", kb.PageRequest{Page: 2, Limit: 2, Query: kb.ListArticlesOptions{Status: "published"}.Query()})
	if err != nil {
		t.Fatal(err)
	}
	if p.Envelope != "data" || p.Bare || *p.Total != 7 || !*p.HasMore || *p.PageNo != 2 || *p.Limit != 2 || *p.Pages != 4 || p.CursorGiven {
		t.Fatalf("evidence: %+v", p)
	}
	if len(p.IDs) != 2 || p.IDs[1] != "art_2" || p.Meta.RequestID != "req_odd" {
		t.Fatalf("ids %v, request id %q", p.IDs, p.Meta.RequestID)
	}
	if e1, err1 := kb.Ended(p, 4); e1 || err1 != nil {
		t.Fatalf("Ended(page 2 of 4, hasMore) = %v, %v", e1, err1)
	}
	if e2, err2 := kb.Ended(&kb.Page{Items: p.Items, Total: p.Total}, 7); !e2 || err2 != nil {
		t.Fatal("Ended disagrees with hasMore/total")
	}
	got, err := kb.DecodeListing[kb.Article](p.Resource, p.Items)
	if err != nil || got[0].CategoryID != "cat_1" {
		t.Fatalf("decode: %+v %v", got, err)
	}
}

// The Link header's rel="next" counts as a next link.
func TestLinkHeaderNext(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			w.Header().Set("Link", `</kb/tags?after=t2>; rel="next", </kb/tags>; rel="first"`)
			fmt.Fprint(w, `{"data":[{"id":"t1","name":"a","slug":"a"},{"id":"t2","name":"b","slug":"b"}]}`)
			return
		}
		fmt.Fprint(w, `{"data":[{"id":"t3","name":"c","slug":"c"}]}`)
	}))
	defer s.Close()
	c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: testKey, Clock: kb.NewFakeClock()})
	tags, err := c.ListTags(context.Background())
	if err != nil || len(tags) != 3 {
		t.Fatalf("%+v %v", tags, err)
	}
}

func TestTimestampsAreTolerant(t *testing.T) {
	_, client := serveList(t, func(*http.Request, int, int) string {
		return `{"data":[
			{"id":"a1","slug":"a1","title":"T","content":"C","categoryId":"cat_1","status":"draft","createdAt":"2026-05-01T10:00:00Z","updatedAt":"2026-05-01T10:00:00.123456+02:00"},
			{"id":"a2","slug":"a2","title":"T","content":"C","categoryId":"cat_1","status":"draft","createdAt":"2026-05-01T10:00:00","updatedAt":"2026-05-01 10:00:00.5"},
			{"id":"a3","slug":"a3","title":"T","content":"C","categoryId":"cat_1","status":"draft","createdAt":1777629600,"updatedAt":1777629600123,"publishedAt":"1777629600"},
			{"id":"a4","slug":"a4","title":"T","content":"C","categoryId":"cat_1","status":"draft","createdAt":"yesterday","updatedAt":{"when":"now"},"publishedAt":null}
		],"hasMore":false}`
	})
	got, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{})
	if err != nil {
		t.Fatalf("an odd timestamp must not fail the listing: %v", err)
	}
	want := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	if !got[0].CreatedAt.Equal(want) || !got[0].UpdatedAt.Equal(want.Add(-2*time.Hour+123456*time.Microsecond)) {
		t.Errorf("RFC 3339: %v %v", got[0].CreatedAt, got[0].UpdatedAt)
	}
	if !got[1].CreatedAt.Equal(want) || !got[1].UpdatedAt.Equal(want.Add(500*time.Millisecond)) {
		t.Errorf("without zone: %v %v", got[1].CreatedAt, got[1].UpdatedAt)
	}
	if !got[2].CreatedAt.Equal(time.Unix(1777629600, 0)) || !got[2].UpdatedAt.Equal(time.UnixMilli(1777629600123)) || got[2].PublishedAt == nil {
		t.Errorf("Unix: %v %v %v", got[2].CreatedAt, got[2].UpdatedAt, got[2].PublishedAt)
	}
	if !got[3].CreatedAt.IsZero() || got[3].PublishedAt != nil || strings.Join(got[3].UnknownTimes, ",") != "createdAt,updatedAt" {
		t.Errorf("unknown: %v %v %v", got[3].CreatedAt, got[3].PublishedAt, got[3].UnknownTimes)
	}
	for i := 0; i < 3; i++ {
		if len(got[i].UnknownTimes) != 0 {
			t.Errorf("article %d: unknown %v", i+1, got[i].UnknownTimes)
		}
	}
}

// Adversarial finding F19: a next link with percent-encoded dots (/kb/%2e%2e/%2e%2e/x) passed the base-URL
// check, and the key went to /x on the same server. The link's path is decoded and cleaned before the
// check, and the request is sent to exactly the path that was checked.
func TestNextLinkWithEncodedDotsIsRefused(t *testing.T) {
	for _, tc := range []struct {
		next     string
		followed string // the path the second request must have; "" = refused
	}{
		{"/kb/%2e%2e/%2e%2e/x?page=2", ""},
		{"/kb/%2E%2E/x?page=2", ""},
		{"/kb/articles/%2e%2e/%2e%2e/x", ""},
		{"/kb/articles/..%2f..%2fx", ""},
		{"/kb/%2e%2e", ""},
		{"/kb/articles?page=2", "/kb/articles"},
		{"/kb/tags/%2e%2e/articles?page=2", "/kb/articles"},
	} {
		t.Run(tc.next, func(t *testing.T) {
			var mu sync.Mutex
			var paths []string
			_, client := serveList(t, func(r *http.Request, p, _ int) string {
				mu.Lock()
				paths = append(paths, r.URL.EscapedPath())
				n := len(paths)
				mu.Unlock()
				if n == 1 {
					return fmt.Sprintf(`{"data":%s,"next":%q}`, articles(1, 2), tc.next)
				}
				return fmt.Sprintf(`{"data":%s,"hasMore":false}`, articles(3, 1))
			})
			got, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{})
			mu.Lock()
			defer mu.Unlock()
			if tc.followed == "" {
				if err == nil || !strings.Contains(err.Error(), "leaves the API's base URL") {
					t.Fatalf("want a refusal to follow the link, got %d articles, %v", len(got), err)
				}
				if len(paths) != 1 {
					t.Fatalf("requests went to %v after the refused link", paths[1:])
				}
				return
			}
			if err != nil || len(got) != 3 || len(paths) != 2 || paths[1] != tc.followed {
				t.Fatalf("got %d articles, %v; requests %v; want the second to %s", len(got), err, paths, tc.followed)
			}
		})
	}
}
