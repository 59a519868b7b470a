package conflict

import (
	"regexp"
	"sort"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// values are an article's compared fields in canonical form (plan.Field* → value), so that a page, a
// remote article, an earlier version and the record of what was sent compare field by field.
type values map[string]string

func pageValues(pg *docs.Page) values {
	return values{
		plan.FieldTitle:       pg.Title,
		plan.FieldSummary:     strings.TrimSpace(pg.Summary),
		plan.FieldContent:     plan.NormalizeContent(pg.Content),
		plan.FieldCategory:    pg.Category,
		plan.FieldSubcategory: subKey(pg.Category, pg.Subcategory),
		plan.FieldTags:        setOf(plan.TagSlugs(pg.Tags)),
		plan.FieldKeywords:    strings.Join(pg.Keywords, "\x1f"),
		plan.FieldStatus:      pg.Status,
	}
}

func remoteValues(ra *kb.Article, ix *inventory.Index) values {
	cat, sub := "", ""
	if c := ix.CatByID[ra.CategoryID]; c != nil {
		cat = c.Slug
	}
	if s := ix.SubByID[ra.SubcategoryID]; s != nil {
		parent := ""
		if c := ix.CatByID[s.CategoryID]; c != nil {
			parent = c.Slug
		}
		sub = subKey(parent, s.Slug)
	}
	var tags []string
	for _, id := range ra.TagIDs {
		if t := ix.TagByID[id]; t != nil {
			tags = append(tags, t.Slug)
		} else {
			tags = append(tags, "?"+id)
		}
	}
	return values{
		plan.FieldTitle:       ra.Title,
		plan.FieldSummary:     strings.TrimSpace(ra.Summary),
		plan.FieldContent:     plan.NormalizeContent(ra.Content),
		plan.FieldCategory:    cat,
		plan.FieldSubcategory: sub,
		plan.FieldTags:        setOf(tags),
		plan.FieldKeywords:    strings.Join(ra.Keywords, "\x1f"),
		plan.FieldStatus:      ra.Status,
	}
}

// withDefaults recomputes the fields of an earlier version that came from configuration, with the defaults
// of that version's commit.
func (v values) withDefaults(pg *docs.Page, d defaults) values {
	if pg.Sources["status"] == "default" && d.Status != "" {
		v[plan.FieldStatus] = d.Status
	}
	if pg.Sources["category"] == "default" && d.Category != "" {
		cat := slug.Make(d.Category)
		v[plan.FieldCategory] = cat
		v[plan.FieldSubcategory] = subKey(cat, pg.Subcategory)
	}
	return v
}

func subKey(cat, sub string) string {
	if sub == "" {
		return ""
	}
	return cat + "/" + sub
}

func setOf(xs []string) string {
	s := append([]string(nil), xs...)
	sort.Strings(s)
	return strings.Join(s, ",")
}

// Link and image destinations depend on other files and on settings (links.baseUrl, a slug elsewhere, a
// file deleted since); they never make a conflict on their own, so content is compared without them.
var (
	inlineDest = regexp.MustCompile(`\]\(\s*<?[^)\s>]*>?(\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`)
	refDef     = regexp.MustCompile(`(?m)^( {0,3}\[[^\]]+\]:)[ \t]*\S+.*$`)
	htmlDest   = regexp.MustCompile(`(?i)\b(href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

func withoutDestinations(content string) string {
	content = inlineDest.ReplaceAllString(content, "]()")
	content = refDef.ReplaceAllString(content, "$1")
	return htmlDest.ReplaceAllString(content, "$1=")
}

// same compares one field; content without link and image destinations.
func same(field, a, b string) bool {
	if field == plan.FieldContent {
		return a == b || withoutDestinations(a) == withoutDestinations(b)
	}
	return a == b
}
