package kb

import "github.com/atender/atender/internal/kb/fakeclock"

// fakeClock is the tests' clock (package fakeclock): sleeps advance it at once and are recorded.
type fakeClock = fakeclock.Clock

func newFakeClock() *fakeClock { return fakeclock.New() }
