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

// nearZero is how close to zero X-RateLimit-Remaining must come before another client's use of the key
// slows us down.
const nearZero = 2

// Limiter paces requests so that a normal run never meets a 429.
//
// A sliding window that admits L requests is never overrun by a token bucket whose burst b and refill r per
// window satisfy b + r <= L. Atender announces L in X-RateLimit-Limit (burst included: 70 on starter), so the
// limiter runs at r = L - b - m per window, with b the burst of the tier L names (facts.TierByLimit; L/7 for
// an unknown L) and a margin m of about 1.5% (59/min + 10 on the starter tier), and scales to larger tiers
// (and to the emulator's unlimited one) without any setting. When the server says the window is nearly
// spent (X-RateLimit-Remaining), or answers 429, every worker pauses until it frees up.
type Limiter struct {
	mu         sync.Mutex
	lim        *rate.Limiter
	clock      Clock
	window     time.Duration
	cap        int
	announced  int
	pauseUntil time.Time
	maxPause   time.Duration
	sent       []time.Time // our own requests in the current window
}

// NewLimiter returns a limiter that runs at the starter tier (or the cap) until the first reply. A nil clock
// is the wall clock.
func NewLimiter(cfg RateConfig, clock Clock) *Limiter {
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	if clock == nil {
		clock = WallClock{}
	}
	l := &Limiter{window: cfg.Window, cap: cfg.Cap, clock: clock}
	// Until the first reply names the tier, assume the default one (starter: 60/min + 10).
	start := facts.Tiers[facts.DefaultTier]
	perWindow, burst := start.PerMinute, start.Burst
	if cfg.Cap > 0 {
		perWindow, burst = cfg.Cap, max(1, cfg.Cap/6)
	}
	l.lim = rate.NewLimiter(l.perSecond(perWindow), burst)
	return l
}

// SetMaxPause caps how long one Pause or an exhausted window may hold callers (0 = no cap).
func (l *Limiter) SetMaxPause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.maxPause = d
}

// pauseLocked holds callers for d, capped by maxPause; l.mu is held.
func (l *Limiter) pauseLocked(d time.Duration) {
	if l.maxPause > 0 && d > l.maxPause {
		d = l.maxPause
	}
	if until := l.clock.Now().Add(d); until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
}

func (l *Limiter) perSecond(perWindow int) rate.Limit {
	return rate.Limit(float64(perWindow) / l.window.Seconds())
}

// Wait blocks until a request may be sent, or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		pause := l.pauseUntil.Sub(l.clock.Now())
		l.mu.Unlock()
		if pause <= 0 {
			break
		}
		if err := l.clock.Sleep(ctx, pause); err != nil {
			return err
		}
	}
	now := l.clock.Now()
	r := l.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		if err := l.clock.Sleep(ctx, d); err != nil {
			r.CancelAt(l.clock.Now())
			return err
		}
	}
	l.record()
	return nil
}

// Pause stops every caller of Wait for d (after a 429's Retry-After).
func (l *Limiter) Pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pauseLocked(d)
}

// Observe adapts the limiter to the X-RateLimit-* headers of a reply.
func (l *Limiter) Observe(info RateLimitInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if limit := info.Limit; limit > 0 && limit != l.announced {
		l.announced = limit
		burst := max(1, limit/7)
		if t, ok := facts.TierByLimit(limit); ok && t.Burst > 0 {
			burst = t.Burst
		}
		// A margin of about 1.5% keeps our own pacing from spending the window to the last slot, so a
		// Remaining of zero means someone else is using the key (or the clocks disagree), never just us.
		perWindow := limit - burst - max(1, limit/64)
		if l.cap > 0 && l.cap < perWindow {
			perWindow = l.cap
			burst = min(burst, max(1, l.cap/6))
		}
		now := l.clock.Now()
		l.lim.SetLimitAt(now, l.perSecond(max(1, perWindow)))
		l.lim.SetBurstAt(now, burst)
	}
	// Another process may share the key. Our own pacing uses the whole window, so a low Remaining alone
	// says nothing; a Remaining lower than our own requests in the window explain does. Then spread what is
	// left over the time until the window frees up (reset/(remaining+1) per request). At zero, whoever
	// spent it, wait for the reset rather than run into a 429.
	remaining, reset := info.Remaining, float64(info.Reset)
	if remaining >= 0 && reset > 0 {
		switch {
		case remaining == 0:
			l.pauseLocked(time.Duration(reset * float64(time.Second)))
		case remaining <= nearZero && l.announced > 0 && remaining < l.announced-l.ownInWindowLocked()-nearZero:
			l.pauseLocked(time.Duration(reset / float64(remaining+1) * float64(time.Second)))
		}
	}
}

// maxTracked bounds the own-request log: above this announced limit, sharing a key cannot exhaust it.
const maxTracked = 10_000

// record notes one of our own requests, for telling our usage from another client's.
func (l *Limiter) record() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.announced > maxTracked {
		l.sent = l.sent[:0]
		return
	}
	l.sent = append(l.sent, l.clock.Now())
	l.ownInWindowLocked()
}

// ownInWindowLocked prunes the log to the window and returns how many of our requests it holds.
func (l *Limiter) ownInWindowLocked() int {
	cut := l.clock.Now().Add(-l.window)
	i := 0
	for i < len(l.sent) && !l.sent[i].After(cut) {
		i++
	}
	l.sent = append(l.sent[:0], l.sent[i:]...)
	return len(l.sent)
}

// Rate returns the current steady rate in requests per window and the burst.
func (l *Limiter) Rate() (perWindow float64, burst int) {
	return float64(l.lim.Limit()) * l.window.Seconds(), l.lim.Burst()
}
