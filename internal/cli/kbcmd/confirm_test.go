package kbcmd

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// A KB with categories but an empty article listing is what a misread listing looks like: more than 20
// creates need --yes (or --force) when nobody can be asked, and nothing is written without it. A truly empty
// KB needs no confirmation.
func TestFirstSyncIntoAKBWithCategoriesNeedsYes(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	h.Seed(emulatortest.Snapshot{Categories: []emulatortest.Category{{ID: "cat_x", Slug: "x", Title: "X"}}})
	dir := tree(t, 25)
	f, _, errOut := factory(h, false)
	err := run(t, f, dir)
	if cmdutil.CodeOf(err) != cmdutil.ExitFailure || !strings.Contains(err.Error(), "article listing is empty") || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("want exit 1 asking for --yes; got %v\n%s", err, errOut)
	}
	if h.Writes() != 0 {
		t.Fatalf("%d writes without confirmation", h.Writes())
	}
	f, _, _ = factory(h, false)
	if err := run(t, f, dir, "--dry-run"); err != nil {
		t.Fatalf("a dry run needs no confirmation: %v", err)
	}
	f, _, errOut = factory(h, false)
	if err := run(t, f, dir, "--yes"); err != nil {
		t.Fatalf("--yes: %v\n%s", err, errOut)
	}
	if n := len(h.Articles()); n != 25 {
		t.Fatalf("%d articles after --yes", n)
	}
	empty := emulatortest.Start(t, emulatortest.Options{})
	f, _, errOut = factory(empty, false)
	if err := run(t, f, dir); err != nil || len(empty.Articles()) != 25 {
		t.Fatalf("a truly empty KB: %v, %d articles\n%s", err, len(empty.Articles()), errOut)
	}
}
