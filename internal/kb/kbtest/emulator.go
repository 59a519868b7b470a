// Package kbtest is an in-memory emulator of the Atender KB API, faithful to every behaviour that
// ../shared/atender-kb-api.md states or this project assumes, hazards included: POST never deduplicates
// slugs, a title change regenerates the slug, unknown JSON keys are rejected, list fields replace, archived
// articles hide from lists, scopes and key environments are enforced, and a sliding-window rate limit with a
// burst answers 429 with Retry-After.
//
// Tests and benchmarks drive it through Options (keys, tiers, latency, injected faults) and inspect it
// through the request log and Snapshot. `atender emulator` serves it for people.
package kbtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/facts"
)

// Key is an API key the emulator accepts.
type Key struct {
	Token   string   `json:"token"`
	Env     string   `json:"env"`    // "test" (sa_test_, sandbox) or "live" (sa_live_, production)
	Scopes  []string `json:"scopes"` // empty means every scope (stated: an empty selection is "all allowed scopes")
	Revoked bool     `json:"revoked,omitempty"`
	// Tier overrides Options.Tier for this key when its Name is set.
	Tier facts.Tier `json:"-"`
}

func (k *Key) has(scope string) bool {
	if len(k.Scopes) == 0 {
		return true
	}
	for _, s := range k.Scopes {
		if s == scope || (scope == facts.ScopeRead && s == facts.ScopeWrite) {
			return true
		}
	}
	return false
}

// Options configures an emulator. The zero value is a sandbox ("test") tenant on the unlimited tier.
type Options struct {
	Env    string        // the environment this host serves: "test" (default) or "live"
	Tier   facts.Tier    // default tier of keys; zero means unlimited
	Window time.Duration // sliding window length; default 60 s (tests shrink it)
	// Latency is added to every API request.
	Latency time.Duration
	// FaultRate is the fraction of API requests answered 503 before anything is done.
	FaultRate float64
	// LostReplyRate is the fraction of writes that are applied and whose reply is then lost: the connection
	// is closed without an answer, as when a proxy or the network drops it.
	LostReplyRate float64
	// SlowRate is the fraction of requests whose reply is held for SlowDelay after the work is done.
	SlowRate  float64
	SlowDelay time.Duration
	// Seed makes fault injection repeatable.
	Seed uint64
	// DataFile, when set, is loaded at start and rewritten atomically after every write.
	DataFile string
	Now      func() time.Time
}

// LogEntry is one request the emulator answered (or dropped).
type LogEntry struct {
	Time      time.Time
	Method    string
	Path      string // as requested, with the query
	Route     string // e.g. "PATCH /articles/{id}"
	Status    int    // 0 when the reply was lost on purpose
	RequestID string
	Body      string // request body of writes
	Lost      bool
	Fault     bool // answered by fault injection
}

// Server is the emulator. It is an http.Handler.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu       sync.Mutex
	st       *state
	keys     map[string]*Key
	windows  map[string][]time.Time
	daily    map[string]int
	day      string
	log      []LogEntry
	reqSeq   uint64
	rng      *rand.Rand
	storm    int
	stormSec int
	failNext int
}

// New returns an emulator with no keys and an empty tenant.
func New(o Options) (*Server, error) {
	if o.Env == "" {
		o.Env = "test"
	}
	if o.Tier.Name == "" {
		o.Tier = facts.Tiers["unlimited"]
	}
	if o.Window <= 0 {
		o.Window = time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = 5 * time.Second
	}
	s := &Server{
		opts: o, st: newState(), keys: map[string]*Key{}, windows: map[string][]time.Time{}, daily: map[string]int{},
		rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
	}
	if o.DataFile != "" {
		if err := s.load(o.DataFile); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// MustNew is New for tests, panicking on error.
func MustNew(o Options) *Server {
	s, err := New(o)
	if err != nil {
		panic(err)
	}
	return s
}

// AddKey registers a key.
func (s *Server) AddKey(k Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kk := k
	s.keys[k.Token] = &kk
}

// RevokeKey makes a key answer 401 from now on.
func (s *Server) RevokeKey(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keys[token]; k != nil {
		k.Revoked = true
	}
}

// SetFaults changes fault injection while serving.
func (s *Server) SetFaults(faultRate, lostReplyRate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.FaultRate, s.opts.LostReplyRate = faultRate, lostReplyRate
}

// SetLatency changes the added latency while serving.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Latency = d
}

// Storm429 makes the next n authenticated requests answer 429 with Retry-After: retryAfter seconds.
func (s *Server) Storm429(n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storm, s.stormSec = n, max(1, retryAfter)
}

// FailNext makes the next n authenticated requests answer 503 before doing anything.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// Log returns a copy of the request log.
func (s *Server) Log() []LogEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]LogEntry(nil), s.log...)
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Counts returns how many logged requests hit each route ("GET /articles", "POST /articles", …).
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]int{}
	for _, e := range s.log {
		m[e.Route]++
	}
	return m
}

