package kbcmd

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
)

// testBar is a bar on a terminal whose clock and one-second ticker the test drives.
func testBar(t *testing.T, p *progress, errOut *bytes.Buffer) (clk *fakeclock.Clock, ticks chan time.Time) {
	t.Helper()
	clk, ticks = fakeclock.New(), make(chan time.Time)
	p.io = &cmdutil.IOStreams{ErrOut: errOut, ErrTTY: true}
	p.on, p.now, p.start = true, clk.Now, clk.Now()
	p.tick = func() (<-chan time.Time, func()) { return ticks, func() {} }
	return clk, ticks
}

// frames splits what the bar drew into the lines it drew over each other.
func frames(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "\r") {
		if f = strings.TrimPrefix(f, "\033[K"); strings.TrimSpace(f) != "" {
			out = append(out, strings.TrimSpace(f))
		}
	}
	return out
}

// While the client waits for the rate limit, the line says so and counts down each second; then the bar
// comes back with the writes done meanwhile.
func TestProgressCountsDownARateLimitWait(t *testing.T) {
	t.Parallel()
	var errOut bytes.Buffer
	p := &progress{total: 10}
	clk, ticks := testBar(t, p, &errOut)
	p.update(3, 10)
	p.rateWait(42 * time.Second)
	p.update(4, 10) // a request in flight ends during the wait: the countdown keeps the line
	for s := 1; s <= 42; s++ {
		ticks <- clk.Now().Add(time.Duration(s) * time.Second)
	}
	p.wg.Wait() // the wait is over at the 42nd tick: the countdown ends by itself
	p.done()
	got := frames(errOut.String())
	want := []string{"[=========                     ] 3/10  ETA 0s"}
	for s := 42; s >= 1; s-- {
		want = append(want, fmt.Sprintf("waiting for the rate limit: %d s", s))
	}
	want = append(want, "[============                  ] 4/10  ETA 0s")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("frames:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The client's limiter tells the bar: a 429's Retry-After shows as a countdown, and the bar is back as soon
// as the request goes, before the countdown would have ended.
func TestProgressHearsTheLimiter(t *testing.T) {
	t.Parallel()
	var errOut bytes.Buffer
	c := kb.NewClient(kb.Options{BaseURL: "http://127.0.0.1:1", APIKey: "sa_test_" + strings.Repeat("k", 27), Clock: fakeclock.New()})
	p := newProgress(&cmdutil.IOStreams{ErrOut: &errOut, ErrTTY: true}, config.OutputText, c, 10)
	testBar(t, p, &errOut)
	c.Limiter().Pause(30 * time.Second)
	if _, err := c.Limiter().Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.done()
	got := frames(errOut.String())
	if len(got) != 2 || got[0] != "waiting for the rate limit: 30 s" || !strings.Contains(got[1], "0/10  ETA") {
		t.Fatalf("frames %q; want the 30 s countdown, then the bar", got)
	}
	// Once the bar is done, the limiter no longer tells it anything.
	errOut.Reset()
	c.Limiter().Pause(30 * time.Second)
	c.Limiter().Wait(context.Background())
	p.rateWait(30 * time.Second) // a notice delivered late, after done
	if errOut.Len() != 0 {
		t.Fatalf("drawn after done: %q", errOut.String())
	}
}

// Off a terminal (and in JSON mode) nothing is drawn, waits included.
func TestProgressQuietOffATerminal(t *testing.T) {
	t.Parallel()
	c := kb.NewClient(kb.Options{BaseURL: "http://127.0.0.1:1", APIKey: "sa_test_" + strings.Repeat("k", 27), Clock: fakeclock.New()})
	for _, tc := range []struct {
		tty  bool
		mode config.Output
	}{{false, config.OutputText}, {true, config.OutputJSON}} {
		var errOut bytes.Buffer
		p := newProgress(&cmdutil.IOStreams{ErrOut: &errOut, ErrTTY: tc.tty}, tc.mode, c, 10)
		c.Limiter().Pause(30 * time.Second)
		c.Limiter().Wait(context.Background())
		p.update(1, 10)
		p.done()
		if errOut.Len() != 0 {
			t.Fatalf("tty %v, %s: drawn %q", tc.tty, tc.mode, errOut.String())
		}
	}
}
