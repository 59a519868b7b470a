package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// The two ways a server may count a tier's allowance (Options.Limiter).
const (
	LimiterWindow = "window" // sliding window: at most PerMinute+Burst requests in any Window
	// LimiterBucket is a token bucket of PerMinute+Burst tokens refilled at PerMinute per Window, whose
	// X-RateLimit-Reset is the seconds until the bucket is full again.
	LimiterBucket = "bucket"
	// LimiterBucketNext is the same bucket announcing X-RateLimit-Reset as the seconds until the next token
	// (0 while one is left): both conventions exist, and a client must pace well under either.
	LimiterBucketNext = "bucket-next"
)

// Limiters lists the limiter kinds, for help and completion.
var Limiters = []string{LimiterWindow, LimiterBucket, LimiterBucketNext}

// keyLimit is one key's rate-limit state.
type keyLimit struct {
	win       []time.Time // window: admitted requests in the window, oldest first
	tokens    float64     // bucket: tokens left at time at
	at        time.Time
	otherNext time.Time // when the simulated other client sends its next request
}

// verdict is what admit tells the client.
type verdict struct {
	ok        bool
	remaining int // requests the server takes now
	reset     int // seconds until the allowance is whole again
	retry     int // seconds to wait, when refused
}

// admit applies the rate limit of the key's tier and the daily cap; s.mu is held.
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
	kl := s.limits[key.Token]
	if kl == nil {
		kl = &keyLimit{tokens: float64(allowed), at: now, otherNext: now}
		s.limits[key.Token] = kl
	}
	rate := float64(tier.PerMinute) / s.opts.Window.Seconds() // bucket refill, tokens a second
	take := func(t time.Time) bool {
		if s.opts.Limiter != LimiterWindow {
			return kl.bucketTake(t, rate, allowed)
		}
		return kl.windowTake(t, s.opts.Window, allowed)
	}
	// The other client's requests since the last look, in time order, before ours.
	if n := s.opts.OtherClient; n > 0 {
		every := s.opts.Window / time.Duration(n)
		if lag := now.Sub(kl.otherNext); lag > 10*s.opts.Window {
			// A long pause: requests older than ten windows change nothing that is still counted.
			skip := lag - 10*s.opts.Window
			kl.otherNext = kl.otherNext.Add(skip - skip%every)
		}
		for ; !kl.otherNext.After(now); kl.otherNext = kl.otherNext.Add(every) {
			if (tier.Daily == 0 || s.daily[key.Token] < tier.Daily) && take(kl.otherNext) {
				s.daily[key.Token]++
			}
		}
	}
	w.header.Set("X-RateLimit-Limit", strconv.Itoa(allowed))
	if tier.Daily > 0 && s.daily[key.Token] >= tier.Daily {
		midnight := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
		secs := int(math.Ceil(midnight.Sub(now).Seconds()))
		w.header.Set("Retry-After", strconv.Itoa(secs))
		w.header.Set("X-RateLimit-Remaining", "0")
		w.header.Set("X-RateLimit-Reset", strconv.Itoa(secs))
		writeErr(w, w.header.Get("X-Request-Id"), http.StatusTooManyRequests, "daily_limit_exceeded", "daily request cap reached; it resets at midnight UTC")
		return false
	}
	var v verdict
	if s.opts.Limiter != LimiterWindow {
		v = kl.bucketAdmit(now, rate, allowed, s.opts.Limiter == LimiterBucketNext)
	} else {
		v = kl.windowAdmit(now, s.opts.Window, allowed)
	}
	w.header.Set("X-RateLimit-Remaining", strconv.Itoa(v.remaining))
	w.header.Set("X-RateLimit-Reset", strconv.Itoa(v.reset))
	if !v.ok {
		w.header.Set("Retry-After", strconv.Itoa(v.retry))
		writeErr(w, w.header.Get("X-Request-Id"), http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("rate limit of %d requests per window exceeded", allowed))
		return false
	}
	s.daily[key.Token]++
	return true
}

// prune drops the window's requests older than window before now.
func (kl *keyLimit) prune(now time.Time, window time.Duration) {
	cut := 0
	for cut < len(kl.win) && !kl.win[cut].After(now.Add(-window)) {
		cut++
	}
	kl.win = kl.win[cut:]
}

// windowTake admits a request at t if the window has room.
func (kl *keyLimit) windowTake(t time.Time, window time.Duration, allowed int) bool {
	kl.prune(t, window)
	if len(kl.win) >= allowed {
		return false
	}
	kl.win = append(kl.win, t)
	return true
}

func (kl *keyLimit) windowAdmit(now time.Time, window time.Duration, allowed int) verdict {
	ok := kl.windowTake(now, window, allowed)
	reset := 0
	if len(kl.win) > 0 {
		reset = int(math.Ceil(kl.win[0].Add(window).Sub(now).Seconds()))
	}
	if !ok {
		return verdict{remaining: 0, reset: max(1, reset), retry: max(1, reset)}
	}
	return verdict{ok: true, remaining: allowed - len(kl.win), reset: reset}
}

// refill adds the tokens earned since kl.at, up to the bucket's size.
func (kl *keyLimit) refill(t time.Time, rate float64, size int) {
	if t.After(kl.at) {
		kl.tokens = min(float64(size), kl.tokens+t.Sub(kl.at).Seconds()*rate)
		kl.at = t
	}
}

// bucketTake admits a request at t if a whole token is left.
func (kl *keyLimit) bucketTake(t time.Time, rate float64, size int) bool {
	kl.refill(t, rate, size)
	if kl.tokens < 1 {
		return false
	}
	kl.tokens--
	return true
}

// bucketAdmit takes a token at now; next says whether Reset counts to the next token or to a full bucket.
func (kl *keyLimit) bucketAdmit(now time.Time, rate float64, size int, next bool) verdict {
	ok := kl.bucketTake(now, rate, size)
	secs := func(tokens float64) int { return int(math.Ceil(tokens / rate)) }
	reset := secs(float64(size) - kl.tokens) // until the bucket is full again
	if next {
		reset = secs(max(0, 1-kl.tokens)) // until the next token: 0 while one is left
	}
	if !ok {
		return verdict{remaining: 0, reset: reset, retry: max(1, secs(1-kl.tokens))}
	}
	return verdict{ok: true, remaining: int(kl.tokens), reset: reset}
}
