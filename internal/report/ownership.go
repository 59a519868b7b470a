package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"

	"github.com/atender/atender/internal/plan"
)

// LeftAloneResult is a remote article prune left because this repository did not publish it.
type LeftAloneResult struct {
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	ID       string `json:"id"`
	Category string `json:"category"`
	URL      string `json:"url"`
}

// leftAloneOf lists the plan's left-alone articles for the result.
func leftAloneOf(p *plan.Plan, publicBase string) []LeftAloneResult {
	out := make([]LeftAloneResult, 0, len(p.LeftAlone))
	for _, la := range p.LeftAlone {
		out = append(out, LeftAloneResult{Slug: la.Slug, Title: la.Title, ID: la.ID, Category: la.Category, URL: publicBase + facts.PublicPath(la.Slug)})
	}
	return out
}

// conflictNote is what a planned conflict says in the result.
func conflictNote(a *plan.Action) string {
	if a.Reason != "" {
		return a.Reason + "; left untouched unless adopted (--adopt " + a.Slug + ")"
	}
	return "changed outside this repository (in the Atender editor or by another tool) since it was last synced"
}

// conflictLine is a conflict's line in the plan.
func conflictLine(w io.Writer, a *plan.Action) {
	if a.Reason != "" {
		fmt.Fprintf(w, "! conflict %s → %s: %s; left untouched (adopt it with --adopt %s)\n", escape.Terminal(a.Path), escape.Terminal(a.Slug), escape.Terminal(a.Reason), escape.Terminal(a.Slug))
		return
	}
	fmt.Fprintf(w, "! conflict %s → %s (%s): changed outside this repository (in the Atender editor or by another tool)\n", escape.Terminal(a.Path), escape.Terminal(a.Slug), describeFields(a))
}

// leftAloneText names, after the plan's actions, the articles prune leaves and the scope it ran with.
func leftAloneText(w io.Writer, p *plan.Plan) {
	if p.PruneScope == plan.PruneCategories {
		fmt.Fprintln(w, "prune scope: categories (every article of the tree's categories whose slug the tree lacks, wherever it was written)")
	}
	if n := len(p.LeftAlone); n > 0 {
		fmt.Fprintf(w, "left alone: %d %s not published from this repository\n", n, plural(n, "article", "articles"))
		for _, la := range p.LeftAlone {
			fmt.Fprintf(w, "  · %s (%q, %s, category %s)\n", escape.Terminal(la.Slug), escape.Terminal(la.Title), escape.Terminal(la.ID), escape.Terminal(la.Category))
		}
	}
}

// maxLeftAloneNames is how many of them the job summary's line names (it is in view).
const maxLeftAloneNames = 50

// leftAloneMarkdown is the job summary's line for the articles prune left, the first 50 named.
func leftAloneMarkdown(la []LeftAloneResult) string {
	if len(la) == 0 {
		return ""
	}
	names := make([]string, 0, min(len(la), maxLeftAloneNames))
	for _, a := range la[:min(len(la), maxLeftAloneNames)] {
		names = append(names, escape.Markdown(a.Slug))
	}
	if n := len(la) - len(names); n > 0 {
		names = append(names, fmt.Sprintf("and %d more, listed in the result JSON (output `result-json`) as leftAlone", n))
	}
	return fmt.Sprintf("**Left alone:** %d %s not published from this repository (%s)\n\n", len(la), plural(len(la), "article", "articles"), strings.Join(names, ", "))
}
