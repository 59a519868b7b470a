// Package emulatortest gives tests a started KB API emulator (package emulator): Start serves one on loopback
// for the duration of a test, with a write key and a read-only key, and the emulator's request log, fault
// injection and state inspection at hand; the Expect methods assert on the request log and the resulting KB.
// The types are the emulator's own, under the names tests know.
package emulatortest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
)

// The emulator's types and constructors, so that tests need only this package.
type (
	// Server is the emulator; see emulator.Server.
	Server = emulator.Server
	// Options configures an emulator; see emulator.Options.
	Options = emulator.Options
	// Key is an API key the emulator accepts.
	Key = emulator.Key
	// LogEntry is one logged request.
	LogEntry = emulator.LogEntry
	// Snapshot is a whole tenant, for Seed and inspection.
	Snapshot = emulator.Snapshot
	// Shapes switch replies to plausible differences of the real API, or to a hostile server.
	Shapes = emulator.Shapes
	// Category, Subcategory, Tag and Article are the emulator's wire objects, as a Snapshot holds them.
	Category    = emulator.Category
	Subcategory = emulator.Subcategory
	Tag         = emulator.Tag
	Article     = emulator.Article
)

var (
	// New returns an emulator; see emulator.New.
	New = emulator.New
	// MustNew is New, panicking on error.
	MustNew = emulator.MustNew
	// NewToken returns a fresh random key for an environment ("test" or "live").
	NewToken = emulator.NewToken
	// ParseShapes reads shapes by their --shape names ("items,cap-limit=20").
	ParseShapes = emulator.ParseShapes
)

// How the emulator counts a tier's allowance (Options.Limiter).
const (
	LimiterWindow     = emulator.LimiterWindow
	LimiterBucket     = emulator.LimiterBucket
	LimiterBucketNext = emulator.LimiterBucketNext
)

// Harness is an emulator on a loopback httptest server with a write key and a read-only key.
type Harness struct {
	*Server
	HTTP     *httptest.Server // the API's server; HTTP.Client() trusts its certificate under StartTLS
	URL      string           // base URL of the KB API
	WriteKey string
	ReadKey  string
	// Plain is, under StartTLS, a plain-http listener of the same emulator: where Shapes.Redirect sends
	// requests, so that a client that follows a redirect to http:// is seen doing it (LogEntry.Followed).
	Plain *httptest.Server
}

// Start serves an emulator on loopback for the duration of tb.
func Start(tb testing.TB, o Options) *Harness {
	tb.Helper()
	s := MustNew(o)
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return withKeys(s, ts)
}

// StartTLS serves an emulator over https on loopback (trusted by h.HTTP.Client()), with a plain-http
// listener of the same emulator as the target of Shapes.Redirect: a test of "no key over plain http after a
// redirect" can then see whether the client followed.
func StartTLS(tb testing.TB, o Options) *Harness {
	tb.Helper()
	var s *Server
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.ServeHTTP(w, r) }))
	tb.Cleanup(plain.Close)
	o.RedirectTarget = plain.URL
	s = MustNew(o)
	ts := httptest.NewTLSServer(s)
	tb.Cleanup(ts.Close)
	h := withKeys(s, ts)
	h.Plain = plain
	return h
}

func withKeys(s *Server, ts *httptest.Server) *Harness {
	env := s.Env()
	h := &Harness{Server: s, HTTP: ts, URL: ts.URL + facts.BasePath, WriteKey: NewToken(env), ReadKey: NewToken(env)}
	s.AddKey(Key{Token: h.WriteKey, Env: env, Scopes: []string{facts.ScopeRead, facts.ScopeWrite}})
	s.AddKey(Key{Token: h.ReadKey, Env: env, Scopes: []string{facts.ScopeRead}})
	return h
}

// logText is the request log, one line a request, for failure messages.
func (h *Harness) logText() string {
	var b strings.Builder
	for _, e := range h.Log() {
		fmt.Fprintf(&b, "  %s %s → %d", e.Method, e.Path, e.Status)
		for _, f := range []struct {
			on   bool
			what string
		}{{e.Lost, "reply lost"}, {e.Fault, "injected fault"}, {e.Followed, "followed a redirect"}} {
			if f.on {
				b.WriteString(" (" + f.what + ")")
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ExpectRequests reports an error unless exactly n logged requests hit route ("POST /articles",
// "PATCH /articles/{id}", …).
func (h *Harness) ExpectRequests(tb testing.TB, route string, n int) {
	tb.Helper()
	if got := h.Counts()[route]; got != n {
		tb.Errorf("%d requests to %s, want %d; the log:\n%s", got, route, n, h.logText())
	}
}

// ExpectWrites reports an error unless exactly n POST, PATCH and DELETE requests were logged.
func (h *Harness) ExpectWrites(tb testing.TB, n int) {
	tb.Helper()
	if got := h.Writes(); got != n {
		tb.Errorf("%d writes, want %d; the log:\n%s", got, n, h.logText())
	}
}

// ExpectDryRun reports an error unless the only writes logged are exactly probes change-nothing write
// probes (see Server.Probes): what a dry run may send.
func (h *Harness) ExpectDryRun(tb testing.TB, probes int) {
	tb.Helper()
	if got, all := h.Probes(), h.Writes(); got != probes || all != probes {
		tb.Errorf("%d write probes and %d other writes, want %d and 0; the log:\n%s", got, all-got, probes, h.logText())
	}
}

// ExpectNoDuplicates reports an error if the default knowledge base holds a duplicate: an article that a POST
// created under a suffixed slug, or any slug that is another article's slug plus -N.
func (h *Harness) ExpectNoDuplicates(tb testing.TB) {
	tb.Helper()
	slugs := map[string]bool{}
	for _, a := range h.Articles() {
		slugs[a.Slug] = true
	}
	var dups []string
	for sl := range slugs {
		if i := strings.LastIndex(sl, "-"); i > 0 {
			if _, err := strconv.Atoi(sl[i+1:]); err == nil && slugs[sl[:i]] {
				dups = append(dups, sl+" beside "+sl[:i])
			}
		}
	}
	if now, _ := h.Duplicates(""); now > 0 || len(dups) > 0 {
		tb.Errorf("the KB holds duplicates: %d articles created under a suffixed slug; %s", now, strings.Join(dups, ", "))
	}
}

// ExpectDuplicatesAtOnce reports an error if more than most duplicates (articles created under a suffixed
// slug) ever existed at the same time in the default knowledge base.
func (h *Harness) ExpectDuplicatesAtOnce(tb testing.TB, most int) {
	tb.Helper()
	if _, got := h.Duplicates(""); got > most {
		tb.Errorf("%d duplicates existed at once, want at most %d", got, most)
	}
}

// ExpectNothingFollowed reports an error if any request followed a redirect of Shapes.Redirect.
func (h *Harness) ExpectNothingFollowed(tb testing.TB) {
	tb.Helper()
	for _, e := range h.Log() {
		if e.Followed {
			tb.Errorf("the client followed a redirect: %s %s; the log:\n%s", e.Method, e.Path, h.logText())
			return
		}
	}
}
