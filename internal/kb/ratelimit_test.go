package kb

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

func info(limit, remaining, reset int) RateLimitInfo {
	return RateLimitInfo{Limit: limit, Remaining: remaining, Reset: reset}
}

// A low Remaining that our own requests explain does not slow us down (our pacing uses the whole window);
// one that they do not explain (another client shares the key) spreads what is left; zero waits the reset.
func TestLimiterSlowsDownNearZero(t *testing.T) {
	cases := []struct {
		own       int
		remaining int
		want      time.Duration
	}{
		{0, 40, 0},
		{68, 2, 0},                // all ours: keep going
		{30, 2, 4 * time.Second},  // 38 requests are someone else's: 12 s to the reset, 3 left, one every 4 s
		{30, 1, 6 * time.Second},  // likewise
		{69, 0, 12 * time.Second}, // spent, by whoever: wait for the reset
	}
	for _, c := range cases {
		clk := newFakeClock()
		l := NewLimiter(RateConfig{}, clk)
		l.Observe(info(70, 70, 0)) // learn the limit
		for i := 0; i < c.own; i++ {
			l.record()
		}
		l.Observe(info(70, c.remaining, 12))
		if got := l.pauseUntil.Sub(clk.Now()); c.want == 0 && !l.pauseUntil.IsZero() || c.want != 0 && got != c.want {
			t.Errorf("own %d, remaining %d: pause %v, want %v", c.own, c.remaining, got, c.want)
		}
	}
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	l.SetMaxPause(time.Second)
	l.Observe(info(70, 0, 3600))
	if got := l.pauseUntil.Sub(clk.Now()); got != time.Second {
		t.Errorf("a pause is capped by MaxRetryAfter: %v", got)
	}
}

func TestParseRateLimit(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	h := func(kv ...string) http.Header {
		x := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			x.Set(kv[i], kv[i+1])
		}
		return x
	}
	cases := []struct {
		name string
		h    http.Header
		want RateLimitInfo
	}{
		{"all three, reset in seconds", h("X-RateLimit-Limit", "70", "X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "30"), info(70, 12, 30)},
		{"reset as a Unix time", h("X-RateLimit-Limit", "70", "X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "1777636845"), info(70, 12, 45)},
		{"reset as a Unix time in the past", h("X-RateLimit-Reset", "1777636700"), info(-1, -1, 0)},
		{"fractional reset rounds up", h("X-RateLimit-Reset", "0.2"), info(-1, -1, 1)},
		{"absent", h(), info(-1, -1, -1)},
		{"garbage", h("X-RateLimit-Limit", "lots", "X-RateLimit-Remaining", "-3"), info(-1, -1, -1)},
	}
	for _, c := range cases {
		if got := parseRateLimit(c.h, now); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// slidingServer models a server that admits limit requests in any sliding window, on the fake clock.
type slidingServer struct {
	limit  int
	window time.Duration
	hits   []time.Time
	n429   int
}

// hit admits or refuses a request at now and returns the headers such a server sends.
func (s *slidingServer) hit(now time.Time) (RateLimitInfo, bool) {
	i := 0
	for i < len(s.hits) && !s.hits[i].After(now.Add(-s.window)) {
		i++
	}
	s.hits = s.hits[i:]
	resetIn := 0
	if len(s.hits) > 0 {
		resetIn = int(math.Ceil(s.hits[0].Add(s.window).Sub(now).Seconds()))
	}
	if len(s.hits) >= s.limit {
		s.n429++
		return info(s.limit, 0, resetIn), false
	}
	s.hits = append(s.hits, now)
	if len(s.hits) == 1 {
		resetIn = int(s.window.Seconds())
	}
	return info(s.limit, s.limit-len(s.hits), resetIn), true
}

// run sends n requests one after another through l, against s; it returns the send times of admitted
// requests.
func (s *slidingServer) run(t *testing.T, l *Limiter, clk *fakeClock, n int) []time.Time {
	t.Helper()
	var sent []time.Time
	for len(sent) < n {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		now := clk.Now()
		inf, ok := s.hit(now)
		l.Observe(inf)
		if !ok {
			l.Pause(time.Duration(inf.Reset) * time.Second)
			continue
		}
		sent = append(sent, now)
	}
	return sent
}

// maxInWindow is the most send times within any span of length w.
func maxInWindow(at []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range at {
		for at[i].Sub(at[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// The limiter must keep 200 requests inside a sliding window that admits 120 (a custom tier of 100/min +
// 20): no window may hold more than 120 of them, and the server must never answer 429. On the fake clock
// this is exact: no slack for a busy machine is needed.
func TestLimiterKeepsBurstInsideRate(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	srv := &slidingServer{limit: 120, window: time.Minute}
	sent := srv.run(t, l, clk, 200)
	if srv.n429 != 0 {
		t.Fatalf("the server answered 429 %d times; the limiter let a burst exceed the window", srv.n429)
	}
	if n := maxInWindow(sent, time.Minute); n > 120 {
		t.Fatalf("%d requests within one window; the server allows 120", n)
	}
	if per, burst := l.Rate(); int(per)+burst > 120 {
		t.Fatalf("learned rate %v + burst %d exceeds the announced 120 per window", per, burst)
	}
	if took := sent[len(sent)-1].Sub(sent[0]); took > 2*time.Minute {
		t.Fatalf("200 requests took %s of (fake) time; the window allows them in under 2 minutes", took)
	}
}

// The tiers Atender states are recognised by their announced window, so the limiter uses their real burst.
func TestLimiterUsesStatedTierBurst(t *testing.T) {
	for _, name := range []string{"starter", "professional", "enterprise"} {
		tier := facts.Tiers[name]
		l := NewLimiter(RateConfig{}, newFakeClock())
		l.Observe(info(tier.Window(), tier.Window(), 0))
		per, burst := l.Rate()
		if burst != tier.Burst || int(per)+burst > tier.Window() || float64(tier.PerMinute)-per > float64(tier.Window())/50 {
			t.Errorf("%s: %v/min + %d, want the tier's burst %d and a rate just under %d", name, per, burst, tier.Burst, tier.PerMinute)
		}
	}
}
