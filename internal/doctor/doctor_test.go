package doctor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
)

// seeded is a small KB: 3 categories, 3 subcategories, 3 tags, 5 articles, so that every list has a page 2
// at limit=2.
func seeded() emulatortest.Snapshot {
	var s emulatortest.Snapshot
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		s.Categories = append(s.Categories, emulatortest.Category{ID: fmt.Sprintf("cat_%d", i), Title: fmt.Sprintf("C%d", i), Slug: fmt.Sprintf("c%d", i)})
		s.Subcategories = append(s.Subcategories, emulatortest.Subcategory{ID: fmt.Sprintf("sub_%d", i), CategoryID: "cat_1", Title: fmt.Sprintf("S%d", i), Slug: fmt.Sprintf("s%d", i)})
		s.Tags = append(s.Tags, emulatortest.Tag{ID: fmt.Sprintf("tag_%d", i), Name: fmt.Sprintf("T%d", i), Slug: fmt.Sprintf("t%d", i)})
	}
	for i := 1; i <= 5; i++ {
		s.Articles = append(s.Articles, emulatortest.Article{ID: fmt.Sprintf("art_%d", i), Title: fmt.Sprintf("A%d", i), Slug: fmt.Sprintf("a%d", i), Content: "x",
			CategoryID: "cat_1", Status: facts.StatusPublished, TagIDs: []string{}, Keywords: []string{}, CreatedAt: now, UpdatedAt: now})
	}
	s.NextID = 100
	return s
}

type outcome struct {
	rep     *Report
	capture string
	key     string
}

func (o outcome) row(t *testing.T, check string) Row {
	t.Helper()
	for _, r := range o.rep.Rows {
		if r.Check == check {
			return r
		}
	}
	t.Fatalf("no row %q in %s", check, o.dump())
	return Row{}
}

func (o outcome) dump() string {
	var b strings.Builder
	for _, r := range o.rep.Rows {
		fmt.Fprintf(&b, "\n  %-7s %-28s %s", r.Status, r.Check, r.Detail)
	}
	return b.String()
}

// doctor runs the checks against an emulator with shapes, with the write key unless key is given.
func doctor(t *testing.T, o emulator.Options, key func(h *emulatortest.Harness) string) outcome {
	t.Helper()
	return doctorOn(t, seeded(), o, key)
}

// doctorOn is doctor on a KB holding snap.
func doctorOn(t *testing.T, snap emulatortest.Snapshot, o emulator.Options, key func(h *emulatortest.Harness) string) outcome {
	t.Helper()
	if o.Tier.Name == "" {
		o.Tier = facts.Tiers["starter"]
	}
	h := emulatortest.Start(t, o)
	h.Seed(snap)
	k := h.WriteKey
	if key != nil {
		k = key(h)
	}
	cfg := &config.Config{APIKey: k, KeySource: "environment variable ATENDER_API_KEY", Env: "prod", BaseURL: h.URL, BaseURLExplicit: true, Timeout: 5 * time.Second}
	var capture bytes.Buffer
	rec := &Recorder{Key: k, Sink: &capture}
	in := Input{Config: cfg, Recorder: rec}
	in.KeyWarnings, in.KeyErr = cfg.CheckKey()
	if in.KeyErr == nil {
		in.Client = kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: k, HTTPClient: &http.Client{Transport: rec}, Clock: nil,
			MaxRetries: 1, Max429Retries: 2, MaxRetryAfter: time.Second})
	}
	out := outcome{rep: Run(context.Background(), in), capture: capture.String(), key: k}
	if k != "" && (strings.Contains(out.capture, k) || strings.Contains(out.dump(), k)) {
		t.Fatalf("the key leaks into the capture or the rows")
	}
	return out
}

