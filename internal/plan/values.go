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
var Fields = fieldNames[:]

// fieldNames are Fields, indexed as fieldValues are.
var fieldNames = [...]string{iTitle: FieldTitle, iSummary: FieldSummary, iContent: FieldContent, iCategory: FieldCategory,
	iSubcategory: FieldSubcategory, iTags: FieldTags, iKeywords: FieldKeywords, iStatus: FieldStatus}

const (
	iTitle = iota
	iSummary
	iContent
	iCategory
	iSubcategory
	iTags
	iKeywords
	iStatus
)

// Values are an article's compared fields in canonical form (Field* → value): the one article comparison.
// A page, a remote article, an earlier version of a file and the record of what was sent all become Values,
// so the planner (Diff) and conflict detection compare the same way.
type Values map[string]string

// fieldValues are Values held in the order of Fields, without a map: what Diff compares, for every page of
// a run (10,000 twice over in a sync of as many articles).
type fieldValues [len(fieldNames)]string

func (fv *fieldValues) values() Values {
	v := make(Values, len(fv))
	for i, f := range fieldNames {
		v[f] = fv[i]
	}
	return v
}

// PageValues are the values a page sends.
func PageValues(pg *docs.Page) Values {
	fv := pageFields(pg)
	return fv.values()
}

func pageFields(pg *docs.Page) fieldValues {
	return fieldValues{
		iTitle:       pg.Title,
		iSummary:     strings.TrimSpace(pg.Summary),
		iContent:     NormalizeContent(pg.Content),
		iCategory:    pg.Category,
		iSubcategory: subValue(pg.Category, pg.Subcategory),
		iTags:        setOf(TagSlugs(pg.Tags)),
		iKeywords:    strings.Join(pg.Keywords, "\x1f"),
		iStatus:      pg.Status,
	}
}

// RemoteValues are the values a remote article holds, its taxonomy ids turned into slugs through ix (a tag
// the listing lacks stays "?id", so it never equals a local tag).
func RemoteValues(ra *kb.Article, ix *inventory.Index) Values {
	fv := remoteFields(ra, ix)
	return fv.values()
}

func remoteFields(ra *kb.Article, ix *inventory.Index) fieldValues {
	cat, sub := "", ""
	if c := ix.CatByID[ra.CategoryID]; c != nil {
		cat = c.Slug
	}
	if s := ix.SubByID[ra.SubcategoryID]; s != nil {
		sub = s.Slug
	}
	var buf [4]string
	tags := buf[:0]
	for _, id := range ra.TagIDs {
		if t := ix.TagByID[id]; t != nil {
			tags = append(tags, t.Slug)
		} else {
			tags = append(tags, "?"+id)
		}
	}
	return fieldValues{
		iTitle:       ra.Title,
		iSummary:     strings.TrimSpace(ra.Summary),
		iContent:     NormalizeContent(ra.Content),
		iCategory:    cat,
		iSubcategory: subValue(cat, sub),
		iTags:        setOf(tags),
		iKeywords:    strings.Join(ra.Keywords, "\x1f"),
		iStatus:      ra.Status,
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

// differ is Differ on fieldValues.
func (fv *fieldValues) differ(w *fieldValues) []string {
	var f []string
	for i := range fv {
		if fv[i] != w[i] {
			f = append(f, fieldNames[i])
		}
	}
	return f
}

// Diff lists the fields in which the local page differs from the remote article.
func Diff(pg *docs.Page, ra *kb.Article, ix *inventory.Index) []string {
	local, remote := pageFields(pg), remoteFields(ra, ix)
	return local.differ(&remote)
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
	if len(xs) < 2 {
		return strings.Join(xs, ",") // nothing to order: no copy
	}
	s := append([]string(nil), xs...)
	sort.Strings(s)
	return strings.Join(s, ",")
}
