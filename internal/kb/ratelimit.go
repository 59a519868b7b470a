package kb

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Starter tier (stated): 60 requests a minute plus a burst of 10, i.e. 70 in any sliding 60-second window.
const (
	DefaultPerMinute = 60
	DefaultBurst     = 10
)

// RateConfig configures the client-side limiter.
type RateConfig struct {
	// Cap is an explicit limit in requests per Window (the --rate-limit setting). 0 means none: the client
	// starts at the starter tier and then follows what the server announces.
	Cap int
	// Window is the length of the server's sliding window; 60 s on Atender. Tests shrink it.
	Window time.Duration
}

// nearZero is how close to zero X-RateLimit-Remaining must come before another client's use of the key
// slows us down.
const nearZero = 2

// Limiter paces requests so that a normal run never meets a 429.
//
// A sliding window that admits L requests is never overrun by a token bucket whose burst b and refill r per
// window satisfy b + r <= L. Atender announces L in X-RateLimit-Limit (burst included: 70 on starter), so the
// limiter runs at r = L - b - m per window with b = L/7 and a margin m of about 1.5% (59/min + 10 on the
// starter tier), and scales to larger tiers (and to the emulator's unlimited one) without any setting. When the server says the
// window is nearly spent (X-RateLimit-Remaining), or answers 429, every worker pauses until it frees up.
type Limiter struct {
	mu         sync.Mutex
	lim        *rate.Limiter
	window     time.Duration
	cap        int
	announced  int
	pauseUntil time.Time
	maxPause   time.Duration
	sent       []time.Time // our own requests in the current window
	now        func() time.Time
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
	if until := l.now().Add(d); until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
}

// NewLimiter returns a limiter that runs at the starter tier (or the cap) until the first reply.
func NewLimiter(cfg RateConfig) *Limiter {
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	l := &Limiter{window: cfg.Window, cap: cfg.Cap, now: time.Now}
	perWindow, burst := DefaultPerMinute, DefaultBurst
	if cfg.Cap > 0 {
		perWindow, burst = cfg.Cap, max(1, cfg.Cap/6)
		if burst > perWindow {
			burst = perWindow
		}
	}
	l.lim = rate.NewLimiter(l.perSecond(perWindow), burst)
	return l
}

func (l *Limiter) perSecond(perWindow int) rate.Limit {
	return rate.Limit(float64(perWindow) / l.window.Seconds())
}

// Wait blocks until a request may be sent, or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		pause := l.pauseUntil.Sub(l.now())
		l.mu.Unlock()
		if pause <= 0 {
			break
		}
		if err := sleepCtx(ctx, pause); err != nil {
			return err
		}
	}
	if err := l.lim.Wait(ctx); err != nil {
		return err
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
func (l *Limiter) Observe(h http.Header) {
	limit, _ := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, errRem := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, _ := strconv.ParseFloat(h.Get("X-RateLimit-Reset"), 64)

	l.mu.Lock()
	defer l.mu.Unlock()
	if limit > 0 && limit != l.announced {
		l.announced = limit
		burst := max(1, limit/7)
		// A margin of about 1.5% keeps our own pacing from spending the window to the last slot, so a
		// Remaining of zero means someone else is using the key (or the clocks disagree), never just us.
		perWindow := limit - burst - max(1, limit/64)
		if l.cap > 0 && l.cap < perWindow {
			perWindow = l.cap
			burst = min(burst, max(1, l.cap/6))
		}
		l.lim.SetLimit(l.perSecond(max(1, perWindow)))
		l.lim.SetBurst(burst)
	}
	// Another process may share the key. Our own pacing uses the whole window, so a low Remaining alone
	// says nothing; a Remaining lower than our own requests in the window explain does. Then spread what is
	// left over the time until the window frees up (reset/(remaining+1) per request). At zero, whoever
	// spent it, wait for the reset rather than run into a 429.
	if errRem == nil && reset > 0 {
		switch {
		case remaining <= 0:
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
	l.sent = append(l.sent, l.now())
	l.ownInWindowLocked()
}

// ownInWindowLocked prunes the log to the window and returns how many of our requests it holds.
func (l *Limiter) ownInWindowLocked() int {
	cut := l.now().Add(-l.window)
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

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
