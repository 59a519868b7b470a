package kbcmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// Adversarial finding F2: the KB listed "A0".."A2" for the articles of a0.md..a2.md and kb sync created
// every one again. A listed slug that is not a valid Atender slug but stands for a slug the tree would
// create stops the run before planning (a dry run too), naming the item; nothing is written.
func TestListedSlugsDifferingInCaseStopTheSync(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	snap := emulatortest.Snapshot{Categories: []emulatortest.Category{{ID: "cat_c", Slug: "c", Title: "C"}}}
	for i := 0; i < 3; i++ {
		snap.Articles = append(snap.Articles, emulatortest.Article{ID: fmt.Sprintf("art_%d", i), Slug: fmt.Sprintf("A%d", i), Title: fmt.Sprintf("A %d", i), CategoryID: "cat_c", Status: "draft"})
	}
	h.Seed(snap)
	dir := tree(t, 3)
	for _, args := range [][]string{{dir}, {dir, "--dry-run"}, {dir, "--yes"}} {
		f, _, errOut := factory(h, false)
		err := run(t, f, args...)
		if cmdutil.CodeOf(err) != cmdutil.ExitFailure {
			t.Fatalf("%v: want exit 1, got %v\n%s", args, err, errOut)
		}
		for _, w := range []string{`article "A0" (id art_0) vs c/a0.md (slug a0)`, "not valid Atender slugs", "Nothing was planned or written"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not say %q", args, err, w)
			}
		}
	}
	if h.Writes() != 0 {
		t.Fatalf("%d writes; want none", h.Writes())
	}
	// A listed odd slug that stands for nothing this tree creates does not stop a sync.
	h2 := emulatortest.Start(t, emulatortest.Options{})
	h2.Seed(emulatortest.Snapshot{Categories: []emulatortest.Category{{ID: "cat_c", Slug: "c", Title: "C"}},
		Articles: []emulatortest.Article{{ID: "art_x", Slug: "Other", Title: "X", CategoryID: "cat_c", Status: "draft"}}})
	f, _, errOut := factory(h2, false)
	if err := run(t, f, dir); err != nil {
		t.Fatalf("an unrelated odd slug: %v\n%s", err, errOut)
	}
	if n := len(h2.Articles()); n != 4 {
		t.Fatalf("%d articles after the sync; want 4", n)
	}
}