func TestDoctorPassesOnTheEmulator(t *testing.T) {
	o := doctor(t, emulator.Options{}, nil)
	if o.rep.ExitCode != 0 || !o.rep.OK {
		t.Fatalf("exit %d on the emulator:%s", o.rep.ExitCode, o.dump())
	}
	for _, r := range o.rep.Rows {
		if r.Status != OK {
			t.Errorf("row %s: %s %s", r.Check, r.Status, r.Detail)
		}
	}
	for _, check := range []string{"configuration", "key", "knowledge base", "reachable", "authentication", "scopes", "rate-limit headers", "request id",
		"categories: envelope", "subcategories: page 2", "tags: fields", "articles: paging evidence", "articles: total/hasMore", "articles: timestamps", "error body"} {
		o.row(t, check)
	}
	if d := o.row(t, "articles: page 2").Detail; d != "2 other items" {
		t.Errorf("articles page 2: %q", d)
	}
	if d := o.row(t, "rate-limit headers").Detail; !strings.Contains(d, "starter") {
		t.Errorf("rate-limit row: %q", d)
	}
}

func TestDoctorAgainstShapes(t *testing.T) {
	cases := []struct {
		name   string
		shapes emulator.Shapes
		exit   int
		rows   map[string]string // check → a substring of its detail; the row must not be ok
	}{
		{"items envelope", emulator.Shapes{ListKey: "items"}, 0, map[string]string{"articles: envelope": `"items"`}},
		{"plural envelope", emulator.Shapes{ListKey: "plural"}, 0, map[string]string{"tags: envelope": `"tags"`}},
		{"bare arrays", emulator.Shapes{Bare: true}, 0, map[string]string{"categories: envelope": "bare JSON array"}},
		{"ignored page", emulator.Shapes{IgnorePage: true}, 1, map[string]string{"articles: page 2": "ignores the page parameter"}},
		{"no total, no hasMore", emulator.Shapes{CapLimit: 1, NoTotal: true}, 0, map[string]string{"tags: paging evidence": "reads until an empty page"}},
		{"unix timestamps", emulator.Shapes{Timestamps: "unix"}, 0, map[string]string{"articles: timestamps": "8 of 8 values in another form (read), e.g. item 1 createdAt 17"}},
		{"flat errors", emulator.Shapes{FlatErrors: true}, 0, map[string]string{"error body": "flat {code, message}"}},
		{"redirects", emulator.Shapes{Redirect: 307}, 1, map[string]string{"authentication": "never follows redirects"}},
		// Values kb sync cannot read: doctor decodes the whole listing with sync's decoder, so it says so.
		{"keywords [1]", emulator.Shapes{Mistyped: "keywords"}, 1, map[string]string{"articles: fields": `item 1 (slug "a1"): "keywords" entry 1 is a number where a string belongs`}},
		{"tagIds [null]", emulator.Shapes{Mistyped: "tagIds"}, 1, map[string]string{"articles: fields": `"tagIds" entry 1 is null where a string belongs`}},
		{"an object as subcategoryId", emulator.Shapes{Mistyped: "subcategoryId"}, 1, map[string]string{"articles: fields": `"subcategoryId" is an object where a string belongs`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := doctor(t, emulator.Options{Shapes: c.shapes}, nil)
			if o.rep.ExitCode != c.exit {
				t.Fatalf("exit %d, want %d:%s", o.rep.ExitCode, c.exit, o.dump())
			}
			for check, want := range c.rows {
				r := o.row(t, check)
				if r.Status == OK || !strings.Contains(r.Detail, want) {
					t.Errorf("%s: %s %q, want not ok with %q", check, r.Status, r.Detail, want)
				}
			}
		})
	}
}

// small is a KB whose every list fits in one page of 2: 1 category, 1 subcategory, 1 tag, 2 articles.
func small() emulatortest.Snapshot {
	s := seeded()
	s.Categories, s.Subcategories, s.Tags, s.Articles = s.Categories[:1], s.Subcategories[:1], s.Tags[:1], s.Articles[:2]
	return s
}

// more is seeded with 25 articles: more than the emulator's default silent cap of 20.
func more() emulatortest.Snapshot {
	s := seeded()
	for i := 6; i <= 25; i++ {
		a := s.Articles[0]
		a.ID, a.Slug, a.Title = fmt.Sprintf("art_%d", i), fmt.Sprintf("a%d", i), fmt.Sprintf("A%d", i)
		s.Articles = append(s.Articles, a)
	}
	return s
}

