package safefile

import "testing"

// Within is the one "inside the repository" test: a sibling that shares a prefix is outside, the root of the
// file system holds everything, and a path is within itself.
func TestWithin(t *testing.T) {
	for _, c := range []struct {
		dir, p string
		want   bool
	}{
		{"/repo", "/repo/docs/a.md", true},
		{"/repo", "/repo", true},
		{"/repo", "/repository/a.md", false},
		{"/repo", "/repo/../etc/passwd", false},
		{"/", "/x", true},
		{"docs", "docs/guide", true},
		{"docs", "../docs", false},
	} {
		if got := Within(c.dir, c.p); got != c.want {
			t.Errorf("Within(%q, %q) = %v, want %v", c.dir, c.p, got, c.want)
		}
	}
}
