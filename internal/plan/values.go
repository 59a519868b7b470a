package plan

import (
	"sort"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

// Fields are the compared article fields, in the order they are reported.
var Fields = []string{FieldTitle, FieldSummary, FieldContent, FieldCategory, FieldSubcategory, FieldTags, FieldKeywords, FieldStatus}

// Values are an article's compared fields in canonical form (Field* → value): the one article comparison.
// A page, a remote article, an earlier version of a file and the record of what was sent all become Values,
// so the planner (Diff) and conflict detection compare the same way.
type Values map[string]string

// PageValues are the values a page sends.
func PageValues(pg *docs.Page) Values {
	return Values{
		FieldTitle:       pg.Title,
		FieldSummary:     strings.TrimSpace(pg.Summary),
		FieldContent:     NormalizeContent(pg.Content),
		FieldCategory:    pg.Category,
		FieldSubcategory: subValue(pg.Category, pg.Subcategory),
		FieldTags:        setOf(TagSlugs(pg.Tags)),
		FieldKeywords:    strings.Join(pg.Keywords, "\x1f"),
		FieldStatus:      pg.Status,
	}
}

// RemoteValues are the values a remote article holds, its taxonomy ids turned into slugs through ix (a tag
// the listing lacks stays "?id", so it never equals a local tag).
func RemoteValues(ra *kb.Article, ix *inventory.Index) Values {
	cat, sub := "", ""
	if c := ix.CatByID[ra.CategoryID]; c != nil {
		cat = c.Slug
	}
	if s := ix.SubByID[ra.SubcategoryID]; s != nil {
		sub = s.Slug
	}
	tags := make([]string, 0, len(ra.TagIDs))
	for _, id := range ra.TagIDs {
		if t := ix.TagByID[id]; t != nil {
			tags = append(tags, t.Slug)
		} else {
			tags = append(tags, "?"+id)
		}
	}
	return Values{
		FieldTitle:       ra.Title,
		FieldSummary:     strings.TrimSpace(ra.Summary),
		FieldContent:     NormalizeContent(ra.Content),
		FieldCategory:    cat,
		FieldSubcategory: subValue(cat, sub),
		FieldTags:        setOf(tags),
		FieldKeywords:    strings.Join(ra.Keywords, "\x1f"),
		FieldStatus:      ra.Status,
	}
}

// Differ lists the fields in which v and w differ, in report order.
func (v Values) Differ(w Values) []string {
	var f []string
	for _, k := range Fields {
		if v[k] != w[k] {
			f = append(f, k)
		}
	}
	return f
}

// Diff lists the fields in which the local page differs from the remote article.
func Diff(pg *docs.Page, ra *kb.Article, ix *inventory.Index) []string {
	return PageValues(pg).Differ(RemoteValues(ra, ix))
}

// Diffs are, for each page whose slug the KB has, the fields in which it differs from that article (Diff):
// worked out once per run (DiffAll) for the stages that ask it of every page (ownership, conflict
// detection, the planner), instead of building the values of 10,000 articles three times over.
type Diffs map[*docs.Page][]string

// DiffAll is Diff for every page of tree with a remote twin in ix.
func DiffAll(tree *docs.Tree, ix *inventory.Index) Diffs {
	d := make(Diffs, len(tree.Pages))
	for _, pg := range tree.Pages {
		if ra := ix.ArtBySlug[pg.Slug]; ra != nil {
			d[pg] = Diff(pg, ra, ix)
		}
	}
	return d
}

// Of is Diff(pg, ra, ix) for ra, pg's twin in ix: read from d when d holds pg (a nil d holds nothing).
func (d Diffs) Of(pg *docs.Page, ra *kb.Article, ix *inventory.Index) []string {
	if f, ok := d[pg]; ok {
		return f
	}
	return Diff(pg, ra, ix)
}

// subValue is the compared value of a subcategory: its key within its category, "" for none.
func subValue(cat, sub string) string {
	if sub == "" {
		return ""
	}
	return slug.Sub(cat, sub).String()
}

// setOf is a set of slugs as one value: tags carry no order, and a server that sorts them must not cause an
// update on every run.
func setOf(xs []string) string {
	s := append([]string(nil), xs...)
	sort.Strings(s)
	return strings.Join(s, ",")
}