// Issue 10 §4/§5: against each shape the right row differs, and the exit code says whether kb sync relies
// on it. (Found by the emulator helper: cursor paging on a one-page list raised a false alarm with exit 1;
// a silently capped limit and a missing total were not reported at all.)
func TestDoctorRowPerShape(t *testing.T) {
	cases := []struct {
		name   string
		snap   emulatortest.Snapshot
		shapes emulator.Shapes
		exit   int
		check  string
		status Status
		want   string
	}{
		{"cursor, a list on one page", small(), emulator.Shapes{Cursor: true}, 0, "categories: page 2", Differs, "which said it was the whole list"},
		{"cursor, several pages", seeded(), emulator.Shapes{Cursor: true}, 0, "articles: page 2", OK, "2 other items"},
		{"ignored page, a list on one page", small(), emulator.Shapes{IgnorePage: true}, 0, "tags: page 2", Differs, "ignores ?page="},
		{"ignored page, several pages", seeded(), emulator.Shapes{IgnorePage: true}, 1, "articles: page 2", Differs, "ignores the page parameter"},
		{"cap-limit=1", seeded(), emulator.Shapes{CapLimit: 1}, 0, "articles: limit", Differs, "limit=2 answered 1 item while more exist: the server caps limit at 1"},
		{"cap-limit=20", more(), emulator.Shapes{CapLimit: 20}, 0, "articles: limit", Differs, "limit=100 answered 20 items while more exist: the server caps limit at 20"},
		{"cap-limit=20, no total", more(), emulator.Shapes{CapLimit: 20, NoTotal: true}, 0, "articles: limit", Differs, "caps limit at 20"},
		{"no total", seeded(), emulator.Shapes{NoTotal: true}, 0, "articles: paging evidence", Differs, "no total"},
		{"no shape, 25 articles", more(), emulator.Shapes{}, 0, "articles: limit", OK, "limit=2 honoured; all 25 items fit in one page of 100"},
		{"no shape, a small KB", small(), emulator.Shapes{}, 0, "tags: limit", OK, "a larger cap cannot show"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := doctorOn(t, c.snap, emulator.Options{Shapes: c.shapes}, nil)
			if o.rep.ExitCode != c.exit {
				t.Fatalf("exit %d, want %d:%s", o.rep.ExitCode, c.exit, o.dump())
			}
			if r := o.row(t, c.check); r.Status != c.status || !strings.Contains(r.Detail, c.want) {
				t.Fatalf("%s: %s %q, want %s with %q:%s", c.check, r.Status, r.Detail, c.status, c.want, o.dump())
			}
		})
	}
}

