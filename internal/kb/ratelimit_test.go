package kb

import (
	"net/http"
	"testing"
	"time"
)

func headers(limit, remaining, reset string) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", limit)
	h.Set("X-RateLimit-Remaining", remaining)
	h.Set("X-RateLimit-Reset", reset)
	return h
}

// A low Remaining that our own requests explain does not slow us down (our pacing uses the whole window);
// one that they do not explain (another client shares the key) spreads what is left; zero waits the reset.
func TestLimiterSlowsDownNearZero(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		own       int
		remaining string
		want      time.Duration
	}{
		{0, "40", 0},
		{68, "2", 0},                // all ours: keep going
		{30, "2", 4 * time.Second},  // 38 requests are someone else's: 12 s to the reset, 3 left, one every 4 s
		{30, "1", 6 * time.Second},  // likewise
		{69, "0", 12 * time.Second}, // spent, by whoever: wait for the reset
	}
	for _, c := range cases {
		l := NewLimiter(RateConfig{})
		l.now = func() time.Time { return now }
		l.Observe(headers("70", "70", "0")) // learn the limit
		for i := 0; i < c.own; i++ {
			l.record()
		}
		l.Observe(headers("70", c.remaining, "12"))
		if got := l.pauseUntil.Sub(now); c.want == 0 && !l.pauseUntil.IsZero() || c.want != 0 && got != c.want {
			t.Errorf("own %d, remaining %s: pause %v, want %v", c.own, c.remaining, got, c.want)
		}
	}
	l := NewLimiter(RateConfig{})
	l.now = func() time.Time { return now }
	l.SetMaxPause(time.Second)
	l.Observe(headers("70", "0", "3600"))
	if got := l.pauseUntil.Sub(now); got != time.Second {
		t.Errorf("a pause is capped by MaxRetryAfter: %v", got)
	}
}
