package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/slug"
)

// AmbiguousSlugError says the KB lists slugs that are not valid Atender slugs but normalise to slugs this
// tree would create. The run stops before planning; nothing was written.
type AmbiguousSlugError struct {
	Items []string // one line per listed item, e.g. `article "A1" (id art_1) vs general/a1.md (slug a1)`
}

func (e *AmbiguousSlugError) Error() string {
	shown := e.Items
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if n := len(e.Items) - len(shown); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("the KB lists slugs that are not valid Atender slugs (lowercase a-z, 0-9 and single hyphens) but stand for slugs "+
		"this tree would create: %s%s. atender cannot tell whether they are the same articles, so it plans nothing rather than create "+
		"possible duplicates. Give them their lowercase slugs in Atender (or other `slug:` values in the files), then rerun",
		strings.Join(shown, "; "), more)
}

// CheckRemoteSlugs refuses a listing holding a slug that is not a valid Atender slug (such as "A1") when its
// normalised form ("a1") is a slug this tree would create because no listed item has it exactly. It is
// called before Make by every command that writes.
//
// Why refuse rather than match case-insensitively: a server that lists "A1" does not keep to the slug rules
// atender knows, so how it compares slugs is unknown. Matching "A1" to a1.md would PATCH that article with
// slug "a1" whenever its title changes (renaming its public URL on a case-sensitive server, or read back as
// "Atender answered with slug A1" on one that keeps the old case), and a create after a lost reply is
// looked up by exact slug; not matching creates a1 next to A1 (a duplicate, "a1-1", on a server comparing
// case-insensitively). Neither is safe to guess, and the
// user can settle it for good in one place (the slug in Atender or in the file). Listed slugs that do not
// normalise to anything this tree creates do not matter to this run and are left alone (kb pull has its
// own refusal of unusable slugs).
func CheckRemoteSlugs(tree *docs.Tree, r *inventory.Remote) error {
	var items []string
	check := func(kind, listed, id string, local map[string]string) {
		if slug.Valid(listed) {
			return
		}
		norm := slug.Make(listed)
		where, ok := local[norm]
		if !ok {
			return
		}
		items = append(items, fmt.Sprintf("%s %q (id %s) vs %s (slug %s)", kind, listed, id, where, norm))
	}
	listedArt, listedCat, listedTag := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range r.Articles {
		listedArt[a.Slug] = true
	}
	for _, c := range r.Categories {
		listedCat[c.Slug] = true
	}
	for _, t := range r.Tags {
		listedTag[t.Slug] = true
	}
	// What this tree would create: local slugs that no listed item has exactly.
	arts, cats, tags := map[string]string{}, map[string]string{}, map[string]string{}
	for _, pg := range tree.Pages {
		if !listedArt[pg.Slug] {
			arts[pg.Slug] = pg.Path
		}
		for _, name := range pg.Tags {
			if ts := slug.Make(name); ts != "" && !listedTag[ts] {
				tags[ts] = "tag " + name + " of " + pg.Path
			}
		}
	}
	for _, c := range tree.Categories {
		if !listedCat[c.Slug] {
			cats[c.Slug] = "the folder of category " + c.Slug
		}
	}
	for _, a := range r.Articles {
		check("article", a.Slug, a.ID, arts)
	}
	for _, c := range r.Categories {
		check("category", c.Slug, c.ID, cats)
	}
	for _, t := range r.Tags {
		check("tag", t.Slug, t.ID, tags)
	}
	if len(items) == 0 {
		return nil
	}
	sort.Strings(items)
	return &AmbiguousSlugError{Items: items}
}
