package cmdutil

import "sync"

// Interrupts tells Main's signal handler what a second Ctrl-C cuts short: the writes a command has in
// flight, when it registered them (kb sync does).
type Interrupts struct {
	mu       sync.Mutex
	inFlight func() []string
}

// Track registers the function that lists the writes in flight.
func (i *Interrupts) Track(inFlight func() []string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.inFlight = inFlight
}

// InFlight lists the writes in flight; tracked says whether a command registered any.
func (i *Interrupts) InFlight() (writes []string, tracked bool) {
	if i == nil {
		return nil, false
	}
	i.mu.Lock()
	f := i.inFlight
	i.mu.Unlock()
	if f == nil {
		return nil, false
	}
	return f(), true
}
