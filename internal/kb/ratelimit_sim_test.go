package kb

import (
	"math"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

// bucketServer models a token bucket on the fake clock: size tokens, refilled at perWindow per window.
// Reset is the seconds until the bucket is full (untilNext false) or until the next token (true).
type bucketServer struct {
	size      int
	perWindow int
	window    time.Duration
	untilNext bool
	tokens    float64
	at        time.Time
	n429      int
}

func (s *bucketServer) hit(now time.Time) (RateLimitInfo, bool) {
	rate := float64(s.perWindow) / s.window.Seconds()
	if s.at.IsZero() {
		s.tokens, s.at = float64(s.size), now
	}
	s.tokens = math.Min(float64(s.size), s.tokens+now.Sub(s.at).Seconds()*rate)
	s.at = now
	ok := s.tokens >= 1
	if ok {
		s.tokens--
	} else {
		s.n429++
	}
	reset := int(math.Ceil((float64(s.size) - s.tokens) / rate))
	if s.untilNext {
		reset = int(math.Ceil(math.Max(0, 1-s.tokens) / rate))
	}
	return info(s.size, int(s.tokens), reset), ok
}

type simServer interface {
	hit(now time.Time) (RateLimitInfo, bool)
}

// simulate drives l against srv with `workers` requests in flight, each answered after latency, for the
// given fake time, single-threaded and exact: a request reaches the server when granted, its reply is
// observed latency later. It returns the grant times of admitted requests and the 429s.
func simulate(l *Limiter, clk *fakeClock, srv simServer, workers int, latency, span time.Duration) (sent []time.Time, n429 int) {
	type flight struct {
		ticket int64
		due    time.Time
		inf    RateLimitInfo
	}
	var air []flight
	end := clk.Now().Add(span)
	for clk.Now().Before(end) {
		now := clk.Now()
		// Replies due by now arrive first.
		for len(air) > 0 && !air[0].due.After(now) {
			f := air[0]
			air = air[1:]
			l.Observe(f.ticket, f.inf)
		}
		var d time.Duration = -1
		if len(air) < workers {
			l.mu.Lock()
			d = l.reserveLocked(now)
			ticket := l.tickets
			l.mu.Unlock()
			if d <= 0 {
				inf, ok := srv.hit(now)
				if ok {
					sent = append(sent, now)
				} else {
					n429++
					l.Pause(time.Duration(max(1, inf.Reset)) * time.Second)
				}
				air = append(air, flight{ticket: ticket, due: now.Add(latency), inf: inf})
				continue
			}
		}
		// Advance to the next event: a reply, or the limiter's slot.
		next := end
		if len(air) > 0 && air[0].due.Before(next) {
			next = air[0].due
		}
		if d > 0 && now.Add(d).Before(next) {
			next = now.Add(d)
		}
		clk.Advance(next.Sub(now))
	}
	return sent, n429
}

// Issue 13: after the burst the client keeps to ≥ 95% of the tier's sustained rate with no 429, against a
// sliding window and against a token bucket whose Reset means "until full" or "until the next token", with 8
// requests in flight, on the real 60 s window and on the emulator benchmark's 2 s one (where Reset, in whole
// seconds, is coarse: a bucket's "until full" of 2.3 s reads as 3, longer than the window; the limiter
// that waited for it ran at 72-78%).
func TestLimiterSustainedRateOnEveryKindOfServer(t *testing.T) {
	const windows = 10
	for _, window := range []time.Duration{time.Minute, 2 * time.Second} {
		for _, name := range []string{"starter", "professional", "enterprise"} {
			if window < time.Minute && name == "enterprise" {
				// 500 requests a second: a sliding window's Reset in whole seconds (waited out in full, the
				// safe reading) then costs up to half of a 2 s window. The benchmark's tiers are the others.
				continue
			}
			tier := facts.Tiers[name]
			servers := map[string]func() simServer{
				"sliding window": func() simServer { return &slidingServer{limit: tier.Window(), window: window} },
				"bucket, reset until full": func() simServer {
					return &bucketServer{size: tier.Window(), perWindow: tier.PerMinute, window: window}
				},
				"bucket, reset until the next token": func() simServer {
					return &bucketServer{size: tier.Window(), perWindow: tier.PerMinute, window: window, untilNext: true}
				},
			}
			for kind, mk := range servers {
				t.Run(window.String()+"/"+name+"/"+kind, func(t *testing.T) {
					clk := newFakeClock()
					l := NewLimiter(RateConfig{Window: window}, clk)
					start := clk.Now()
					sent, n429 := simulate(l, clk, mk(), 8, 5*time.Millisecond, windows*window)
					after := 0
					for _, at := range sent {
						if at.Sub(start) >= window {
							after++
						}
					}
					pct := 100 * float64(after) / float64((windows-1)*tier.PerMinute)
					t.Logf("%.1f%% of the sustained rate after the first window, %d × 429", pct, n429)
					if n429 != 0 || pct < 95 {
						t.Errorf("%.1f%% of the sustained rate after the first window, %d × 429; want ≥ 95%% and none", pct, n429)
					}
				})
			}
		}
	}
}
