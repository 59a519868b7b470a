package kb

import (
	"context"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

func info(limit, remaining, reset int) RateLimitInfo {
	return RateLimitInfo{Limit: limit, Remaining: remaining, Reset: reset}
}

// grant takes n immediate grants at the current time, failing if any would wait.
func grant(t *testing.T, l *Limiter, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if d := l.reserveLocked(l.clock.Now()); d != 0 {
			t.Fatalf("grant %d of %d waits %v; want it at once", i+1, n, d)
		}
	}
}

// Remaining is the immediate budget: that many go at once (less those sent since and a margin of 1 on the
// starter tier), then the limiter waits for the window to free a slot.
func TestLimiterSpendsRemainingThenWaitsForReset(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	exchange(t, l, info(70, 40, 12))
	if n, known := l.Budget(); n != 39 || !known {
		t.Fatalf("budget %d (known %v), want 40 less the margin", n, known)
	}
	for r := 39; r >= 1; r-- {
		exchange(t, l, info(70, r, 12))
	}
	if d := l.reserveLocked(clk.Now()); d != 12*time.Second {
		t.Fatalf("after spending Remaining: wait %v, want the 12 s until the window frees a slot", d)
	}
	// Requests in flight when a reply's request was sent may reach the server after it: its Remaining is
	// discounted by them.
	grant(t, l, 0)
	clk.Advance(12 * time.Second)
	exchange(t, l, info(70, 30, 5))
	grant(t, l, 29)
	if d := l.reserveLocked(clk.Now()); d <= 0 {
		t.Fatal("granted past the budget")
	}
	for i := int64(0); i < 29; i++ {
		l.Observe(l.tickets-28+i, info(70, 29, 5)) // the window freed as fast as they came
	}
	if n, _ := l.Budget(); n != 0 {
		t.Fatalf("budget %d after the last of 29 concurrent replies; want it discounted by the 28 in flight", n)
	}
}

// exchange sends one request through l at once and observes its reply, as the client does.
func exchange(t *testing.T, l *Limiter, inf RateLimitInfo) {
	t.Helper()
	grant(t, l, 1)
	l.Observe(l.tickets, inf)
}

// A Remaining that our own requests explain does not slow us down; one that falls further (another client
// shares the key) spreads what is left over the time to the reset; zero waits the reset.
func TestLimiterSlowsDownForAnotherClient(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	for r := 69; r >= 40; r-- {
		exchange(t, l, info(70, r, 60)) // exactly ours: no one else
	}
	// Replies that overtake each other are still ours: three requests in flight, answered out of order.
	grant(t, l, 3)
	l.Observe(l.tickets, info(70, 37, 60))
	l.Observe(l.tickets-2, info(70, 39, 60)) // stale: an older ticket
	l.Observe(l.tickets-1, info(70, 38, 60))
	if clk.Now().Before(l.foreignUntil) {
		t.Fatal("our own requests were taken for another client's")
	}
	exchange(t, l, info(70, 2, 12)) // 34 fewer where our one request explains 1: another client
	if !clk.Now().Before(l.foreignUntil) {
		t.Fatal("another client's use went unnoticed")
	}
	// 2 left, less a margin of 1: one more, spread over the 12 s to the reset: one every 6 s.
	clk.Advance(time.Second)
	if d := l.reserveLocked(clk.Now()); d != 5*time.Second {
		t.Fatalf("wait %v, want 5 s (6 s after the last grant)", d)
	}
	clk.Advance(5 * time.Second)
	grant(t, l, 1)
	if d := l.reserveLocked(clk.Now()); d != 6*time.Second {
		t.Fatalf("budget spent: wait %v, want 6 s (the reset, 12 s after the reply)", d)
	}
}

func TestLimiterPauseIsCapped(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	l.SetMaxPause(time.Second)
	l.Pause(time.Hour)
	if d := l.reserveLocked(clk.Now()); d != time.Second {
		t.Errorf("a pause is capped by MaxRetryAfter: %v", d)
	}
}

// An X-RateLimit-Limit that cannot be a per-minute window is ignored for pacing, with a debug note;
// Remaining still counts.
func TestLimiterIgnoresImplausibleLimit(t *testing.T) {
	for _, c := range []RateLimitInfo{info(1_000_000, 999_999, 0), info(50, 900, 1)} {
		l := NewLimiter(RateConfig{}, newFakeClock())
		var notes []string
		l.SetDebug(func(f string, a ...any) { notes = append(notes, f) })
		grant(t, l, 1)
		l.Observe(1, c)
		grant(t, l, 1)
		l.Observe(2, RateLimitInfo{Limit: c.Limit, Remaining: c.Remaining - 1, Reset: c.Reset})
		if per, burst := l.Rate(); per != 60 || burst != 10 {
			t.Errorf("limit %d remaining %d: paced at %v + %d, want the starter default", c.Limit, c.Remaining, per, burst)
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "not plausible") { // once, not on every reply
			t.Errorf("limit %d: debug notes %q", c.Limit, notes)
		}
		grant(t, l, min(c.Remaining-3, 500))
	}
}

// Enterprise: 450 requests go at once when the server says 1,200 remain; the estimate agrees.
func TestLimiterEnterpriseBurst(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	grant(t, l, 1)
	l.Observe(1, info(1200, 1199, 60))
	if d := l.Estimate(450); d != 0 {
		t.Fatalf("estimate for 450: %v, want 0", d)
	}
	grant(t, l, 450)
	if tier, ok := l.Tier(); !ok || tier.Name != "enterprise" || tier.Daily != 1_000_000 {
		t.Fatalf("tier %+v %v", tier, ok)
	}
	// 1199-450-13 = 736 left at once, then 1000/min less the margin.
	if d := l.Estimate(736 + 982); d < 59*time.Second || d > 61*time.Second {
		t.Fatalf("estimate: %v, want about a minute", d)
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
		ticket, err := l.Wait(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		now := clk.Now()
		inf, ok := s.hit(now)
		l.Observe(ticket, inf)
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
	// 120 at once (less the margin), the rest when the first ones leave the window a minute later.
	if took := sent[len(sent)-1].Sub(sent[0]); took > 61*time.Second {
		t.Fatalf("200 requests took %s of (fake) time; the window allows them in a minute", took)
	}
}

// The tiers Atender states are recognised by their announced window, so the limiter uses their real burst.
func TestLimiterUsesStatedTierBurst(t *testing.T) {
	for _, name := range []string{"starter", "professional", "enterprise"} {
		tier := facts.Tiers[name]
		l := NewLimiter(RateConfig{}, newFakeClock())
		l.Observe(1, info(tier.Window(), tier.Window(), 0))
		per, burst := l.Rate()
		if burst != tier.Burst || int(per)+burst > tier.Window() || float64(tier.PerMinute)-per > float64(tier.Window())/50 {
			t.Errorf("%s: %v/min + %d, want the tier's burst %d and a rate just under %d", name, per, burst, tier.Burst, tier.PerMinute)
		}
	}
}

// A token bucket says in Reset when it is full again, which is longer than the window: then the limiter
// paces at the sustained rate instead of waiting for it.
func TestLimiterResetLongerThanWindowIsABucket(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	for r := 69; r >= 1; r-- {
		exchange(t, l, info(70, r, 70))
	}
	want := l.intervalLocked()
	if want < time.Second || want > 1100*time.Millisecond {
		t.Fatalf("sustained interval %v, want a minute / 59", want)
	}
	if d := l.reserveLocked(clk.Now()); d != want {
		t.Fatalf("wait %v, want the sustained interval %v, not the 70 s until the bucket is full", d, want)
	}
}
