package kb

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/atender/atender/internal/facts"
)

// RateConfig configures the client-side limiter.
type RateConfig struct {
	// Cap is an explicit limit in requests per Window (the --rate-limit setting). 0 means none: the client
	// starts at the starter tier and then follows what the server announces.
	Cap int
	// Window is the length of the server's sliding window; 60 s on Atender. Tests shrink it.
	Window time.Duration
}

// RateLimitInfo holds the X-RateLimit-* headers of a reply, parsed once; -1 where absent or unreadable.
type RateLimitInfo struct {
	Limit     int `json:"limit"`
	Remaining int `json:"remaining"`
	// Reset is the number of seconds until the window frees a slot. A server that sends a Unix time
	// instead is understood too (see parseRateLimit).
	Reset int `json:"reset"`
}

// unixTimeFloor tells a Unix time from a number of seconds in X-RateLimit-Reset: no window lasts 30 years.
const unixTimeFloor = 1_000_000_000

// maxPlausibleLimit is the largest X-RateLimit-Limit believed for a per-minute window; Atender's largest
// tier announces 1,200.
const maxPlausibleLimit = 100_000

// parseRateLimit reads the X-RateLimit-* headers of a reply. Reset is read as seconds, or, when it is a
// plausible Unix time, as the time until that moment.
func parseRateLimit(h http.Header, now time.Time) RateLimitInfo {
	get := func(k string) int {
		v, err := strconv.ParseFloat(strings.TrimSpace(h.Get(k)), 64)
		if err != nil || v < 0 {
			return -1
		}
		return int(v + 0.999)
	}
	info := RateLimitInfo{Limit: get("X-RateLimit-Limit"), Remaining: get("X-RateLimit-Remaining"), Reset: get("X-RateLimit-Reset")}
	if info.Reset >= unixTimeFloor {
		info.Reset = max(0, int(time.Unix(int64(info.Reset), 0).Sub(now).Seconds()+0.999))
	}
	return info
}

// PlausibleLimit says whether an announced limit can be believed for pacing: a per-minute window of more
// than 100,000 requests, or one smaller than what Remaining says is left, is not.
func (i RateLimitInfo) PlausibleLimit() bool {
	return i.Limit > 0 && i.Limit <= maxPlausibleLimit && (i.Remaining < 0 || i.Remaining <= i.Limit)
}

// Limiter paces requests so that a run uses the whole allowance and a normal run never meets a 429.
//
// The model, the same for a server that counts a sliding window and for one that runs a token bucket:
//
//   - X-RateLimit-Remaining is the immediate budget. The latest reply (by the order requests were sent)
//     says how many requests the server takes now; less the requests we sent after that one (in flight
//     or not yet observed) and a small margin, that many go at once. On the enterprise tier 450 requests go
//     without any wait when the server says 1,200 remain.
//   - When the budget is spent, requests are paced at the tier's sustained rate (per minute, less a margin
//     of about 1.5%; the tier is the one X-RateLimit-Limit names, facts.TierByLimit), and none goes before
//     the window frees a slot (X-RateLimit-Reset after the last reply). A Reset longer than the window is a
//     token bucket's "until full", not "until the next slot": then the sustained rate alone paces.
//   - When Remaining falls faster than our own requests explain, another client uses the key: for a window
//     the limiter stops spending the budget at once and spreads what is left over the time to the reset;
//     with nothing left it paces at half the sustained rate, leaving the other half to the other client.
//   - A 429 pauses every caller for its Retry-After (the client calls Pause) and, against a server that
//     announced its limit, counts as another client for a window: alone, this pacing never meets one, and
//     a token bucket kept at 0 by another run shows that run in no other way.
//
// Before the first reply the limiter allows the starter tier's burst (10), which every tier admits, and
// paces at the starter rate; the first reply wakes every waiter with the real numbers. An explicit cap
// (--rate-limit) is a token bucket on top of all this.
type Limiter struct {
	mu         sync.Mutex
	clock      Clock
	window     time.Duration
	cap        int
	capLim     *rate.Limiter
	maxPause   time.Duration
	pauseUntil time.Time
	debug      func(format string, args ...any)
	notices    waitNotices

	announced int        // the plausible X-RateLimit-Limit last seen
	ignored   int        // the implausible one last noted (noted once, not on every reply)
	tier      facts.Tier // what announced names (Name "" for an unknown tier)
	sustained float64    // requests per window when pacing
	burst     int

	tickets      int64         // grants so far; a grant's ticket is its number
	inFlight     map[int64]int // granted tickets whose Observe has not come yet → how many were in flight when each was granted
	startBudget  int
	obs          observation // the latest observation, by ticket
	haveObs      bool
	lastGrant    time.Time
	foreignUntil time.Time
	wake         chan struct{} // closed when an observation may let waiters go earlier
}

