package kbcmd

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
)

// The question before a suspicious plan is asked only where a person can answer (IOStreams.Prompt, from
// runenv.Env at start-up); elsewhere (CI, a pipe) the answer is no and nothing is asked.
func TestConfirmedAsksOnlyWhereSomeoneCanAnswer(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		prompt bool
		answer string
		want   bool
	}{{true, "yes\n", true}, {true, "Y\n", true}, {true, "\n", false}, {false, "yes\n", false}} {
		var errOut strings.Builder
		io := &cmdutil.IOStreams{In: strings.NewReader(c.answer), ErrOut: &errOut, Prompt: c.prompt}
		if got := confirmed(io, "300 creates into a KB that lists no article"); got != c.want {
			t.Errorf("prompt %v, answer %q: confirmed %v, want %v", c.prompt, c.answer, got, c.want)
		}
		if asked := strings.Contains(errOut.String(), "Create them anyway? [y/N]"); asked != c.prompt {
			t.Errorf("prompt %v: asked %v:\n%s", c.prompt, asked, errOut.String())
		}
	}
}
