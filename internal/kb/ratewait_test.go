package kb

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A wait for the rate limit is announced with its end (the progress bar counts down to it), once in the
// --debug trace with its length, and its end is announced when the request goes; the normal pacing
// between requests is not.
func TestLimiterAnnouncesALongWait(t *testing.T) {
	clk := newFakeClock()
	l := NewLimiter(RateConfig{}, clk)
	var trace []string
	l.SetDebug(func(format string, args ...any) { trace = append(trace, fmt.Sprintf(format, args...)) })
	var got []time.Duration
	l.SetOnWait(func(wait time.Duration) { got = append(got, wait) })
	l.Pause(42 * time.Second)
	if _, err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != 42*time.Second || got[1] != 0 {
		t.Fatalf("notices %v; want the 42 s wait, then 0 when the request went", got)
	}
	if n := strings.Count(strings.Join(trace, "\n"), "waiting 42s for the rate limit"); n != 1 {
		t.Fatalf("trace %q: want one line naming the 42 s wait", trace)
	}
	// Paced at the starter rate (about 1.2 s apart): no countdown.
	got, trace = nil, nil
	for i := 0; i < 20; i++ {
		if _, err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 0 || len(trace) != 0 {
		t.Fatalf("pacing announced as a wait: notices %v, trace %q", got, trace)
	}
}

// A later notice is never overtaken by an earlier one: the listener sees the last state.
func TestLimiterWaitNoticesInOrder(t *testing.T) {
	l := NewLimiter(RateConfig{}, newFakeClock())
	var got []time.Duration
	l.SetOnWait(func(wait time.Duration) { got = append(got, wait) })
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	l.mu.Lock()
	first, ok1 := l.waitingLocked(t0, 10*time.Second)
	last, ok2 := l.goneLocked()
	l.mu.Unlock()
	l.deliver(last, ok2)
	l.deliver(first, ok1) // delivered late: dropped
	if len(got) != 1 || got[0] != 0 {
		t.Fatalf("notices %v; want only the last (the wait is over)", got)
	}
}
