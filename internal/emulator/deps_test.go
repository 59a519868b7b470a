package emulator

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The shipped binary serves this emulator (`atender emulator`) but must not link test code: a test helper
// in the binary means flags, init code and size that no user asked for.
func TestBinaryLinksNoTestingCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../cmd/atender").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ../../cmd/atender: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/atender/atender/internal/emulator") {
		t.Fatalf("the binary does not link internal/emulator; is `atender emulator` still served from it?\n%s", out)
	}
	for _, bad := range []string{"testing", "net/http/httptest", "github.com/atender/atender/internal/emulator/emulatortest"} {
		if slices.Contains(deps, bad) {
			t.Errorf("cmd/atender links %s (see go list -deps ./cmd/atender)", bad)
		}
	}
}
