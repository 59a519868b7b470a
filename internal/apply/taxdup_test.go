package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// suffixing is a server whose listing misses an existing object of one kind, so Atender suffixes the slug of
// every create of that kind (deep → deep-1), as it does for a slug that exists. deleteFails makes the
// DELETE of the duplicate fail.
type suffixing struct {
	kb.API
	kind        string // "categories", "subcategories" or "tags"
	deleteFails bool
	made        *[]string // ids of the suffixed objects created
}

func (s suffixing) note(id string, err error) {
	if err == nil {
		*s.made = append(*s.made, id)
	}
}

func (s suffixing) CreateCategory(ctx context.Context, in kb.CategoryInput) (*kb.Category, error) {
	if s.kind == "categories" {
		in.Slug += "-1"
		got, err := s.API.CreateCategory(ctx, in)
		if got != nil {
			s.note(got.ID, err)
		}
		return got, err
	}
	return s.API.CreateCategory(ctx, in)
}

func (s suffixing) CreateSubcategory(ctx context.Context, in kb.SubcategoryInput) (*kb.Subcategory, error) {
	if s.kind == "subcategories" {
		in.Slug += "-1"
		got, err := s.API.CreateSubcategory(ctx, in)
		if got != nil {
			s.note(got.ID, err)
		}
		return got, err
	}
	return s.API.CreateSubcategory(ctx, in)
}

func (s suffixing) CreateTag(ctx context.Context, in kb.TagInput) (*kb.Tag, error) {
	if s.kind == "tags" {
		in.Slug += "-1"
		got, err := s.API.CreateTag(ctx, in)
		if got != nil {
			s.note(got.ID, err)
		}
		return got, err
	}
	return s.API.CreateTag(ctx, in)
}

func (s suffixing) DeleteTaxonomy(ctx context.Context, resource, id string) error {
	if s.deleteFails {
		return &kb.APIError{Method: "DELETE", Path: "/" + resource + "/" + id, Status: 403, Message: "missing scope"}
	}
	return s.API.DeleteTaxonomy(ctx, resource, id)
}

// Adversarial finding F10: a subcategory create answered with another slug (sub → sub-1) was accepted and
// the articles were moved into the duplicate. Now, like the article breaker: the create fails naming the
// duplicate, the duplicate is deleted again, the articles that need it fail without a request, and no
// further create of that kind is sent this run. The same holds for categories and tags.
func TestTaxonomyCreateWithAnotherSlugIsADuplicate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind, made string
		creates    int // creates of that kind in the plan
	}{
		{"subcategories", "deep-1", 2},
		{"categories", "cat-0-1", 3},
		{"tags", "-1", 5},
	} {
		for _, deleteFails := range []bool{false, true} {
			t.Run(tc.kind+map[bool]string{false: "", true: "/delete fails"}[deleteFails], func(t *testing.T) {
				h := emulatortest.Start(t, emulatortest.Options{})
				c := client(h)
				tr := loadTree(t, genDocs(t, 10))
				r := remote(t, c)
				p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
				var made []string
				rep := apply.Apply(context.Background(), suffixing{API: c, kind: tc.kind, deleteFails: deleteFails, made: &made}, p, apply.Options{Concurrency: 1})
				if len(made) != 1 {
					t.Fatalf("%d duplicates made; want 1", len(made))
				}
				post := map[string]string{"categories": "POST /categories", "subcategories": "POST /subcategories", "tags": "POST /tags"}[tc.kind]
				if n := h.Counts()[post]; n != 1 {
					t.Errorf("%s sent %d times; want 1 (no further create of that kind after the duplicate)", post, n)
				}
				var dupErr, notSent int
				for _, x := range rep.Results {
					if x.Err == nil {
						continue
					}
					msg := x.Err.Error()
					switch {
					case strings.Contains(msg, "Atender created it as") && strings.Contains(msg, tc.made):
						dupErr++
						want := "that duplicate was deleted again"
						if deleteFails {
							want = "in Atender"
							if !strings.Contains(msg, "(id ") || !strings.Contains(msg, "deleting that duplicate failed") {
								t.Errorf("the duplicate that could not be deleted is not named with its id: %s", msg)
							}
						}
						if !strings.Contains(msg, want) {
							t.Errorf("%q does not say %q", msg, want)
						}
					case strings.Contains(msg, "not sent: creating"):
						notSent++
					}
				}
				if dupErr != 1 || notSent != tc.creates-1 {
					t.Errorf("%d duplicate errors, %d creates not sent; want 1 and %d", dupErr, notSent, tc.creates-1)
				}
				snap := h.Snapshot()
				alive := false
				for _, x := range snap.Categories {
					alive = alive || x.ID == made[0]
				}
				for _, x := range snap.Subcategories {
					alive = alive || x.ID == made[0]
				}
				for _, x := range snap.Tags {
					alive = alive || x.ID == made[0]
				}
				if alive != deleteFails {
					t.Errorf("duplicate %s still there: %v; want %v", made[0], alive, deleteFails)
				}
				// No article points at the duplicate: the articles needing it failed without a request.
				for _, a := range snap.Articles {
					for _, id := range append([]string{a.CategoryID, a.SubcategoryID}, a.TagIDs...) {
						if id == made[0] {
							t.Errorf("article %s points at the duplicate %s", a.Slug, id)
						}
					}
				}
				if rep.Failed() == 0 {
					t.Fatal("nothing failed")
				}
			})
		}
	}
}