// observation is what one reply said about the budget.
type observation struct {
	ticket    int64
	older     int // requests in flight when this one was sent: they may reach the server after it
	at        time.Time
	remaining int
	reset     time.Duration // 0 when not given
}

// NewLimiter returns a limiter at the starter tier (or the cap) until the first reply. A nil clock is the
// wall clock.
func NewLimiter(cfg RateConfig, clock Clock) *Limiter {
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	if clock == nil {
		clock = WallClock{}
	}
	start := facts.Tiers[facts.DefaultTier]
	l := &Limiter{clock: clock, window: cfg.Window, cap: cfg.Cap, wake: make(chan struct{}), startBudget: start.Burst, inFlight: map[int64]int{},
		sustained: float64(start.PerMinute), burst: start.Burst, debug: func(string, ...any) {}}
	if cfg.Cap > 0 {
		l.capLim = rate.NewLimiter(rate.Limit(float64(cfg.Cap)/cfg.Window.Seconds()), max(1, cfg.Cap/6))
		l.sustained, l.burst = float64(cfg.Cap), max(1, cfg.Cap/6)
		l.startBudget = min(l.startBudget, l.burst)
	}
	return l
}

// SetMaxPause caps how long one Pause may hold callers (0 = no cap).
func (l *Limiter) SetMaxPause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.maxPause = d
}

// SetDebug sets where the limiter explains its decisions (the client's --debug trace).
func (l *Limiter) SetDebug(f func(format string, args ...any)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.debug = f
}

// Pause stops every caller of Wait for d (after a 429's Retry-After), capped by SetMaxPause.
func (l *Limiter) Pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maxPause > 0 && d > l.maxPause {
		d = l.maxPause
	}
	now := l.clock.Now()
	if until := now.Add(d); until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
	// Paced as this limiter paces, a run alone never meets a 429 (the budget is the server's own count, less
	// what is in flight): a 429 means another client spends the same allowance, even when Remaining cannot
	// show it (a token bucket that the other client keeps at 0). Share it for a window, as when Remaining
	// falls faster than our requests explain.
	// (Only against a server that announced a plausible limit: without one there is no allowance to share.)
	if l.announced == 0 {
		return
	}
	if !now.Before(l.foreignUntil) {
		l.debug("a 429: another client uses this key; spreading requests for a window")
	}
	l.foreignUntil = now.Add(d).Add(l.window)
}

// Wait blocks until a request may be sent, or ctx ends. The ticket it returns goes back to Observe with
// the reply's headers, so that the limiter knows which of its grants the server had seen.
func (l *Limiter) Wait(ctx context.Context) (int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		l.mu.Lock()
		now := l.clock.Now()
		d := l.reserveLocked(now)
		ticket, wake := l.tickets, l.wake
		var nt notice
		var ok bool
		if d <= 0 {
			nt, ok = l.goneLocked()
		} else {
			nt, ok = l.waitingLocked(now, d)
		}
		l.mu.Unlock()
		l.deliver(nt, ok)
		if d <= 0 {
			return ticket, nil
		}
		// Sleep until the slot, or until a reply changes the picture (then recompute).
		wctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-wake:
				cancel()
			case <-wctx.Done():
			}
		}()
		err := l.clock.Sleep(wctx, d)
		cancel()
		if err != nil && ctx.Err() != nil {
			return 0, ctx.Err()
		}
	}
}

// reserveLocked grants a request at now (and returns 0) or says how long to wait before asking again.
func (l *Limiter) reserveLocked(now time.Time) time.Duration {
	if d := l.pauseUntil.Sub(now); d > 0 {
		return d
	}
	budget := l.budgetLocked()
	foreign := now.Before(l.foreignUntil)
	if budget <= 0 || foreign {
		interval := l.intervalLocked()
		switch {
		case foreign && budget > 0 && l.haveObs && l.obs.reset > 0:
			// Spread what is left over the time to the reset.
			interval = max(interval, l.obs.reset/time.Duration(budget+1))
		case foreign && budget <= 0:
			// Nothing left and someone else refills from the same allowance: take half of it.
			interval *= 2
		}
		slot := l.lastGrant.Add(interval)
		// Reset says when the window frees a slot. A Reset longer than the window cannot mean that: such a
		// server (a token bucket) says when its allowance is whole again, while its next token comes
		// within the sustained interval; then the interval alone paces.
		if budget <= 0 && l.haveObs && l.obs.reset > 0 && l.obs.reset <= l.window {
			if free := l.obs.at.Add(l.obs.reset); free.After(slot) {
				slot = free
			}
		}
		if d := slot.Sub(now); d > 0 {
			return d
		}
	}
	if l.capLim != nil {
		r := l.capLim.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			return d
		}
	}
	l.tickets++
	l.inFlight[l.tickets] = len(l.inFlight)
	l.lastGrant = now
	return 0
}

