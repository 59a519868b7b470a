package kbcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// Issue 10: what kb sync does against each response shape the real API might have, on a first sync, on an
// in-sync tree and after a one-file edit. 120 articles, so that lists take more than one page of 100 (and
// six of a silently capped 20). Either the sync works exactly as against the assumed shape, or it stops
// with an error that says why and writes nothing (and, where writes cannot be avoided, leaves no duplicate).
func TestSyncAgainstEveryShape(t *testing.T) {
	t.Parallel()
	const n = 120
	type outcome struct {
		err    string // "" means success
		writes int    // -1: not checked exactly (the breaker's create and delete)
	}
	works := outcome{}
	cases := []struct {
		shapes          string
		first, in, edit outcome
	}{
		{"items", works, works, works},
		{"results", works, works, works},
		{"plural", works, works, works},
		{"bare", works, works, works},
		{"cursor", works, works, works},
		{"cap-limit=20", works, works, works},
		{"cap-limit=20,no-total", works, works, works},
		{"no-total", works, works, works},
		{"wrap-data", works, works, works},
		{"wrap-name", works, works, works},
		{"time-unix", works, works, works},
		{"time-unix-ms", works, works, works},
		{"time-no-zone", works, works, works},
		{"flat-errors", works, works, works},
		// Page 1 of an empty KB is the whole (empty) listing; once there are two pages, page 2 repeats page 1.
		{"ignore-page", works, outcome{err: "the server ignores `page`"}, outcome{err: "the server ignores `page`"}},
		// A listing that hides articles (total included) plans creates for them: the first one comes back as
		// slug-1, the breaker stops creating and deletes what it made.
		{"hide-articles", works, outcome{err: "stopped creating articles", writes: -1}, outcome{err: "stopped creating articles", writes: -1}},
	}
	for _, tc := range cases {
		t.Run(tc.shapes, func(t *testing.T) {
			t.Parallel() // its own emulator and tree
			sh, err := emulatortest.ParseShapes(strings.Split(tc.shapes, ",")...)
			if err != nil {
				t.Fatal(err)
			}
			h := emulatortest.Start(t, emulatortest.Options{Shapes: sh})
			dir := tree(t, n)
			check := func(step string, want outcome, wantWrites int) {
				t.Helper()
				h.ResetLog()
				f, _, errOut := factory(h, false)
				err := run(t, f, dir, "--concurrency", "4")
				switch {
				case want.err == "" && err != nil:
					t.Fatalf("%s: %v\n%s", step, err, errOut)
				case want.err != "" && (err == nil || cmdutil.CodeOf(err) == 0):
					t.Fatalf("%s: succeeded, want an error containing %q\n%s", step, want.err, errOut)
				case want.err != "" && !strings.Contains(err.Error()+errOut.String(), want.err):
					t.Fatalf("%s: %v\n%s\nwant an error containing %q", step, err, errOut, want.err)
				}
				if want.writes >= 0 {
					if want.err != "" {
						wantWrites = 0
					}
					h.ExpectWrites(t, wantWrites)
				}
				h.ExpectNoDuplicates(t)
				h.ExpectDuplicatesAtOnce(t, 4)
			}
			check("first sync", tc.first, n+1) // the category, then the articles
			if len(h.Articles()) != n {
				t.Fatalf("first sync: %d articles, want %d", len(h.Articles()), n)
			}
			check("in-sync rerun", tc.in, 0)
			p := filepath.Join(dir, "c", "a7.md")
			os.WriteFile(p, []byte("# A 7\n\nText, edited.\n"), 0o644)
			check("one-file edit", tc.edit, 1)
		})
	}
}

// Issue 10's breaker promise end to end: against a listing that hides a third of 300 articles, a sync of
// the in-sync tree leaves no duplicate, and never more than --concurrency existed at once.
func TestBreakerAgainstAListingHidingAThird(t *testing.T) {
	t.Parallel()
	const n = 300
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := tree(t, n)
	f, _, errOut := factory(h, false)
	if err := run(t, f, dir); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	h.SetShapes(emulatortest.Shapes{HideArticles: 1.0 / 3})
	h.ResetLog()
	f, _, errOut = factory(h, false)
	err := run(t, f, dir, "--concurrency", "4")
	if cmdutil.CodeOf(err) != cmdutil.ExitFailure || !strings.Contains(errOut.String(), "stopped creating articles") || !strings.Contains(errOut.String(), "deleted again") {
		t.Fatalf("want exit 1 explaining the stop; got %v\n%s", err, errOut)
	}
	h.ExpectNoDuplicates(t)
	h.ExpectDuplicatesAtOnce(t, 4)
	if _, most := h.Duplicates(""); most == 0 {
		t.Fatal("no duplicate was ever made: the test proves nothing")
	}
	h.SetShapes(emulatortest.Shapes{})
	if got := len(h.Articles()); got != n {
		t.Fatalf("%d articles, want %d", got, n)
	}
}
