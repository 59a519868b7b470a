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

// As X-RateLimit-Remaining nears zero the limiter slows down, and at zero it waits for the reset.
func TestLimiterSlowsDownNearZero(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		remaining string
		want      time.Duration
	}{
		{"40", 0},
		{"3", 0},
		{"2", 4 * time.Second}, // 12 s to the reset, 3 requests left: one every 4 s
		{"1", 6 * time.Second},
		{"0", 12 * time.Second},
	}
	for _, c := range cases {
		l := NewLimiter(RateConfig{})
		l.now = func() time.Time { return now }
		l.Observe(headers("70", c.remaining, "12"))
		if got := l.pauseUntil.Sub(now); c.want == 0 && !l.pauseUntil.IsZero() || c.want != 0 && got != c.want {
			t.Errorf("remaining %s: pause %v, want %v", c.remaining, got, c.want)
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
