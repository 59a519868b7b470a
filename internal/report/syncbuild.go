package report

import (
	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// Build turns a plan (and, after a sync, its report) into a SyncResult.
func Build(p *plan.Plan, rep *apply.Report, apiBase, publicBase string) *SyncResult {
	r := &SyncResult{SchemaVersion: SchemaVersion, Diagnostics: []docs.Diagnostic{}, DryRun: rep == nil, BaseURL: apiBase, Warnings: append([]string{}, p.Warnings...), Articles: make([]ArticleResult, 0, len(p.Actions)), Categories: []ObjectResult{}, Tags: []ObjectResult{}}
	var results map[*plan.Action]*apply.Result
	if rep != nil {
		results = make(map[*plan.Action]*apply.Result, len(rep.Results))
		for _, x := range rep.Results {
			results[x.Action] = x
		}
		r.Interrupted, r.PruneCancelled, r.Stopped = rep.Interrupted, rep.PruneCancelled, rep.Stopped
	}
	for _, a := range p.Actions {
		o := outcomeOf(a, results[a])
		r.Counts.countOutcome(a, o.result)
		if a.Kind == plan.CreateCategory || a.Kind == plan.UpdateCategory || a.Kind == plan.CreateSubcategory || a.Kind == plan.CreateTag {
			r.addObject(a, o)
			continue
		}
		r.addArticle(a, o, publicBase)
	}
	r.LeftAlone = leftAloneOf(p, publicBase)
	return r
}

// outcome is what became of one action: "planned" in a dry run, else the status apply reported.
type outcome struct {
	result, id, slug, err, requestID string
}

func outcomeOf(a *plan.Action, x *apply.Result) outcome {
	o := outcome{result: "planned", id: a.ID, slug: a.Slug}
	if x != nil {
		o.result, o.id, o.slug = string(x.Status), x.ID, x.Slug
		if x.Err != nil {
			o.err, o.requestID = x.Err.Error(), x.RequestID
		}
	}
	return o
}

// done reports whether the action happened (or, in a dry run, would).
func (o outcome) done() bool { return o.result == "planned" || o.result == "ok" }

// countOutcome counts what did not happen: failed, unknown and skipped actions. A conflict is counted as a
// conflict (by addArticle), not as a failure.
func (c *Counts) countOutcome(a *plan.Action, result string) {
	if a.Kind == plan.Conflict {
		return
	}
	switch result {
	case "failed":
		c.Failed++
	case "unknown":
		c.Unknown++
	case "skipped":
		c.Skipped++
	}
}

// addObject adds a category, subcategory or tag action.
func (r *SyncResult) addObject(a *plan.Action, o outcome) {
	obj := ObjectResult{Slug: a.Slug, Title: a.Title, Action: string(a.Kind), Result: o.result, ID: o.id, Fields: a.Fields, Error: o.err, RequestID: o.requestID}
	if a.Kind == plan.CreateSubcategory {
		obj.Slug = slug.Sub(a.Parent, a.Slug).String()
	}
	if a.Kind == plan.CreateTag {
		r.Tags = append(r.Tags, obj)
	} else {
		r.Categories = append(r.Categories, obj)
	}
	if !o.done() {
		return
	}
	switch a.Kind {
	case plan.CreateCategory:
		r.Counts.CategoriesCreated++
	case plan.UpdateCategory:
		r.Counts.CategoriesUpdated++
	case plan.CreateSubcategory:
		r.Counts.SubcategoriesCreated++
	case plan.CreateTag:
		r.Counts.TagsCreated++
	}
}

// addArticle adds an article action.
func (r *SyncResult) addArticle(a *plan.Action, o outcome, publicBase string) {
	action := string(a.Kind)
	if a.Kind == plan.Update && a.Restore {
		action = "restore"
	}
	if a.Kind == plan.Conflict {
		r.Counts.Conflicts++
		if o.result == "planned" {
			o.err = conflictNote(a)
		}
	}
	r.Articles = append(r.Articles, ArticleResult{Path: a.Path, Slug: o.slug, Title: a.Title, Action: action, Result: o.result, ID: o.id,
		URL: publicBase + facts.PublicPath(o.slug), Fields: a.Fields, Error: o.err, RequestID: o.requestID})
	if !o.done() {
		return
	}
	switch a.Kind {
	case plan.Create:
		r.Counts.Created++
	case plan.Update:
		r.Counts.Updated++
	case plan.Unchanged:
		r.Counts.Unchanged++
	case plan.Archive:
		r.Counts.Archived++
	case plan.Delete:
		r.Counts.Deleted++
	}
}

// AddDiffs puts, for --diff, the unified diff of each update, restore and conflict of p into its article's
// result (matched by file: one file, one action).
func AddDiffs(r *SyncResult, p *plan.Plan) {
	byPath := map[string]*plan.Action{}
	for _, a := range p.Actions {
		if (a.Kind == plan.Update || a.Kind == plan.Conflict) && a.Path != "" {
			byPath[a.Path] = a
		}
	}
	for i, ar := range r.Articles {
		if a := byPath[ar.Path]; a != nil && ar.Path != "" {
			r.Articles[i].Diff = UnifiedDiff(a)
		}
	}
}
