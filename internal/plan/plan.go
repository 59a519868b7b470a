// Package plan computes what a sync must do: a pure function from the local docs tree and the remote
// inventory to an ordered list of actions. It does no I/O and reads no clock, so every case is a table test.
//
// Change detection needs no state file: the normalised local values are compared with the listing, so a
// second run on an unchanged tree plans zero writes.
package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/slug"
)

// Kind of action.
type Kind string

const (
	CreateCategory    Kind = "create-category"
	UpdateCategory    Kind = "update-category"
	CreateSubcategory Kind = "create-subcategory"
	CreateTag         Kind = "create-tag"
	Create            Kind = "create"
	Update            Kind = "update"
	Unchanged         Kind = "unchanged"
	Archive           Kind = "archive"
	Delete            Kind = "delete"
	// Conflict is an update held back: the remote was edited in Atender since it was last synced.
	Conflict Kind = "conflict"
)

// Article fields compared and patched, in the order they are reported.
const (
	FieldTitle       = "title"
	FieldSummary     = "summary"
	FieldContent     = "content"
	FieldCategory    = "category"
	FieldSubcategory = "subcategory"
	FieldTags        = "tags"
	FieldKeywords    = "keywords"
	FieldStatus      = "status"
)

// Options shape the plan.
type Options struct {
	// Prune removes remote articles of the managed categories whose slug is no longer in the tree.
	Prune bool
	// PruneMode is "archive" (default) or "delete".
	PruneMode string
	// Edited names the article slugs whose remote version was changed outside this repository since it was
	// last synced, with the fields that no input explains (the evidence of package conflict). An update of
	// one of them becomes a Conflict.
	Edited map[string][]string
	// SkipConflicts marks conflicts as skipped quietly (on-conflict: skip) instead of failing the run.
	SkipConflicts bool
	// Owner says whether this repository published the article of a slug. Prune removes only what is Ours
	// (unless PruneScope is PruneCategories), and a page updates a twin that is not Ours only when adopted.
	// nil: ownership is unknown for every slug.
	Owner func(slug string) Ownership
	// PruneScope is PruneOurs (the default, "") or PruneCategories.
	PruneScope string
	// Adopt names the slugs whose remote articles the tree may take over although they are not its own;
	// AdoptAll adopts every one (on-conflict: overwrite).
	Adopt    map[string]bool
	AdoptAll bool
	// Diffs are the page comparisons already made this run (DiffAll); nil: each is made here.
	Diffs Diffs

	used map[string]bool // categories the tree uses (set by Make)
}

// Action is one step. Article actions carry the local page; category and tag actions what to create.
type Action struct {
	Kind     Kind
	Path     string   // local file, for article actions
	Slug     string   // article, category, subcategory or tag slug
	Title    string   // article or category title, tag name
	ID       string   // remote id, when the action acts on an existing object
	Fields   []string // changed fields, for Update
	Restore  bool     // the remote twin is archived and comes back
	Page     *docs.Page
	Category *docs.Category // for category and subcategory actions
	Parent   string         // category slug, for subcategory actions
	Remote   *kb.Article    // the current remote article, for diffs
	// SkipConflict says a Conflict is skipped quietly (on-conflict: skip) rather than failing the run.
	SkipConflict bool
	// Outside lists, for a Conflict, the fields changed outside this repository (a subset of Fields).
	Outside []string
	// Reason says, for a Conflict that is not an edit, why the article is not the tree's to update (its
	// category is not the tree's, or it was not published from this repository).
	Reason string
}

// IsWrite reports whether the action sends a write.
func (a *Action) IsWrite() bool { return a.Kind != Unchanged && a.Kind != Conflict }

// IsRemoval reports whether the action archives or deletes.
func (a *Action) IsRemoval() bool { return a.Kind == Archive || a.Kind == Delete }

// Plan is the ordered list of actions: categories → subcategories → tags → articles → prune.
type Plan struct {
	Actions  []*Action
	Warnings []string
	// Confirm, when set, says why this plan must not run without the user's confirmation (--yes).
	Confirm string
	// Known holds the ids of the taxonomy the KB already has: apply files articles under them without
	// listing the KB again.
	Known Known
	// LeftAlone are the articles prune leaves because this repository did not publish them.
	LeftAlone []LeftAlone
	// PruneScope is the scope prune was planned with (PruneOurs or PruneCategories); "" without --prune.
	PruneScope string
}

// Known maps the slugs of the KB's taxonomy to their ids.
type Known struct {
	Categories    map[string]string // category slug → id
	Subcategories map[slug.SubKey]string
	Tags          map[string]string // tag slug → id
}

