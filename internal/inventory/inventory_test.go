package inventory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

func seed(h *emulatortest.Harness, n int) {
	snap := emulatortest.Snapshot{
		Categories:    []emulatortest.Category{{ID: "cat_a", Slug: "a", Title: "A"}, {ID: "cat_b", Slug: "b", Title: "B"}},
		Subcategories: []emulatortest.Subcategory{{ID: "sub_1", CategoryID: "cat_b", Slug: "deep", Title: "Deep"}},
		Tags:          []emulatortest.Tag{{ID: "tag_1", Slug: "x", Name: "X"}},
	}
	for i := 0; i < n; i++ {
		st := facts.StatusPublished
		if i%10 == 0 {
			st = facts.StatusArchived
		}
		snap.Articles = append(snap.Articles, emulatortest.Article{ID: fmt.Sprintf("art_%d", i), Slug: fmt.Sprintf("s-%d", i), Title: "T", CategoryID: "cat_a", Status: st})
	}
	h.Seed(snap)
}

// Every page of every list, archived articles included: a create planned for an archived slug would make a
// public duplicate.
func TestFetchListsEverythingArchivedIncluded(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	seed(h, 250)
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.ReadKey})
	r, err := inventory.Fetch(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Articles) != 250 || len(r.Categories) != 2 || len(r.Subcategories) != 1 || len(r.Tags) != 1 {
		t.Fatalf("got %d articles, %d categories, %d subcategories, %d tags", len(r.Articles), len(r.Categories), len(r.Subcategories), len(r.Tags))
	}
	ix := inventory.NewIndex(r)
	if a := ix.ArtBySlug["s-10"]; a == nil || a.Status != facts.StatusArchived {
		t.Fatalf("archived article missing from the index: %+v", a)
	}
	if s := ix.SubByKey[slug.Sub("b", "deep")]; s == nil || ix.SubByID["sub_1"] != s {
		t.Fatalf("subcategory not indexed by category/slug and id")
	}
	if ix.CatBySlug["a"] != ix.CatByID["cat_a"] || ix.TagBySlug["x"] != ix.TagByID["tag_1"] {
		t.Fatal("category or tag index inconsistent")
	}
}

// A listing that fails part-way fails the whole inventory: half a KB would plan creates for the other half.
func TestFetchFailsWholeOnAnyListError(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	seed(h, 10)
	h.SetFaults(1, 0)
	c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.ReadKey, MaxRetries: 1, BackoffBase: time.Millisecond})
	r, err := inventory.Fetch(context.Background(), c)
	if err == nil || r != nil {
		t.Fatalf("got %v, %v; want an error and no inventory", r, err)
	}
	if kb.StatusOf(err) != 503 {
		t.Fatalf("error does not carry the status: %v", err)
	}
}
