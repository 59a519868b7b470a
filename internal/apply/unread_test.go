package apply_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// unreadableCreates puts a loopback proxy in front of the emulator that passes every request on (so each
// create does happen) but mangles the reply to POST /articles with rewrite.
func unreadableCreates(t *testing.T, h *emulatortest.Harness, rewrite func(*http.Response)) *kb.Client {
	t.Helper()
	u, err := url.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	proxy.ModifyResponse = func(r *http.Response) error {
		if r.Request.Method == http.MethodPost && strings.HasSuffix(r.Request.URL.Path, "/articles") && r.StatusCode/100 == 2 {
			rewrite(r)
		}
		return nil
	}
	s := httptest.NewServer(proxy)
	t.Cleanup(s.Close)
	return kb.NewClient(kb.Options{BaseURL: s.URL + u.Path, APIKey: h.WriteKey, BackoffBase: time.Millisecond, Timeout: 2 * time.Second})
}

func setBody(r *http.Response, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.Header.Set("Content-Length", strconv.Itoa(len(b)))
}

// Adversarial finding F3: a 2xx create reply that cannot be read (a 204 without a body; an object whose id
// is a number) means the article was probably created. The first such reply stops further creates, the
// article is looked up by slug once and counted as created with the listed id, never as a failure that a
// rerun would create again; the rerun creates only the articles that were never sent.
func TestUnreadableCreateReplyIsLookedUpNotFailed(t *testing.T) {
	t.Parallel()
	numID := regexp.MustCompile(`"id":"[^"]*"`)
	cases := map[string]func(*http.Response){
		"204 without a body": func(r *http.Response) {
			r.StatusCode, r.Status = http.StatusNoContent, "204 No Content"
			setBody(r, nil)
		},
		"a numeric id": func(r *http.Response) {
			b, _ := io.ReadAll(r.Body)
			setBody(r, numID.ReplaceAll(b, []byte(`"id":7`)))
		},
	}
	for name, rewrite := range cases {
		t.Run(name, func(t *testing.T) {
			h := emulatortest.Start(t, emulatortest.Options{})
			c := client(h)
			tr := loadTree(t, genDocs(t, 10))
			r := remote(t, c)
			p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
			rep := apply.Apply(context.Background(), unreadableCreates(t, h, rewrite), p, apply.Options{Concurrency: 1})
			created, failed := 0, 0
			for _, x := range rep.Results {
				if x.Action.Kind != plan.Create {
					continue
				}
				switch x.Status {
				case apply.OK:
					created++
					if got := h.Articles(); len(got) != 1 || got[0].ID != x.ID {
						t.Errorf("counted %s as created with id %q; the KB holds %+v", x.Slug, x.ID, got)
					}
				case apply.Failed:
					failed++
					t.Errorf("%s failed: %v", x.Slug, x.Err)
				}
			}
			if created != 1 || failed != 0 || rep.Stopped == "" {
				t.Fatalf("%d created, %d failed, stopped %q: want the first create counted as created and the run stopped", created, failed, rep.Stopped)
			}
			h.ExpectRequests(t, "POST /articles", 1)
			// The rerun plans only what was never sent.
			r = remote(t, c)
			if n := plan.Make(tr, inventory.NewIndex(r), plan.Options{}).Count(plan.Create); n != 9 {
				t.Fatalf("the rerun plans %d creates; want 9", n)
			}
		})
	}
}

// The same unreadable reply from a server that stored nothing: the lookup by slug afterwards does not find
// it, so the outcome is unknown (it may exist): Unknown, counted by Failed() (the run fails, prune does not
// run), never OK and never created again by this run.
func TestUnreadableCreateReplyNotFoundIsUnknown(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	u, err := url.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/articles") {
			w.WriteHeader(http.StatusNoContent) // stores nothing
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	fake := kb.NewClient(kb.Options{BaseURL: s.URL + u.Path, APIKey: h.WriteKey, BackoffBase: time.Millisecond, Timeout: 2 * time.Second})
	tr := loadTree(t, genDocs(t, 10))
	r := remote(t, c)
	rep := apply.Apply(context.Background(), fake, plan.Make(tr, inventory.NewIndex(r), plan.Options{}), apply.Options{Concurrency: 1})
	var unknown []*apply.Result
	for _, x := range rep.Results {
		if x.Action.Kind != plan.Create {
			continue
		}
		switch x.Status {
		case apply.Unknown:
			unknown = append(unknown, x)
		case apply.OK, apply.Failed:
			t.Errorf("%s: %s (%v); want unknown or not started", x.Slug, x.Status, x.Err)
		}
	}
	if len(unknown) != 1 || rep.Failed() != 1 || rep.Stopped == "" {
		t.Fatalf("%d unknown, Failed() %d, stopped %q: want one unknown, counted by Failed(), and the run stopped", len(unknown), rep.Failed(), rep.Stopped)
	}
	if x := unknown[0]; x.Err == nil || !strings.Contains(x.Err.Error(), "does not show "+x.Slug) || x.ID != "" {
		t.Fatalf("unknown %s (id %q): %v", x.Slug, x.ID, x.Err)
	}
}
