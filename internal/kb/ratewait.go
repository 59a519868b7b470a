package kb

import (
	"sync"
	"time"
)

// WaitNotice is the shortest wait for the limiter that is announced (SetOnWait, the --debug trace). Shorter
// waits are the normal pacing of a run (about 1.2 s between requests at the starter tier, 2.4 s when another
// client shares the key), not a stall worth a countdown.
const WaitNotice = 3 * time.Second

// waitNotices tells a listener when callers of Wait start and stop waiting for the rate limit. Its fields
// are guarded by the limiter's mutex, except that delivery runs outside it, in order: a notice made later
// under the lock is never overtaken by an earlier one.
type waitNotices struct {
	until     time.Time // the announced end of the current wait; zero when none is announced
	onWait    func(wait time.Duration)
	seq       uint64
	deliverMu sync.Mutex
	delivered uint64
}

// notice is one pending call of the listener.
type notice struct {
	f    func(wait time.Duration)
	wait time.Duration
	seq  uint64
}

// SetOnWait sets a listener told when callers start waiting WaitNotice or longer for the rate limit (a 429's
// Retry-After, an empty budget), with how long the wait lasts from now, told again when that changes, and
// told 0 when a request goes after such a wait. A nil f removes it. The listener runs outside the limiter's
// lock and may call the limiter. (A length, not a time: the listener's clock need not be the limiter's.)
func (l *Limiter) SetOnWait(f func(wait time.Duration)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notices.onWait = f
}

// waitingLocked records that a caller sleeps d from now for the limiter; it returns the notice to deliver,
// if the announced wait changed.
func (l *Limiter) waitingLocked(now time.Time, d time.Duration) (notice, bool) {
	n := &l.notices
	if d < WaitNotice {
		return notice{}, false
	}
	until := now.Add(d)
	if until.Equal(n.until) {
		return notice{}, false
	}
	if n.until.IsZero() {
		l.debug("waiting %s for the rate limit", d.Round(time.Second))
	}
	n.until = until
	return l.noticeLocked(d)
}

// goneLocked records that a request went: an announced wait is over.
func (l *Limiter) goneLocked() (notice, bool) {
	if l.notices.until.IsZero() {
		return notice{}, false
	}
	l.notices.until = time.Time{}
	return l.noticeLocked(0)
}

func (l *Limiter) noticeLocked(wait time.Duration) (notice, bool) {
	n := &l.notices
	if n.onWait == nil {
		return notice{}, false
	}
	n.seq++
	return notice{f: n.onWait, wait: wait, seq: n.seq}, true
}

// deliver calls the listener, unless a later notice was delivered already.
func (l *Limiter) deliver(nt notice, ok bool) {
	if !ok {
		return
	}
	n := &l.notices
	n.deliverMu.Lock()
	defer n.deliverMu.Unlock()
	if nt.seq <= n.delivered {
		return
	}
	n.delivered = nt.seq
	nt.f(nt.wait)
}
