package kb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atender/atender/internal/kb"
)

const hardKey = "sa_live_hardening0123456789abcdef"

// recorder is a loopback server whose handler the test sets; it counts and records requests.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	n    atomic.Int64
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.n.Add(1)
		r.mu.Lock()
		r.reqs = append(r.reqs, req)
		r.mu.Unlock()
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) client(mod ...func(*kb.Options)) *kb.Client {
	o := kb.Options{BaseURL: r.URL + "/kb", APIKey: hardKey, Clock: kb.NewFakeClock(), Timeout: 10 * time.Second}
	for _, m := range mod {
		m(&o)
	}
	return kb.NewClient(o)
}

func noKey(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, hardKey) || strings.Contains(s, hardKey[8:]) {
		t.Fatalf("the key leaks: %s", s)
	}
}

// A redirect is never followed, on any method: a 307 to http:// would carry the key in clear text, and a
// 301 turns a POST into a GET whose list reply would pass for the created object.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	target := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"data":[{"id":"art_1","slug":"a"}],"hasMore":false}`)
	})
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{"GET", "POST"} {
			src := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target.URL+"/kb/articles?token="+hardKey, code)
			})
			c := src.client()
			var err error
			if method == "GET" {
				_, err = c.ListArticles(context.Background(), kb.ListArticlesOptions{})
			} else {
				_, err = c.CreateArticle(context.Background(), kb.ArticleCreate{Title: "T", Slug: "t", Content: "x", CategoryID: "cat_1"})
			}
			if err == nil || kb.StatusOf(err) != code || !strings.Contains(err.Error(), "redirects to "+target.URL+"/kb/articles") || !strings.Contains(err.Error(), "never follows redirects") {
				t.Fatalf("%s answered %d: want an error naming the target, got %v", method, code, err)
			}
			noKey(t, err.Error())
			if src.n.Load() != 1 {
				t.Fatalf("%s answered %d: %d requests, want 1 (no retry)", method, code, src.n.Load())
			}
		}
	}
	if n := target.n.Load(); n != 0 {
		t.Fatalf("the redirect target got %d requests", n)
	}
}

// Replies a write must never accept: a list, an object without id, HTML, invalid JSON. Each is a
// *kb.ReplyError that says what came back, and the create is not retried.
func TestWriteRepliesThatAreNotAnObject(t *testing.T) {
	cases := []struct {
		name, body string
		want       string
	}{
		{"a list under data", `{"data":[{"id":"art_1","slug":"refunds"}],"hasMore":false}`, `is a list (an array under "data")`},
		{"a bare array", `[{"id":"art_1","slug":"refunds"}]`, "is a list (a JSON array)"},
		{"an object without id", `{"slug":"refunds","title":"Refunds"}`, `the article in the reply has no "id"`},
		{"a wrapper without id", `{"article":{"slug":"refunds"}}`, `has no "id"`},
		{"an empty body", ``, "not a JSON object"},
		{"HTML", `<html><body>Moved</body></html>`, "HTML, not JSON"},
		{"invalid JSON", `{"id":"art_1",`, "not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req_w")
				w.WriteHeader(201)
				fmt.Fprint(w, c.body)
			})
			got, err := srv.client().CreateArticle(context.Background(), kb.ArticleCreate{Title: "Refunds", Slug: "refunds", Content: "x", CategoryID: "cat_1"})
			var re *kb.ReplyError
			if !errors.As(err, &re) || got != nil || !strings.Contains(err.Error(), c.want) || re.Status != 201 || re.RequestID != "req_w" {
				t.Fatalf("got %+v, %v; want a ReplyError containing %q", got, err, c.want)
			}
			if kb.IsOutcomeUnknown(err) || srv.n.Load() != 1 {
				t.Fatalf("outcome unknown %v, %d requests: a reply that came back is neither lost nor retried", kb.IsOutcomeUnknown(err), srv.n.Load())
			}
		})
	}
}

// A single object is read bare, under data, or under its singular name.
func TestWriteReplyWrappers(t *testing.T) {
	for _, body := range []string{
		`{"id":"art_1","slug":"refunds"}`,
		`{"data":{"id":"art_1","slug":"refunds"}}`,
		`{"article":{"id":"art_1","slug":"refunds"}}`,
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201); fmt.Fprint(w, body) })
		got, err := srv.client().CreateArticle(context.Background(), kb.ArticleCreate{Title: "Refunds", Slug: "refunds", Content: "x", CategoryID: "cat_1"})
		if err != nil || got.ID != "art_1" || got.Slug != "refunds" {
			t.Fatalf("%s: %+v %v", body, got, err)
		}
	}
}

