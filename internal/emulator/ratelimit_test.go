package emulator

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

// clockFixture is an emulator on a fake clock with one key on a small tier: 60 a minute plus a burst of 10.
type clockFixture struct {
	t   *testing.T
	now time.Time
	url string
	key string
	s   *Server
}

func newClockFixture(t *testing.T, limiter string, other int) *clockFixture {
	f := &clockFixture{t: t, now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), key: NewToken("test")}
	f.s = MustNew(Options{Tier: facts.Tier{Name: "small", PerMinute: 60, Burst: 10}, Limiter: limiter, OtherClient: other,
		Now: func() time.Time { return f.now }})
	ts := httptest.NewServer(f.s)
	t.Cleanup(ts.Close)
	f.url = ts.URL + facts.BasePath + "/tags"
	f.s.AddKey(Key{Token: f.key, Env: "test"})
	return f
}

type limitReply struct{ status, limit, remaining, reset, retry int }

func (f *clockFixture) get() limitReply {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.url, nil)
	req.Header.Set("Authorization", "Bearer "+f.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	n := func(h string) int { v, _ := strconv.Atoi(resp.Header.Get(h)); return v }
	return limitReply{resp.StatusCode, n("X-RateLimit-Limit"), n("X-RateLimit-Remaining"), n("X-RateLimit-Reset"), n("Retry-After")}
}

func (f *clockFixture) drain(n int) {
	f.t.Helper()
	for i := range n {
		if r := f.get(); r.status != 200 || r.remaining != n-1-i {
			f.t.Fatalf("request %d of %d: %+v", i+1, n, r)
		}
	}
}

// A sliding window gives nothing back until the oldest request leaves it.
func TestWindowLimiter(t *testing.T) {
	f := newClockFixture(t, "", 0)
	f.drain(70)
	if r := f.get(); r != (limitReply{429, 70, 0, 60, 60}) {
		t.Fatalf("71st request: %+v, want 429 until the window moves (60 s)", r)
	}
	f.now = f.now.Add(30 * time.Second)
	if r := f.get(); r.status != 429 || r.retry != 30 {
		t.Fatalf("after 30 s: %+v, want still refused for 30 s", r)
	}
	f.now = f.now.Add(30 * time.Second)
	if r := f.get(); r.status != 200 || r.remaining != 69 {
		t.Fatalf("after the window: %+v", r)
	}
}

// A token bucket refills continuously: a second after draining it takes one request, half a minute later 30.
func TestBucketLimiter(t *testing.T) {
	f := newClockFixture(t, LimiterBucket, 0)
	f.drain(70)
	if r := f.get(); r != (limitReply{429, 70, 0, 70, 1}) {
		t.Fatalf("71st request: %+v, want 429 for 1 s, full again in 70 s", r)
	}
	f.now = f.now.Add(time.Second)
	if r := f.get(); r.status != 200 || r.remaining != 0 {
		t.Fatalf("a second later: %+v, want one request taken", r)
	}
	f.now = f.now.Add(30 * time.Second)
	if r := f.get(); r.status != 200 || r.remaining != 29 || r.reset != 41 {
		t.Fatalf("30 s later: %+v, want 29 left and full in 41 s", r)
	}
	if _, err := New(Options{Limiter: "leaky"}); err == nil {
		t.Fatal("an unknown limiter was accepted")
	}
}

// bucket-next is the same bucket announcing Reset as the time to the next token.
func TestBucketNextAnnouncesTheNextToken(t *testing.T) {
	f := newClockFixture(t, LimiterBucketNext, 0)
	if r := f.get(); r.status != 200 || r.remaining != 69 || r.reset != 0 {
		t.Fatalf("first request: %+v, want 69 left and Reset 0 (a token is there)", r)
	}
	f.drain(69)
	if r := f.get(); r != (limitReply{429, 70, 0, 1, 1}) {
		t.Fatalf("empty bucket: %+v, want 429 with Reset and Retry-After 1 s", r)
	}
}

// A second client on the same key spends the allowance: Remaining falls faster than our own requests explain,
// and in the end we get 429s we did not cause alone.
func TestOtherClientSpendsTheAllowance(t *testing.T) {
	for _, limiter := range Limiters {
		f := newClockFixture(t, limiter, 30) // one request every 2 s
		if r := f.get(); r.status != 200 || r.remaining != 68 {
			t.Fatalf("%s: first request: %+v, want 68 left (the other client's first request and ours)", limiter, r)
		}
		f.now = f.now.Add(10 * time.Second) // the other client sent 5 more
		want, after := 62, 61               // window: 70 - 6 theirs - 2 ours; nothing leaves the window in the next 10 s
		if limiter != LimiterWindow {
			// bucket: refilled 1/s, so their one request every 2 s only keeps it from filling: 69 before
			// ours, 68 after; once they stop, 10 s fill it up again: 69 after ours.
			want, after = 68, 69
		}
		if r := f.get(); r.status != 200 || r.remaining != want {
			t.Fatalf("%s: after 10 s: %+v, want %d left", limiter, r, want)
		}
		f.s.SetOtherClient(0)
		f.now = f.now.Add(10 * time.Second)
		if r := f.get(); r.remaining != after {
			t.Fatalf("%s: the other client stopped: %+v, want %d left", limiter, r, after)
		}
	}
	// Together they exceed the allowance: we meet a 429 before 70 requests of our own (alone we would not).
	for _, limiter := range Limiters {
		for _, other := range []int{0, 60} {
			f := newClockFixture(t, limiter, other)
			ours := 0
			for ; ours < 70; ours++ {
				if r := f.get(); r.status == 429 {
					break
				}
				f.now = f.now.Add(500 * time.Millisecond)
			}
			if (ours < 70) != (other > 0) {
				t.Errorf("%s, other client at %d/min: %d of our requests went through before a 429", limiter, other, ours)
			}
		}
	}
}
