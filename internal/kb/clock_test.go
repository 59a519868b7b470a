package kb

import (
	"context"
	"sync"
	"time"
)

// fakeClock is a Clock whose Sleep advances the time at once instead of waiting: a paced run or a
// Retry-After takes no wall time, and what the code waited is recorded. When Block is set, Sleep reports on
// Sleeping and then waits for ctx to end, for tests of cancellation during a wait.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	slept    []time.Duration
	Block    bool
	Sleeping chan time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), Sleeping: make(chan time.Duration, 16)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	f.mu.Lock()
	block := f.Block
	f.slept = append(f.slept, d)
	if !block {
		f.now = f.now.Add(d)
	}
	f.mu.Unlock()
	if block {
		f.Sleeping <- d
		<-ctx.Done()
		return ctx.Err()
	}
	return ctx.Err()
}

// Advance moves the time forward (for time that passes outside sleeps).
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Slept returns the waits so far.
func (f *fakeClock) Slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}
