package kb

// Test-only access for the external test package.
type FakeClock = fakeClock

var NewFakeClock = newFakeClock
