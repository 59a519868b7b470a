package plan

import (
	"fmt"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

// Ownership says whether this repository published an article (see package ownership).
type Ownership int

const (
	// OwnerUnknown: there is no history to tell (outside Git, a shallow clone).
	OwnerUnknown Ownership = iota
	// Ours: the slug is, or was at some commit, the slug of a file under the docs folder, or this machine's
	// record says it sent it.
	Ours
	// NotOurs: neither; the article was written elsewhere (the Atender editor, another tool).
	NotOurs
)

// PruneScope values: which remote articles --prune may remove.
const (
	// PruneOurs removes only articles this repository published (Options.Owner says Ours).
	PruneOurs = "ours"
	// PruneCategories is the rule of old: every article of a category the tree uses whose slug it lacks.
	PruneCategories = "categories"
)

// LeftAlone is a remote article that prune would have removed under the categories rule but that this
// repository did not publish: named in the plan, never touched.
type LeftAlone struct {
	Slug, Title, ID, Category string
	Remote                    *kb.Article
}

// ownerOf is what Options.Owner says of slug (OwnerUnknown without one).
func (o Options) ownerOf(slug string) Ownership {
	if o.Owner == nil {
		return OwnerUnknown
	}
	return o.Owner(slug)
}

// adopted reports whether the user let the tree take over the article of slug.
func (o Options) adopted(slug string) bool { return o.AdoptAll || o.Adopt[slug] }

// takeover says why the page may not update its remote twin ra, or "" when it may: an article of a
// category the tree does not use (unless known to be ours), or one not published from this repository, is
// not the tree's to overwrite unless the user adopts it.
// Without an Owner (a caller that does not judge ownership) every twin may be updated, as before.
func takeover(pg *docs.Page, ra *kb.Article, ix *inventory.Index, o Options) string {
	if o.Owner == nil || o.adopted(pg.Slug) {
		return ""
	}
	owner := o.ownerOf(pg.Slug)
	cat := ""
	if c := ix.CatByID[ra.CategoryID]; c != nil {
		cat = c.Slug
	}
	if !o.used[cat] && owner != Ours {
		return fmt.Sprintf("the article %s is in category %s, which this tree does not use", pg.Slug, orNone(cat))
	}
	if owner == NotOurs {
		return fmt.Sprintf("the article %s (category %s) was not published from this repository", pg.Slug, orNone(cat))
	}
	return ""
}

func orNone(cat string) string {
	if cat == "" {
		return "(none)"
	}
	return cat
}

// usedCategories are the categories the tree's pages use.
func usedCategories(tree *docs.Tree) map[string]bool {
	m := make(map[string]bool, len(tree.Categories))
	for _, c := range tree.Categories {
		m[c.Slug] = true
	}
	return m
}

// leaveAlone keeps, of the articles prune found gone, those this repository published; the others are
// named in p.LeftAlone. Under PruneCategories, or without an Owner, every one is kept: the rule of old.
func (p *Plan) leaveAlone(gone []*kb.Article, ix *inventory.Index, o Options) []*kb.Article {
	if o.PruneScope == PruneCategories || o.Owner == nil {
		p.PruneScope = PruneCategories
		return gone
	}
	var keep []*kb.Article
	for _, ra := range gone {
		if o.ownerOf(ra.Slug) == Ours {
			keep = append(keep, ra)
			continue
		}
		cat := ""
		if c := ix.CatByID[ra.CategoryID]; c != nil {
			cat = c.Slug
		}
		p.LeftAlone = append(p.LeftAlone, LeftAlone{Slug: ra.Slug, Title: ra.Title, ID: ra.ID, Category: cat, Remote: ra})
	}
	return keep
}
