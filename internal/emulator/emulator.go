// Package emulator is an in-memory emulator of the Atender KB API, faithful to every behaviour that
// ../shared/atender-kb-api.md states or this project assumes, hazards included: POST never deduplicates
// slugs, a title change regenerates the slug, unknown JSON keys are rejected, null clears a field, list
// fields replace, archived articles hide from lists, scopes and key environments are enforced, and the
// tier's allowance (a sliding window with a burst, or a token bucket) answers 429 with Retry-After.
//
// It is a product: `atender emulator` serves it for people and scripts, and package emulator/emulatortest wraps it as a
// test harness. Options steer it: keys, tiers and limiters, a simulated second client, latency, injected
// faults, one store per kbId, and Shapes, which switch replies to plausible differences of the real API or
// to a hostile server. The request log, Snapshot and Duplicates let a caller inspect it. It links no testing
// code, so the shipped binary does not either.
//
// Files: emulator.go (options, controls), serve.go (auth, scopes, faults, redirects), ratelimit.go,
// crud.go (generic handlers and routes), categories.go, subcategories.go, tags.go, articles.go and
// search.go (the resources), render.go and shapes.go (reply shapes), store.go (tables, snapshots, kbId
// stores), persist.go (--data).
package emulator

import (
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
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

// NewToken returns a fresh random key for env ("test" → sa_test_…, "live" → sa_live_…). Tests never carry a
// key as a literal, so a fixture can never leak one and output checks can look for the exact value.
func NewToken(env string) string {
	b := make([]byte, 20)
	crand.Read(b)
	return "sa_" + env + "_" + hex.EncodeToString(b)
}

// Options configures an emulator. The zero value is a sandbox ("test") tenant on the unlimited tier.
type Options struct {
	Env    string        // the environment this host serves: "test" (default) or "live"
	Tier   facts.Tier    // default tier of keys; zero means unlimited
	Window time.Duration // the limit's window: 60 s by default (tests shrink it)
	// Limiter is how the tier's allowance is counted: LimiterWindow (the default: a sliding window of
	// PerMinute+Burst requests) or a token bucket of PerMinute+Burst tokens refilled at PerMinute per Window,
	// announcing X-RateLimit-Reset as the seconds until it is full (LimiterBucket) or until the next token
	// (LimiterBucketNext). All announce X-RateLimit-Limit, -Remaining and -Reset.
	Limiter string
	// OtherClient simulates a second client spending the same key's allowance: this many requests per Window,
	// evenly spaced, on every key (they count against the daily cap too, and are refused when nothing is left).
	OtherClient int
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
	// DataFile, when set, is loaded at start and kept up to date: rewritten atomically at most once per
	// PersistDelay while writes arrive (default 500 ms), and at Close, Flush and when the tenant is Seeded.
	DataFile     string
	PersistDelay time.Duration
	Now          func() time.Time
	// Shapes switch replies to plausible differences of the real API, or to a hostile server.
	Shapes Shapes
	// RedirectTarget is where Shapes.Redirect sends requests: a base URL such as "http://127.0.0.1:8751"
	// (emulatortest.StartTLS points it at a plain-http listener of the same emulator). Empty means http:// on the
	// host the request named.
	RedirectTarget string
}

// LogEntry is one request the emulator answered (or dropped).
type LogEntry struct {
	Time      time.Time // when the request arrived
	Done      time.Time // when it was answered (or dropped), latency and slow replies included
	Method    string
	Path      string // as requested, with the query
	Route     string // e.g. "PATCH /articles/{id}"
	Status    int    // 0 when the reply was lost on purpose
	RequestID string
	Body      string // request body of writes
	Lost      bool
	Fault     bool   // answered by fault injection
	KBID      string // the kbId query parameter ("" is the default knowledge base)
	Followed  bool   // the request followed a redirect of Shapes.Redirect
}

// Server is the emulator. It is an http.Handler.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu       sync.Mutex
	st       *state            // the default knowledge base
	kbs      map[string]*state // the others, by kbId
	keys     map[string]*Key
	limits   map[string]*keyLimit // rate-limit state by key token
	daily    map[string]int
	day      string
	log      []LogEntry
	logged   chan struct{} // closed at the next appendLog (Logged)
	reqSeq   uint64
	rng      *rand.Rand
	storm    int
	stormSec int
	failNext int

	inFlight, mostInFlight int // requests being answered now, and the most at once since ResetLog

	persist *persister // nil without DataFile
	dirty   bool       // the tenant changed since DataFile was last written
}

// New returns an emulator with no keys and an empty tenant (or the tenant of Options.DataFile).
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
	switch o.Limiter {
	case "":
		o.Limiter = LimiterWindow
	case LimiterWindow, LimiterBucket, LimiterBucketNext:
	default:
		return nil, fmt.Errorf("unknown limiter %q: use %s", o.Limiter, strings.Join(Limiters, ", "))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = 5 * time.Second
	}
	s := &Server{
		opts: o, kbs: map[string]*state{}, keys: map[string]*Key{}, limits: map[string]*keyLimit{}, daily: map[string]int{},
		rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
	}
	s.st = s.newState()
	if o.DataFile != "" {
		if err := s.load(o.DataFile); err != nil {
			return nil, err
		}
	}
	if o.DataFile != "" {
		s.persist = newPersister(s, o.DataFile, o.PersistDelay)
	}
	if o.Shapes.Hostile && len(s.st.cats.rows) == 0 {
		s.seedHostile()
		s.persistLocked()
	}
	s.routes()
	return s, nil
}

// MustNew is New for tests and fixed options, panicking on error.
func MustNew(o Options) *Server {
	s, err := New(o)
	if err != nil {
		panic(err)
	}
	return s
}

// Env is the environment this host serves ("test" or "live").
func (s *Server) Env() string { return s.opts.Env }

// AddKey registers a key.
func (s *Server) AddKey(k Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kk := k
	s.keys[k.Token] = &kk
	s.persistLocked()
}

// RevokeKey makes a key answer 401 from now on.
func (s *Server) RevokeKey(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.keys[token]; k != nil {
		k.Revoked = true
		s.persistLocked()
	}
}

// Keys returns the registered keys sorted by token.
func (s *Server) Keys() []Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keysLocked()
}

func (s *Server) keysLocked() []Key {
	out := make([]Key, 0, len(s.keys))
	for _, k := range s.keys {
		out = append(out, *k)
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(a.Token, b.Token) })
	return out
}

// SetFaults changes fault injection while serving.
func (s *Server) SetFaults(faultRate, lostReplyRate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.FaultRate, s.opts.LostReplyRate = faultRate, lostReplyRate
}

// SetShapes changes the response shapes while serving. Ids handed out from now on follow Shapes.Hostile.
func (s *Server) SetShapes(sh Shapes) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Shapes = sh
}

// SetOtherClient changes how many requests per Window a simulated second client spends on every key.
func (s *Server) SetOtherClient(perWindow int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.OtherClient = max(0, perWindow)
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

// ResetLog empties the request log and restarts the in-flight high-water mark (InFlight).
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.mostInFlight = s.inFlight
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

// Probes counts logged change-nothing write probes: PATCH /articles/ of facts.WriteProbeID, the article
// that cannot exist (keys verify, doctor and a dry run of kb sync ask with it whether a key may write).
// Writes counts them too.
func (s *Server) Probes() int {
	n := 0
	for _, e := range s.Log() {
		if e.Method == http.MethodPatch && (e.Path == "/articles/"+facts.WriteProbeID || strings.HasPrefix(e.Path, "/articles/"+facts.WriteProbeID+"?")) {
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
