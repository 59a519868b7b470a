package conflict

import (
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// values are an article's compared fields in canonical form: plan's one article comparison.
type values = plan.Values

func pageValues(pg *docs.Page) values { return plan.PageValues(pg) }

// withDefaults recomputes the fields of an earlier version that came from configuration, with the defaults
// of that version's commit.
func withDefaults(v values, pg *docs.Page, d defaults) values {
	if pg.Sources["status"] == "default" && d.Status != "" {
		v[plan.FieldStatus] = d.Status
	}
	if pg.Sources["category"] == "default" && d.Category != "" {
		cat := slug.Make(d.Category)
		v[plan.FieldCategory] = cat
		v[plan.FieldSubcategory] = ""
		if pg.Subcategory != "" {
			v[plan.FieldSubcategory] = slug.Sub(cat, pg.Subcategory).String()
		}
	}
	return v
}

// withoutDestinations is content with the destinations this program rewrites (links and images outside
// code) taken out: they depend on other files and on settings, never on an edit of this article.
func withoutDestinations(content string) string { return markdown.WithoutDestinations(content) }
