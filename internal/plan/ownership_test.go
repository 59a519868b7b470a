package plan

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/google/go-cmp/cmp"
)

func owner(ours ...string) func(string) Ownership {
	return func(s string) Ownership {
		for _, o := range ours {
			if o == s {
				return Ours
			}
		}
		return NotOurs
	}
}

// Prune removes what is ours and names the rest; the categories scope removes both, as before.
func TestPruneLeavesWhatIsNotOurs(t *testing.T) {
	tree := &docs.Tree{Pages: []*docs.Page{pg("billing/a.md", "a", "A", "billing")}, Categories: []*docs.Category{billing}, Held: []string{"held"}}
	remote := &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("1", "a", "A", "cat_b"), ra("2", "gone", "Gone", "cat_b"),
		ra("3", "editor", "Editor", "cat_b"), ra("4", "held", "Held", "cat_b"), ra("5", "elsewhere", "Elsewhere", "cat_o")}}
	ix := inventory.NewIndex(remote)
	p := Make(tree, ix, Options{Prune: true, Owner: owner("a", "gone", "held")})
	if diff := cmp.Diff([]string{"unchanged a", "archive gone"}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if len(p.LeftAlone) != 1 || p.LeftAlone[0].Slug != "editor" || p.LeftAlone[0].Category != "billing" || p.PruneScope != PruneOurs {
		t.Errorf("left alone %+v, scope %q", p.LeftAlone, p.PruneScope)
	}
	p = Make(tree, ix, Options{Prune: true, Owner: owner("a"), PruneScope: PruneCategories})
	if diff := cmp.Diff([]string{"unchanged a", "archive editor", "archive gone"}, summary(p)); diff != "" || len(p.LeftAlone) != 0 || p.PruneScope != PruneCategories {
		t.Errorf("categories scope (-want +got):\n%s %+v", diff, p.LeftAlone)
	}
}

// A twin in a category the tree does not use, or not published from here, is a conflict naming why; adopted
// (by slug, or all with overwrite) it is an update. Ours in another category (a file moved folder) updates.
func TestNoTakeover(t *testing.T) {
	tree := &docs.Tree{Pages: []*docs.Page{pg("billing/a.md", "a", "A", "billing"), pg("billing/b.md", "b", "B", "billing"), pg("billing/c.md", "c", "C", "billing")},
		Categories: []*docs.Category{billing}}
	remote := &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("1", "a", "Old", "cat_o"), ra("2", "b", "Old", "cat_b"), ra("3", "c", "Old", "cat_o")}}
	ix := inventory.NewIndex(remote)
	unknown := func(string) Ownership { return OwnerUnknown }
	p := Make(tree, ix, Options{Owner: unknown})
	if diff := cmp.Diff([]string{"conflict a [title,category]", "update b [title]", "conflict c [title,category]"}, summary(p)); diff != "" {
		t.Errorf("outside Git (-want +got):\n%s", diff)
	}
	if r := p.Actions[0].Reason; !strings.Contains(r, "category other, which this tree does not use") {
		t.Errorf("reason %q", r)
	}
	p = Make(tree, ix, Options{Owner: owner("c")})
	if diff := cmp.Diff([]string{"conflict a [title,category]", "conflict b [title]", "update c [title,category]"}, summary(p)); diff != "" {
		t.Errorf("with history (-want +got):\n%s", diff)
	}
	if r := p.Actions[1].Reason; !strings.Contains(r, "not published from this repository") {
		t.Errorf("reason %q", r)
	}
	p = Make(tree, ix, Options{Owner: owner("c"), Adopt: map[string]bool{"a": true}})
	if diff := cmp.Diff([]string{"update a [title,category]", "conflict b [title]", "update c [title,category]"}, summary(p)); diff != "" {
		t.Errorf("--adopt a (-want +got):\n%s", diff)
	}
	p = Make(tree, ix, Options{Owner: unknown, AdoptAll: true})
	if p.Count(Conflict) != 0 {
		t.Errorf("overwrite adopts all: %v", summary(p))
	}
}