// ConfirmCreatesAbove is how many article creates into a KB with categories but an empty article listing
// run without confirmation. Such a listing is what a server that pages or wraps lists differently from what
// this tool assumes looks like; with a wrong listing, every create makes a public duplicate.
const ConfirmCreatesAbove = 20

// Writes counts the actions that send a write.
func (p *Plan) Writes() int { return p.countIf((*Action).IsWrite) }

// Removals counts archive and delete actions.
func (p *Plan) Removals() int { return p.countIf((*Action).IsRemoval) }

// Count returns how many actions are of kind k.
func (p *Plan) Count(k Kind) int { return p.countIf(func(a *Action) bool { return a.Kind == k }) }

func (p *Plan) countIf(f func(*Action) bool) int {
	n := 0
	for _, a := range p.Actions {
		if f(a) {
			n++
		}
	}
	return n
}

// TagSlugs returns the tag slugs of local tag names, deduplicated, in order.
func TagSlugs(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		s := slug.Make(n)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// NormalizeContent makes stored and local content comparable: LF line endings, no blank lines before the
// text and no trailing whitespace after it.
func NormalizeContent(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimLeft(strings.TrimRight(s, " \t\n"), "\n")
}

// Make computes the plan from the tree and the index of the KB's inventory (built once per run: conflict
// detection reads the same index).
func Make(tree *docs.Tree, ix *inventory.Index, o Options) *Plan {
	p := &Plan{Known: knownOf(ix)}
	o.used = usedCategories(tree)
	p.categories(tree, ix)
	p.subcategories(tree, ix)
	p.tags(tree, ix)
	local := p.articles(tree, ix, o)
	p.duplicates(ix, local)
	p.confirmEmptyListing(ix)
	if o.Prune {
		p.prune(tree, ix, local, o)
	}
	return p
}

// knownOf lists the ids of the taxonomy the KB has, which apply refers articles to.
func knownOf(ix *inventory.Index) Known {
	k := Known{Categories: make(map[string]string, len(ix.CatBySlug)), Subcategories: make(map[slug.SubKey]string, len(ix.SubByKey)),
		Tags: make(map[string]string, len(ix.TagBySlug))}
	for s, c := range ix.CatBySlug {
		k.Categories[s] = c.ID
	}
	for key, sc := range ix.SubByKey {
		k.Subcategories[key] = sc.ID
	}
	for s, t := range ix.TagBySlug {
		k.Tags[s] = t.ID
	}
	return k
}

// categories plans the categories the tree uses: created when missing, updated when a _category.yml says
// otherwise.
func (p *Plan) categories(tree *docs.Tree, ix *inventory.Index) {
	for _, c := range tree.Categories {
		rc := ix.CatBySlug[c.Slug]
		if rc == nil {
			p.Actions = append(p.Actions, &Action{Kind: CreateCategory, Slug: c.Slug, Title: c.Title, Category: c})
			continue
		}
		// Only a _category.yml says what a category should look like; a folder name alone never renames
		// a category someone titled in Atender.
		if !c.Explicit {
			continue
		}
		if fields := categoryDiff(c, rc); len(fields) > 0 {
			p.Actions = append(p.Actions, &Action{Kind: UpdateCategory, Slug: c.Slug, Title: c.Title, ID: rc.ID, Category: c, Fields: fields})
		}
	}
}

// categoryDiff lists the fields in which a local category differs from the remote one.
func categoryDiff(c *docs.Category, rc *kb.Category) []string {
	var fields []string
	if rc.Title != c.Title {
		fields = append(fields, "title")
	}
	if rc.Description != c.Description {
		fields = append(fields, "description")
	}
	if c.SortOrder != nil && *c.SortOrder != rc.SortOrder {
		fields = append(fields, "sortOrder")
	}
	return fields
}

func (p *Plan) subcategories(tree *docs.Tree, ix *inventory.Index) {
	for _, s := range tree.Subcategories {
		if ix.SubByKey[slug.Sub(s.Parent, s.Slug)] == nil {
			p.Actions = append(p.Actions, &Action{Kind: CreateSubcategory, Slug: s.Slug, Title: s.Title, Parent: s.Parent, Category: s})
		}
	}
}

// tags plans the tags the KB lacks, by slug, named as first written.
func (p *Plan) tags(tree *docs.Tree, ix *inventory.Index) {
	seen := map[string]bool{}
	for _, pg := range tree.Pages {
		for _, name := range pg.Tags {
			ts := slug.Make(name)
			if ts == "" || seen[ts] {
				continue
			}
			seen[ts] = true
			if ix.TagBySlug[ts] == nil {
				p.Actions = append(p.Actions, &Action{Kind: CreateTag, Slug: ts, Title: name})
			}
		}
	}
}

// articles plans one action per page and returns the set of local slugs.
func (p *Plan) articles(tree *docs.Tree, ix *inventory.Index, o Options) map[string]bool {
	local := make(map[string]bool, len(tree.Pages))
	for _, pg := range tree.Pages {
		local[pg.Slug] = true
		p.Actions = append(p.Actions, article(pg, ix, o))
	}
	return local
}

// article is the action for one page: create, update, unchanged, or a conflict held back.
func article(pg *docs.Page, ix *inventory.Index, o Options) *Action {
	ra := ix.ArtBySlug[pg.Slug]
	if ra == nil {
		return &Action{Kind: Create, Path: pg.Path, Slug: pg.Slug, Title: pg.Title, Page: pg}
	}
	fields := o.Diffs.Of(pg, ra, ix)
	a := &Action{Kind: Update, Path: pg.Path, Slug: pg.Slug, Title: pg.Title, ID: ra.ID, Fields: fields, Page: pg, Remote: ra}
	switch {
	case len(fields) == 0:
		a.Kind = Unchanged
	case o.Edited[pg.Slug] != nil:
		a.Kind, a.SkipConflict, a.Outside = Conflict, o.SkipConflicts, o.Edited[pg.Slug]
	default:
		if why := takeover(pg, ra, ix, o); why != "" {
			a.Kind, a.SkipConflict, a.Reason = Conflict, o.SkipConflicts, why
		}
	}
	a.Restore = ra.Status == facts.StatusArchived && pg.Status != facts.StatusArchived
	return a
}

// duplicateOf is the slug whose duplicate s looks like, as an earlier POST of a taken slug names it (slug-1,
// slug-2 …): s without its last -digits, when something is left (and, as a regular expression's . reads,
// without a line break); ok is false for any other slug.
func duplicateOf(s string) (string, bool) {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || i == len(s)-1 || strings.IndexByte(s[:i], '\n') >= 0 {
		return "", false
	}
	for _, c := range []byte(s[i+1:]) {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return s[:i], true
}

// duplicates warns of remote duplicates of local slugs left by an earlier create.
func (p *Plan) duplicates(ix *inventory.Index, local map[string]bool) {
	arts := ix.Remote.Articles
	for i := range arts {
		ra := &arts[i]
		if of, ok := duplicateOf(ra.Slug); ok && local[of] && !local[ra.Slug] && ix.ArtBySlug[of] != nil {
			p.Warnings = append(p.Warnings, "remote article "+ra.ID+" (slug "+ra.Slug+", status "+ra.Status+") looks like a duplicate of "+of+" made by an earlier create; delete it in Atender, or sync with --prune")
		}
	}
}

// confirmEmptyListing asks for confirmation of many creates into a KB whose article listing is empty
// although it has categories (see ConfirmCreatesAbove).
func (p *Plan) confirmEmptyListing(ix *inventory.Index) {
	r := ix.Remote
	if n := p.Count(Create); n > ConfirmCreatesAbove && len(r.Articles) == 0 && len(r.Categories) > 0 {
		p.Confirm = fmt.Sprintf("the KB has %d categories but its article listing is empty, and this sync would create %d articles. "+
			"If the KB does hold articles, the listing missed them and every create would make a public duplicate (slug-1)", len(r.Categories), n)
		p.Warnings = append(p.Warnings, p.Confirm+". Check the plan (--dry-run), then confirm with --yes")
	}
}

// prune plans the removal of remote articles of managed categories that the tree no longer has.
func (p *Plan) prune(tree *docs.Tree, ix *inventory.Index, local map[string]bool, o Options) {
	mode := o.PruneMode
	p.PruneScope = o.PruneScope
	if p.PruneScope == "" {
		p.PruneScope = PruneOurs
	}
	managed, held := map[string]bool{}, map[string]bool{}
	for _, c := range tree.Categories {
		managed[c.Slug] = true
	}
	// A file marked sync: false means "leave its article alone", not "remove it".
	for _, s := range tree.Held {
		held[s] = true
	}
	var gone []*kb.Article
	arts := ix.Remote.Articles
	for i := range arts {
		ra := &arts[i]
		cat := ix.CatByID[ra.CategoryID]
		if cat == nil || !managed[cat.Slug] || local[ra.Slug] || held[ra.Slug] {
			continue
		}
		gone = append(gone, ra)
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].Slug < gone[j].Slug })
	gone = p.leaveAlone(gone, ix, o)
	for _, ra := range gone {
		if mode == "delete" {
			p.Actions = append(p.Actions, &Action{Kind: Delete, Slug: ra.Slug, Title: ra.Title, ID: ra.ID, Remote: ra})
		} else if ra.Status != facts.StatusArchived {
			p.Actions = append(p.Actions, &Action{Kind: Archive, Slug: ra.Slug, Title: ra.Title, ID: ra.ID, Remote: ra})
		}
	}
}
