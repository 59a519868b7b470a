package cli

import (
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
)

// A first Ctrl-C cancels and says the requests in flight are finishing; a second ends at once with 130,
// naming the writes in flight, without waiting for the run.
func TestSecondInterruptEndsAtOnce(t *testing.T) {
	t.Parallel()
	f, _, errOut := cmdutil.NewForTest(nil, "")
	f.Interrupts.Track(func() []string { return []string{"create article faq", "update article refunds (art_2)"} })
	sigs := make(chan os.Signal, 2)
	cancelled := make(chan struct{})
	done := make(chan int) // the run never ends by itself
	sigs <- os.Interrupt
	sigs <- syscall.SIGTERM
	code := supervise(f, sigs, func() { close(cancelled) }, done)
	if code != cmdutil.ExitInterrupted {
		t.Fatalf("exit %d, want 130", code)
	}
	select {
	case <-cancelled:
	default:
		t.Fatal("the first signal did not cancel the run")
	}
	out := errOut.String()
	for _, want := range []string{
		"interrupted: finishing the requests in flight, starting nothing new (press Ctrl-C again to stop at once)",
		"stopped at once: 2 write(s) were in flight and may or may not have happened:",
		"  create article faq\n", "  update article refunds (art_2)\n", "rerun the same command",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
}

// One signal: the run ends by itself (its own exit code, 130 from Run), and Main waits for it.
func TestFirstInterruptWaitsForTheRun(t *testing.T) {
	t.Parallel()
	f, _, errOut := cmdutil.NewForTest(nil, "")
	sigs := make(chan os.Signal, 1)
	done := make(chan int, 1)
	sigs <- os.Interrupt
	code := supervise(f, sigs, func() { done <- cmdutil.ExitInterrupted }, done)
	if code != cmdutil.ExitInterrupted {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(errOut.String(), "stopped at once") || strings.Contains(errOut.String(), "finishing the requests") {
		t.Fatalf("an untracked command got the sync's messages: %q", errOut.String())
	}
}
