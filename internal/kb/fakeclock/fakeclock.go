// Package fakeclock is a clock for tests of code that takes a kb.Clock: sleeps advance the time at once and
// are recorded, so that back-off, Retry-After and pacing take no wall time and do not depend on how busy the
// machine is.
package fakeclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a kb.Clock whose Sleep advances the time at once instead of waiting: a paced run or a
// Retry-After takes no wall time, and what the code waited is recorded. When Block is set, Sleep reports on
// Sleeping and then waits for ctx to end, for tests of cancellation during a wait.
type Clock struct {
	mu       sync.Mutex
	now      time.Time
	slept    []time.Duration
	Block    bool
	Sleeping chan time.Duration
}

// New returns a fake clock at 2026-05-01 12:00 UTC.
func New() *Clock {
	return &Clock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), Sleeping: make(chan time.Duration, 16)}
}

// Now returns the fake time.
func (f *Clock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep records d and advances the time by it (or, with Block, waits for ctx to end).
func (f *Clock) Sleep(ctx context.Context, d time.Duration) error {
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
func (f *Clock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Slept returns the waits so far.
func (f *Clock) Slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}
