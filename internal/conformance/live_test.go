//go:build live

package conformance_test

import (
	"os"
	"testing"
)

// TestConformanceLive runs the emulator's conformance suite against a real tenant:
//
//	ATENDER_LIVE_BASE_URL=https://staging.atender.dev/api/v1/kb ATENDER_LIVE_API_KEY=sa_test_… \
//	  go test -tags live -run Live ./internal/conformance/
//
// It creates a category "atender-conformance" and a few articles, which it deletes.
func TestConformanceLive(t *testing.T) {
	base, key := os.Getenv("ATENDER_LIVE_BASE_URL"), os.Getenv("ATENDER_LIVE_API_KEY")
	if base == "" || key == "" {
		t.Skip("set ATENDER_LIVE_BASE_URL and ATENDER_LIVE_API_KEY to run against a real tenant")
	}
	runConformance(t, target{base: base, writeKey: key, readKey: os.Getenv("ATENDER_LIVE_READ_KEY")})
}
