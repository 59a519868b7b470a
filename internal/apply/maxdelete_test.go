package apply_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/plan"
)

// The removal limit is apply's own: a caller that plans more archives than MaxDelete allows gets nothing
// written at all — neither the removals nor the update planned beside them.
func TestApplyRefusesMoreRemovalsThanMaxDelete(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	dir := genDocs(t, 6)
	sync(t, c, loadTree(t, dir), plan.Options{}, apply.Options{})
	os.Remove(filepath.Join(dir, "cat-1", "a-001.md"))
	os.Remove(filepath.Join(dir, "cat-0", "a-003.md"))
	os.WriteFile(filepath.Join(dir, "cat-2", "a-002.md"), []byte("---\ntitle: Changed\nstatus: published\n---\nNew.\n"), 0o644)
	tr := loadTree(t, dir)
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{Prune: true})
	if p.Removals() != 2 || p.Count(plan.Update) != 1 {
		t.Fatalf("plan: %d removals %d updates, want 2 and 1", p.Removals(), p.Count(plan.Update))
	}
	rep := apply.Apply(context.Background(), c, p, apply.Options{MaxDelete: 1})
	if !strings.Contains(rep.Refused, "remove 2 articles, more than the limit of 1") {
		t.Fatalf("Refused = %q", rep.Refused)
	}
	for _, a := range h.Articles() {
		if a.Status == facts.StatusArchived {
			t.Fatalf("%s was archived past the limit", a.Slug)
		}
		if a.Title == "Changed" {
			t.Fatal("the update ran though the plan was refused")
		}
	}
	for _, res := range rep.Results {
		if res.Action.Kind != plan.Unchanged && res.Status != apply.Skipped {
			t.Fatalf("%s: %s, want skipped", res.Slug, res.Status)
		}
	}
	// Within the limit the same plan runs.
	if rep := apply.Apply(context.Background(), c, p, apply.Options{MaxDelete: 2}); rep.Refused != "" || rep.Failed() > 0 {
		t.Fatalf("within the limit: refused %q, %d failed", rep.Refused, rep.Failed())
	}
}
