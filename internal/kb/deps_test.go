package kb_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The client and the emulator are the two ends of one contract: if the client (or its tests) imported the
// emulator, a field renamed on one side could follow along on the other and no test would see the break.
// So the client and its tests never import the emulator, and the emulator's code never imports the client
// (its own tests may drive it with the client); tests that need both live in package conformance.
func TestClientAndEmulatorDoNotImportEachOther(t *testing.T) {
	for _, c := range []struct {
		args []string
		bad  string
	}{
		{[]string{"-test", "-deps", "./..."}, "github.com/atender/atender/internal/emulator"},
		{[]string{"-deps", "../emulator/..."}, "github.com/atender/atender/internal/kb"},
	} {
		out, err := exec.Command("go", append([]string{"list"}, c.args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", strings.Join(c.args, " "), err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			dep = strings.Trim(dep, "[]")
			if dep == c.bad || strings.HasPrefix(dep, c.bad+"/") {
				t.Errorf("go list %s lists %s", strings.Join(c.args, " "), dep)
			}
		}
	}
}