// Replies that are not what a GET expects say what they are, and none is called a network problem or
// retried as one.
func TestMisleadingRepliesSayWhatHappened(t *testing.T) {
	big := func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":[`)
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for i := 0; i < 65; i++ {
			w.Write(chunk)
		}
		io.WriteString(w, `]}`)
	}
	cases := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"over 64 MiB", big, "larger than 64 MiB"},
		{"HTML in a 200", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!DOCTYPE html>\n<html><head><title>Help Center</title></head></html>")
		}, "it is HTML, not JSON"},
		{"invalid JSON in a 200", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"data": [`) }, "not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newRecorder(t, c.h)
			_, err := srv.client().ListCategories(context.Background())
			var re *kb.ReplyError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "answered 200") {
				t.Fatalf("want a ReplyError saying %q, got %v", c.want, err)
			}
			if srv.n.Load() != 1 {
				t.Fatalf("%d requests; an unreadable reply is not retried", srv.n.Load())
			}
		})
	}
}

// A key with a control character is refused before anything is sent, without quoting the key.
func TestKeyWithControlCharacter(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {})
	for _, key := range []string{hardKey + "\n", "sa_live_abc\x00def0123456789", "\t" + hardKey} {
		_, err := srv.client(func(o *kb.Options) { o.APIKey = key }).ListTags(context.Background())
		var ke *kb.KeyFormatError
		if !errors.As(err, &ke) || !strings.Contains(err.Error(), "control character") {
			t.Fatalf("key %q: want a KeyFormatError, got %v", key, err)
		}
		noKey(t, err.Error())
		if strings.Contains(err.Error(), "abc") {
			t.Fatalf("the error quotes the key: %v", err)
		}
	}
	if srv.n.Load() != 0 {
		t.Fatalf("%d requests sent with a malformed key", srv.n.Load())
	}
}

func TestErrorBodies(t *testing.T) {
	long := strings.Repeat("x", 700)
	cases := []struct {
		name, body string
		code, msg  string
		details    string
	}{
		{"nested with details", `{"error":{"code":"VALIDATION_FAILED","message":"bad article","details":{"field":"slug","item":"faq"},"requestId":"req_b"}}`,
			"VALIDATION_FAILED", "bad article", `{"field":"slug","item":"faq"}`},
		{"flat", `{"code":"DOMAIN_INACTIVE","message":"the domain is inactive","details":"kb 7 is archived"}`,
			"DOMAIN_INACTIVE", "the domain is inactive", "kb 7 is archived"},
		{"error as a string", `{"error":"Bad Request"}`, "", "Bad Request", ""},
		{"a numeric code", `{"code":400,"message":"nope"}`, "400", "nope", ""},
		{"plain text, long", long, "", long[:500] + "…", ""},
		{"HTML with control characters", "<html>\x1b[31mBad\ngateway</html>", "", "<html> [31mBad gateway</html>", ""},
		{"the key echoed", `{"error":{"code":"BAD_KEY","message":"key ` + hardKey + ` is not valid"}}`, "BAD_KEY", "key sa_live_ha…ef is not valid", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req_h")
				w.WriteHeader(400)
				fmt.Fprint(w, c.body)
			})
			_, err := srv.client().ListTags(context.Background())
			var ae *kb.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want an APIError, got %v", err)
			}
			if ae.Code != c.code || ae.Message != c.msg || ae.Details != c.details || ae.RequestID != "req_h" {
				t.Fatalf("got code %q message %q details %q request %q", ae.Code, ae.Message, ae.Details, ae.RequestID)
			}
			if c.details != "" && !strings.Contains(err.Error(), "details: "+c.details) {
				t.Fatalf("the error does not show the details: %v", err)
			}
			noKey(t, err.Error())
		})
	}
}

func Test401SaysTheKeyMayHaveExpired(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":{"code":"UNAUTHORIZED","message":"invalid api key"}}`)
	})
	_, err := srv.client().ListTags(context.Background())
	if kb.StatusOf(err) != 401 || !strings.Contains(err.Error(), "wrong, revoked or expired key") || strings.Contains(err.Error(), "never expire") {
		t.Fatalf("got %v", err)
	}
}

// kbId rides on every request when set (lists, every page, gets, writes), and on none when unset.
func TestKBIDOnEveryRequest(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/kb/articles":
			if r.URL.Query().Get("page") == "1" {
				fmt.Fprint(w, `{"data":[{"id":"a1","slug":"a1","title":"A1","content":"C","categoryId":"cat_1","status":"draft"}],"hasMore":true}`)
				return
			}
			fmt.Fprint(w, `{"data":[{"id":"a2","slug":"a2","title":"A2","content":"C","categoryId":"cat_1","status":"draft"}],"hasMore":false}`)
		default:
			fmt.Fprint(w, `{"id":"a1","slug":"a1"}`)
		}
	})
	ctx := context.Background()
	for _, kbid := range []string{"kb_2", ""} {
		srv.mu.Lock()
		srv.reqs = nil
		srv.mu.Unlock()
		c := srv.client(func(o *kb.Options) { o.KBID = kbid })
		if _, err := c.ListArticles(ctx, kb.ListArticlesOptions{IncludeArchived: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetArticle(ctx, "a1"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UpdateArticle(ctx, "a1", kb.ArticlePatch{Title: kb.Ptr("x")}); err != nil {
			t.Fatal(err)
		}
		if err := c.DeleteArticle(ctx, "a1"); err != nil {
			t.Fatal(err)
		}
		srv.mu.Lock()
		for _, r := range srv.reqs {
			if got, has := r.URL.Query()["kbId"]; kbid != "" && (len(got) != 1 || got[0] != kbid) || kbid == "" && has {
				t.Errorf("kbId %q: %s %s carries %v", kbid, r.Method, r.URL, got)
			}
		}
		if len(srv.reqs) != 5 {
			t.Errorf("%d requests, want 5", len(srv.reqs))
		}
		srv.mu.Unlock()
	}
}