// Writes counts logged POST, PATCH and DELETE requests.
func (s *Server) Writes() int {
	n := 0
	for _, e := range s.Log() {
		if e.Method != http.MethodGet {
			n++
		}
	}
	return n
}

func (s *Server) nextRequestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqSeq++
	return fmt.Sprintf("req_%08x", s.reqSeq)
}

func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	return s.rng.Float64() < p
}

// ServeHTTP answers one request: auth, rate limit, scope, faults, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := s.nextRequestID()
	w.Header().Set("X-Request-Id", reqID)
	if r.URL.Path == "/" || r.URL.Path == "" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Atender KB API emulator (atender). The API is at %s.\n", facts.BasePath)
		return
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 16<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	_, route := s.mux.Handler(r)
	route = strings.Replace(route, facts.BasePath, "", 1)
	entry := LogEntry{Time: s.opts.Now(), Method: r.Method, Path: strings.TrimPrefix(r.URL.RequestURI(), facts.BasePath), Route: route, RequestID: reqID}
	if r.Method != http.MethodGet {
		entry.Body = string(body)
	}
	rec := &recorder{header: w.Header(), code: 0}
	s.mu.Lock()
	latency := s.opts.Latency
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency)
	}
	lost, slow := s.serve(rec, r, reqID, &entry)
	if slow {
		s.mu.Lock()
		d := s.opts.SlowDelay
		s.mu.Unlock()
		time.Sleep(d)
	}
	if lost {
		entry.Lost, entry.Status = true, 0
		s.appendLog(entry)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // aborts the reply without writing it
	}
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	entry.Status = rec.code
	s.appendLog(entry)
	w.WriteHeader(rec.code)
	w.Write(rec.buf.Bytes())
}

func (s *Server) appendLog(e LogEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, e)
}

// serve runs the middleware chain into rec. It reports whether the reply must be dropped or delayed.
func (s *Server) serve(w *recorder, r *http.Request, reqID string, entry *LogEntry) (lost, slow bool) {
	if !strings.HasPrefix(r.URL.Path, facts.BasePath+"/") {
		writeErr(w, reqID, http.StatusNotFound, "not_found", "no such endpoint; the KB API is under "+facts.BasePath)
		return false, false
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		writeErr(w, reqID, http.StatusUnauthorized, "missing_api_key", "missing API key: send Authorization: Bearer <key>")
		return false, false
	}
	s.mu.Lock()
	key := s.keys[token]
	if key == nil || key.Revoked {
		s.mu.Unlock()
		writeErr(w, reqID, http.StatusUnauthorized, "invalid_api_key", "invalid API key")
		return false, false
	}
	if key.Env != s.opts.Env {
		s.mu.Unlock()
		writeErr(w, reqID, http.StatusUnauthorized, "invalid_api_key", "API key is not valid for this environment")
		return false, false
	}
	if !s.admit(w, key) {
		s.mu.Unlock()
		return false, false
	}
	faultRate, lostRate, slowRate := s.opts.FaultRate, s.opts.LostReplyRate, s.opts.SlowRate
	s.mu.Unlock()

	// Scopes are checked before the endpoint runs (stated), so a PATCH to an id that cannot exist tells a
	// read-only key (403) from a write key (404) without changing anything.
	need := facts.ScopeRead
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		need = facts.ScopeWrite
	}
	if !key.has(need) {
		writeErr(w, reqID, http.StatusForbidden, "insufficient_scope", "this API key lacks the "+need+" scope")
		return false, false
	}
	s.mu.Lock()
	fault := s.chance(faultRate)
	if s.failNext > 0 {
		s.failNext--
		fault = true
	}
	write := need == facts.ScopeWrite
	lost = write && !fault && s.chance(lostRate)
	slow = !fault && s.chance(slowRate)
	s.mu.Unlock()
	if fault {
		entry.Fault = true
		writeErr(w, reqID, http.StatusServiceUnavailable, "unavailable", "injected fault: service temporarily unavailable")
		return false, false
	}
	w.reqID = reqID
	s.mux.ServeHTTP(w, r)
	if lost && (w.code < 200 || w.code >= 300) {
		lost = false // only a write that was applied loses its reply
	}
	return lost, slow
}

