package cmdutil

import "testing"

// A release build sets Commit and Date with -ldflags; `atender version` must report those, not the
// build info of whatever checkout the binary was linked in.
func TestBuildDetailsPreferTheReleaseStamp(t *testing.T) {
	oldC, oldD := Commit, Date
	t.Cleanup(func() { Commit, Date = oldC, oldD })
	Commit, Date = "0123abcd", "2026-12-01T10:00:00Z"
	c, d := BuildDetails()
	if c != "0123abcd" || d != "2026-12-01T10:00:00Z" {
		t.Errorf("BuildDetails() = %q, %q; want the -ldflags values", c, d)
	}
}