// budgetLocked is how many requests may go at once: what the latest reply said remains, less what we sent
// since, less those that were in flight when it was sent (they may have reached the server after it), and
// a margin.
func (l *Limiter) budgetLocked() int {
	if !l.haveObs {
		return l.startBudget - int(l.tickets)
	}
	margin := 1 + l.announced/100
	return l.obs.remaining - int(l.tickets-l.obs.ticket) - l.obs.older - margin
}

// intervalLocked is the spacing of requests at the sustained rate.
func (l *Limiter) intervalLocked() time.Duration {
	return time.Duration(float64(l.window) / max(l.sustained, 1e-9))
}

// Observe adapts the limiter to the rate-limit headers of the reply to the request with this ticket. The
// client calls it for every attempt that ends, with no headers (all -1) when no reply came.
func (l *Limiter) Observe(ticket int64, info RateLimitInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	older := l.inFlight[ticket]
	delete(l.inFlight, ticket)
	changed := false
	switch {
	case info.Limit > 0 && !info.PlausibleLimit():
		if info.Limit != l.ignored {
			l.ignored = info.Limit
			l.debug("ignoring X-RateLimit-Limit %d for pacing: not plausible for a per-minute window (remaining %d)", info.Limit, info.Remaining)
		}
	case info.Limit > 0 && info.Limit != l.announced:
		l.learnLocked(info.Limit)
		changed = true
	}
	if info.Remaining >= 0 && (!l.haveObs || ticket >= l.obs.ticket) {
		if l.haveObs {
			// Between two replies the server's Remaining can only grow (slots free up) or fall by our own
			// requests: those sent in between, those in flight when the earlier one was sent (they may have
			// reached the server after it), and those sent after this one (they may have overtaken it).
			// Falling further means another client spends the same key.
			ours := int(ticket-l.obs.ticket) + l.obs.older + int(l.tickets-ticket)
			if expected := l.obs.remaining - ours; info.Remaining < expected {
				if !now.Before(l.foreignUntil) {
					l.debug("X-RateLimit-Remaining fell to %d where our own requests explain %d: another client uses this key; spreading requests", info.Remaining, expected)
				}
				l.foreignUntil = now.Add(l.window)
			}
		}
		reset := time.Duration(0)
		if info.Reset > 0 {
			reset = time.Duration(info.Reset) * time.Second
		}
		l.obs, l.haveObs = observation{ticket: ticket, older: older, at: now, remaining: info.Remaining, reset: reset}, true
		changed = true
	}
	if changed {
		close(l.wake)
		l.wake = make(chan struct{})
	}
}

// learnLocked sets the sustained rate and burst from an announced window allowance.
func (l *Limiter) learnLocked(limit int) {
	l.announced = limit
	t, ok := facts.TierByLimit(limit)
	if !ok || t.Burst == 0 {
		t = facts.Tier{PerMinute: limit - max(1, limit/7), Burst: max(1, limit/7)}
	}
	l.tier = t
	// A margin of about 1.5% keeps our pacing from spending the window to the last slot.
	sustained, burst := limit-t.Burst-max(1, limit/64), t.Burst
	if l.cap > 0 && l.cap < sustained {
		sustained, burst = l.cap, min(burst, max(1, l.cap/6))
	}
	l.sustained, l.burst = float64(max(1, sustained)), burst
}

// Rate returns the sustained rate in requests per window and the burst.
func (l *Limiter) Rate() (perWindow float64, burst int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sustained, l.burst
}

// Tier returns the tier the server's X-RateLimit-Limit names, if it names a stated one. Its Daily is the
// daily cap the budget warning compares a plan with.
func (l *Limiter) Tier() (facts.Tier, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := facts.TierByLimit(l.announced)
	return t, ok && l.announced > 0
}

// Budget returns how many requests may go at once now, and whether a reply has said so yet.
func (l *Limiter) Budget() (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(0, l.budgetLocked()), l.haveObs
}

// Estimate says how long n more requests take under the model: the immediate budget goes at once, the rest
// at the sustained rate, after any pause. The progress bar's ETA uses it, so it agrees with the pacing.
func (l *Limiter) Estimate(n int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	wait := max(0, l.pauseUntil.Sub(now))
	budget := max(0, l.budgetLocked())
	if now.Before(l.foreignUntil) {
		budget = 0
	}
	if rest := n - budget; rest > 0 {
		wait += time.Duration(float64(rest) * float64(l.intervalLocked()))
	}
	return wait
}