// A page that contradicts its own paging evidence (adversarial F1) fails the listing row that kb sync relies on.
func TestDoctorOnASelfContradictingPage(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[],"hasMore":true}`)
	}))
	defer ts.Close()
	key := emulatortest.NewToken("test")
	cfg := &config.Config{APIKey: key, KeySource: "env", Env: "prod", BaseURL: ts.URL + "/api/v1/kb", BaseURLExplicit: true}
	rec := &Recorder{Key: key}
	rep := Run(context.Background(), Input{Config: cfg, Recorder: rec, Client: kb.NewClient(kb.Options{BaseURL: cfg.BaseURL, APIKey: key, HTTPClient: &http.Client{Transport: rec}, MaxRetries: 1, Clock: fakeclock.New()})})
	o := outcome{rep: rep}
	if rep.ExitCode != 1 {
		t.Fatalf("exit %d:%s", rep.ExitCode, o.dump())
	}
	if r := o.row(t, "articles: page 1"); r.Status != Failed || !strings.Contains(r.Detail, `the page is empty but says more items exist ("hasMore": true)`) {
		t.Fatalf("articles page 1: %s %q", r.Status, r.Detail)
	}
}

// Cursor paging and a silently capped limit that total still explains: what sync relies on holds.
func TestDoctorAcceptsCursorAndCappedLimit(t *testing.T) {
	for _, sh := range []emulator.Shapes{{Cursor: true}, {CapLimit: 1}, {WrapData: true}, {WrapName: true}} {
		o := doctor(t, emulator.Options{Shapes: sh}, nil)
		if o.rep.ExitCode != 0 {
			t.Errorf("%+v: exit %d:%s", sh, o.rep.ExitCode, o.dump())
		}
	}
}

func TestDoctorKeyProblems(t *testing.T) {
	wrong := doctor(t, emulator.Options{}, func(h *emulatortest.Harness) string { return emulatortest.NewToken("test") })
	if wrong.rep.ExitCode != 4 || wrong.row(t, "authentication").Status != Failed || !strings.Contains(wrong.row(t, "authentication").Detail, "revoked or expired") {
		t.Fatalf("unknown key: exit %d:%s", wrong.rep.ExitCode, wrong.dump())
	}
	read := doctor(t, emulator.Options{}, func(h *emulatortest.Harness) string { return h.ReadKey })
	if read.rep.ExitCode != 4 || read.row(t, "scopes").Status != Failed || read.row(t, "articles: fields").Status != OK {
		t.Fatalf("read-only key: exit %d:%s", read.rep.ExitCode, read.dump())
	}
	none := doctor(t, emulator.Options{}, func(h *emulatortest.Harness) string { return "" })
	if none.rep.ExitCode != 4 || none.row(t, "key").Status != Failed || len(none.rep.Rows) != 2 || none.capture != "" {
		t.Fatalf("no key: exit %d, capture %q:%s", none.rep.ExitCode, none.capture, none.dump())
	}
}

// The capture has every exchange as a JSON line, and neither the key nor an Authorization header in
// clear, even from a server that echoes the key everywhere.
func TestCaptureHasNoKey(t *testing.T) {
	o := doctor(t, emulator.Options{Shapes: emulator.Shapes{EchoKey: true}}, nil)
	sc := bufio.NewScanner(strings.NewReader(o.capture))
	sc.Buffer(nil, 4<<20)
	n := 0
	for sc.Scan() {
		var ex Exchange
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatalf("line %d is not JSON: %v", n+1, err)
		}
		if ex.Method == "" || ex.URL == "" || ex.Status == 0 {
			t.Fatalf("line %d lacks method, URL or status: %s", n+1, sc.Text())
		}
		if a := ex.RequestHeaders["Authorization"]; a != "Bearer "+facts.MaskKey(o.key) {
			t.Fatalf("Authorization captured as %q", a)
		}
		n++
	}
	// GET /categories, the write-scope PATCH, 4 lists × 2 pages, one page of 100 articles (the only list
	// going on past page 2: the limit check), the whole listing of each list as kb sync reads it (one page
	// of 100 each), the 404 GET.
	if n != 16 {
		t.Fatalf("%d exchanges captured; want all 16 requests", n)
	}
	if !strings.Contains(o.capture, facts.MaskKey(o.key)) {
		t.Fatal("the echoed key should show masked in the capture")
	}
}

// A server that answers HTML (a help-center page at the base URL) fails the listing rows with what it is.
func TestDoctorOnAWebPage(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html><html><body>Help center</body></html>")
	}))
	defer ts.Close()
	key := emulatortest.NewToken("test")
	cfg := &config.Config{APIKey: key, KeySource: "env", Env: "prod", BaseURL: ts.URL + "/api/v1/kb", BaseURLExplicit: true}
	rec := &Recorder{Key: key}
	rep := Run(context.Background(), Input{Config: cfg, Recorder: rec, Client: kb.NewClient(kb.Options{BaseURL: cfg.BaseURL, APIKey: key, HTTPClient: &http.Client{Transport: rec}, MaxRetries: 1, Clock: fakeclock.New()})})
	o := outcome{rep: rep}
	if rep.ExitCode != 1 {
		t.Fatalf("exit %d:%s", rep.ExitCode, o.dump())
	}
	if r := o.row(t, "articles: list"); r.Status != Failed || !strings.Contains(r.Detail, "HTML, not JSON") {
		t.Fatalf("articles list: %s %q", r.Status, r.Detail)
	}
	if r := o.row(t, "rate-limit headers"); r.Status != Differs {
		t.Fatalf("rate-limit: %s", r.Status)
	}
}