// admit applies the sliding-window limit, the burst and the daily cap; s.mu is held.
func (s *Server) admit(w *recorder, key *Key) bool {
	tier := s.opts.Tier
	if key.Tier.Name != "" {
		tier = key.Tier
	}
	now := s.opts.Now()
	if s.storm > 0 {
		s.storm--
		w.header.Set("Retry-After", strconv.Itoa(s.stormSec))
		w.header.Set("X-RateLimit-Limit", strconv.Itoa(tier.PerMinute+tier.Burst))
		w.header.Set("X-RateLimit-Remaining", "0")
		w.header.Set("X-RateLimit-Reset", strconv.Itoa(s.stormSec))
		writeErr(w, w.header.Get("X-Request-Id"), http.StatusTooManyRequests, "rate_limited", "rate limit exceeded; retry after "+strconv.Itoa(s.stormSec)+"s")
		return false
	}
	allowed := tier.PerMinute + tier.Burst
	if tier.Name == "unlimited" {
		w.header.Set("X-RateLimit-Limit", strconv.Itoa(allowed))
		w.header.Set("X-RateLimit-Remaining", strconv.Itoa(allowed))
		w.header.Set("X-RateLimit-Reset", "0")
		return true
	}
	if today := now.UTC().Format("2006-01-02"); today != s.day {
		s.day, s.daily = today, map[string]int{}
	}
	win := s.windows[key.Token]
	cut := 0
	for cut < len(win) && !win[cut].After(now.Add(-s.opts.Window)) {
		cut++
	}
	win = win[cut:]
	resetIn := func() int {
		if len(win) == 0 {
			return 0
		}
		return int(math.Ceil(win[0].Add(s.opts.Window).Sub(now).Seconds()))
	}
	w.header.Set("X-RateLimit-Limit", strconv.Itoa(allowed))
	if tier.Daily > 0 && s.daily[key.Token] >= tier.Daily {
		midnight := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
		secs := int(math.Ceil(midnight.Sub(now).Seconds()))
		w.header.Set("Retry-After", strconv.Itoa(secs))
		w.header.Set("X-RateLimit-Remaining", "0")
		w.header.Set("X-RateLimit-Reset", strconv.Itoa(secs))
		s.windows[key.Token] = win
		writeErr(w, w.header.Get("X-Request-Id"), http.StatusTooManyRequests, "daily_limit_exceeded", "daily request cap reached; it resets at midnight UTC")
		return false
	}
	if len(win) >= allowed {
		secs := max(1, resetIn())
		w.header.Set("Retry-After", strconv.Itoa(secs))
		w.header.Set("X-RateLimit-Remaining", "0")
		w.header.Set("X-RateLimit-Reset", strconv.Itoa(secs))
		s.windows[key.Token] = win
		writeErr(w, w.header.Get("X-Request-Id"), http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("rate limit of %d requests per window exceeded", allowed))
		return false
	}
	win = append(win, now)
	s.windows[key.Token] = win
	s.daily[key.Token]++
	w.header.Set("X-RateLimit-Remaining", strconv.Itoa(allowed-len(win)))
	w.header.Set("X-RateLimit-Reset", strconv.Itoa(resetIn()))
	return true
}

// recorder buffers a reply so that a lost or delayed reply can be decided after the work is done.
type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
	reqID  string
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

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeErr(w http.ResponseWriter, reqID string, code int, errCode, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]string{"code": errCode, "message": msg, "requestId": reqID}})
}
