package emulatorcmd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
)

// run runs atender in-process. A command line that should have been refused but starts the emulator is
// stopped by the deadline (and then fails its assertions) instead of hanging the test.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f, out, errb := cmdutil.NewForTest(map[string]string{}, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code = cli.Run(ctx, f, args)
	return code, out.String(), errb.String()
}

// The emulator is a server: the client's global flags (--env, --base-url, --rate-limit, …) mean nothing to
// it, so its help does not offer them and a command line that sets one is refused rather than ignored.
func TestHelpHidesTheClientFlags(t *testing.T) {
	_, out, _ := run(t, "emulator", "--help")
	for _, flag := range []string{"--env ", "--base-url", "--rate-limit", "--output", "Global Flags"} {
		if strings.Contains(out, flag) {
			t.Errorf("emulator --help lists %s", flag)
		}
	}
	for _, want := range []string{"--shape", "--tier", "cap-limit[=N]", "hide-articles[=F]", "redirect-307", "kbId", "default tier is unlimited", "--tier starter", "--limiter", "--other-client"} {
		if !strings.Contains(out, want) {
			t.Errorf("emulator --help does not mention %s", want)
		}
	}
	// The root's own help still lists them: hiding is local to the emulator's help.
	if _, out, _ := run(t, "kb", "sync", "--help"); !strings.Contains(out, "--base-url") {
		t.Errorf("kb sync --help lost --base-url:\n%s", out)
	}
	code, _, errOut := run(t, "--env", "dev", "emulator", "--addr", "127.0.0.1:0")
	if code != cmdutil.ExitFailure || !strings.Contains(errOut, "does not use --env") {
		t.Errorf("--env with emulator: exit %d, %q", code, errOut)
	}
}

func TestCompletionOffersTiersAndShapes(t *testing.T) {
	_, out, _ := run(t, "__complete", "emulator", "--tier", "")
	for _, tier := range []string{"starter", "professional", "enterprise", "unlimited"} {
		if !strings.Contains(out, tier+"\n") {
			t.Errorf("--tier completion lacks %s:\n%s", tier, out)
		}
	}
	if _, out, _ := run(t, "__complete", "emulator", "--limiter", ""); !strings.Contains(out, "window\n") || !strings.Contains(out, "bucket\n") {
		t.Errorf("--limiter completion:\n%s", out)
	}
	_, out, _ = run(t, "__complete", "emulator", "--shape", "items,")
	if !strings.Contains(out, "items,cap-limit\t") || !strings.Contains(out, "items,hostile\t") {
		t.Errorf("--shape completion after a comma:\n%s", out)
	}
}

func TestBadShapeIsAUsageError(t *testing.T) {
	code, _, errOut := run(t, "emulator", "--addr", "127.0.0.1:0", "--shape", "items,gold")
	if code != cmdutil.ExitFailure || !strings.Contains(errOut, `unknown shape "gold"`) || !strings.Contains(errOut, "cap-limit") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	code, _, errOut = run(t, "emulator", "--addr", "127.0.0.1:0", "--shape", "items", "--shape", "plural")
	if code != cmdutil.ExitFailure || !strings.Contains(errOut, "contradict") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	code, _, errOut = run(t, "emulator", "--addr", "127.0.0.1:0", "--limiter", "leaky")
	if code != cmdutil.ExitFailure || !strings.Contains(errOut, `unknown --limiter "leaky"`) {
		t.Errorf("exit %d, %q", code, errOut)
	}
	code, _, errOut = run(t, "emulator", "--addr", "127.0.0.1:0", "--other-client", "-5")
	if code != cmdutil.ExitFailure || !strings.Contains(errOut, "--other-client") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}
