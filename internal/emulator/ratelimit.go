package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

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
