package kbcmd

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
)

// progress draws a bar with an ETA on a terminal; elsewhere (CI, pipes, JSON) it draws nothing. While the
// client waits for the rate limit, the bar gives way to a countdown, so a long wait never looks hung.
type progress struct {
	io     *cmdutil.IOStreams
	on     bool
	client kb.API
	total  int
	// now and tick are the clock: tick returns a channel that delivers the time every second and a function
	// that stops it. Tests drive both.
	now  func() time.Time
	tick func() (<-chan time.Time, func())

	mu        sync.Mutex
	last      time.Time
	start     time.Time
	written   int           // writes done, as last reported
	waitUntil time.Time     // the end of the wait being counted down
	counting  chan struct{} // closed to stop the countdown; nil when none runs
	closed    bool          // done was called: a late notice draws nothing
	wg        sync.WaitGroup
}

func newProgress(io *cmdutil.IOStreams, mode config.Output, c kb.API, total int) *progress {
	tick := func() (<-chan time.Time, func()) {
		t := time.NewTicker(time.Second)
		return t.C, t.Stop
	}
	p := &progress{io: io, on: io.ErrTTY && mode == config.OutputText && total > 0, client: c, total: total, now: time.Now, tick: tick}
	p.start = p.now()
	if l := limiterOf(c); l != nil && p.on {
		l.SetOnWait(p.rateWait)
	}
	return p
}

// limiterOf is the client's rate limiter, or nil for a client without one (a test double).
func limiterOf(c kb.API) *kb.Limiter {
	if l, ok := c.(interface{ Limiter() *kb.Limiter }); ok {
		return l.Limiter()
	}
	return nil
}

func (p *progress) update(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.written, p.total = done, total
	if p.counting != nil {
		return // the countdown owns the line until the wait ends
	}
	if p.now().Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.drawBarLocked()
}

// drawBarLocked draws the bar for the writes done so far.
func (p *progress) drawBarLocked() {
	now := p.now()
	p.last = now
	done, total := p.written, p.total
	// The ETA comes from the limiter's model (the immediate budget at once, the rest at the sustained
	// rate): the remaining writes cannot go faster than the limiter allows.
	eta := time.Duration(0)
	if l := limiterOf(p.client); l != nil {
		eta = l.Estimate(total - done)
	}
	if el := now.Sub(p.start); done > 0 {
		if byPace := time.Duration(float64(el) / float64(done) * float64(total-done)); byPace > eta {
			eta = byPace
		}
	}
	width := 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.io.ErrOut, "\r[%s%s] %d/%d  ETA %s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total, eta.Round(time.Second))
}

// rateWait is the limiter's notice: callers wait for the rate limit for wait from now (0: they no longer
// do). The line counts the wait down each second, then the bar comes back.
func (p *progress) rateWait(wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	now := p.now()
	until := now.Add(wait)
	if wait <= 0 {
		if p.counting != nil {
			close(p.counting)
			p.counting = nil
			p.drawBarLocked()
		}
		return
	}
	p.waitUntil = until
	p.drawWaitLocked(now)
	if p.counting == nil {
		stop := make(chan struct{})
		p.counting = stop
		ticks, stopTicks := p.tick()
		p.wg.Add(1)
		go p.countdown(stop, ticks, stopTicks)
	}
}

// countdown redraws the wait each second until it is over or stopped.
func (p *progress) countdown(stop chan struct{}, ticks <-chan time.Time, stopTicks func()) {
	defer p.wg.Done()
	defer stopTicks()
	for {
		select {
		case <-stop:
			return
		case now := <-ticks:
			p.mu.Lock()
			if p.counting != stop {
				p.mu.Unlock()
				return
			}
			if p.waitUntil.After(now) {
				p.drawWaitLocked(now)
				p.mu.Unlock()
				continue
			}
			p.counting = nil
			p.drawBarLocked()
			p.mu.Unlock()
			return
		}
	}
}

// drawWaitLocked draws "waiting for the rate limit: 42 s", the seconds left rounded up.
func (p *progress) drawWaitLocked(now time.Time) {
	left := (p.waitUntil.Sub(now) + time.Second - 1) / time.Second
	fmt.Fprintf(p.io.ErrOut, "\r\033[Kwaiting for the rate limit: %d s", left)
}

func (p *progress) done() {
	if !p.on {
		return
	}
	if l := limiterOf(p.client); l != nil {
		l.SetOnWait(nil)
	}
	p.mu.Lock()
	p.closed = true
	if p.counting != nil {
		close(p.counting)
		p.counting = nil
	}
	p.mu.Unlock()
	p.wg.Wait()
	fmt.Fprint(p.io.ErrOut, "\r\033[K")
}
