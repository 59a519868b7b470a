package docs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/slug"
)

// LoadContext is Load that stops when ctx is done (Ctrl-C while a large tree loads), returning ctx's error.
// It reads top to bottom: the options and the folder are checked, the tree is walked and every page parsed
// (in parallel), the pages are indexed by path and slug, their links rewritten in a second pass (links need
// every slug, in parallel again), and what is left becomes the tree's pages and the categories they use.
func LoadContext(ctx context.Context, root string, o Options) (*Tree, error) {
	o.fillDefaults()
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	l := &treeLoad{ctx: ctx, root: root, t: &Tree{Root: root, LeftOut: map[string]int{}}}
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := usePreset(root, &o, l.t); err != nil {
		return nil, err
	}
	l.o = o
	if !facts.ValidStatus(o.DefaultStatus) {
		l.ds.errorf("config", ".atender.yaml", 1, 1, "defaults.status %q is not a status: use %s", o.DefaultStatus, strings.Join(facts.Statuses, ", "))
	}
	files, catFiles, allMD := walk(ctx, root, o, &l.ds, l.t)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	l.t.Files = len(files)
	if len(allMD) == 0 {
		// A mistyped DIR is an empty folder as often as a missing one; it must not pass CI as "in sync".
		l.ds.errorf("empty-tree", ".", 1, 1, "no Markdown files (.md, .mdx, .markdown) under %s: check the path (or set `rules: {empty-tree: off}` if an empty docs folder is intended)", root)
	}
	results := make([]*parsed, len(files))
	if err := forEach(ctx, len(files), func(i int) { results[i] = parseFile(files[i], o) }); err != nil {
		return nil, err
	}
	if o.hugoBuild {
		leaveNotRendered(results, l.o)
	}
	reportForeign(results, &l.ds)
	l.cats = loadCategoryFiles(root, catFiles, &l.ds)
	l.ix = newLinkIndex(allMD)
	l.index(results)
	l.writeOperations(results)
	l.ix.addGeneratedIndexes(generatedIndexes(catFiles))
	ok, linkDiags, err := l.rewriteLinks(results)
	if err != nil {
		return nil, err
	}
	reportImports(ok, &l.ds)
	l.collect(ok, linkDiags)
	l.usedCategories()
	return l.finish(), nil
}

// treeLoad is what LoadContext has built so far.
type treeLoad struct {
	ctx  context.Context
	root string
	o    Options
	t    *Tree
	ds   diags
	cats map[string]*Category
	ix   *linkIndex
	// specs are the OpenAPI specs read for the pages an operation is rendered into (see openapi.go).
	specs openAPISpecs
}

// fillDefaults sets the options a caller left at zero.
func (o *Options) fillDefaults() {
	if o.SummaryLength <= 0 {
		o.SummaryLength = 200
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = 1 << 20
	}
	if o.DefaultStatus == "" {
		o.DefaultStatus = facts.StatusDraft
	}
}

// checkRoot refuses a docs folder that does not exist or is a file.
func checkRoot(root string) error {
	st, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("docs folder %s does not exist: pass the folder that holds your Markdown files (or set `path` in .atender.yaml)", root)
		}
		return fmt.Errorf("docs folder %s: %w", root, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is a file; pass the folder that holds your Markdown files", root)
	}
	return nil
}

// index takes each parsed page's diagnostics, counts the pages left out (a page left out may still hold its
// article), indexes the others by path for links, gives them their category, and reports duplicate slugs.
func (l *treeLoad) index(results []*parsed) {
	bySlug := map[string]*parsed{}
	for _, p := range results {
		l.ds = append(l.ds, p.diags...)
		p.diags = nil
		if p.skip {
			if p.held != "" {
				l.t.Held = append(l.t.Held, p.held)
			}
			l.t.leave(p.reason)
			l.t.Files--
			continue
		}
		if p.page == nil {
			continue
		}
		l.ix.add(p.rel, p.route, p.page)
		resolveCategory(p, l.o, l.cats, &l.ds)
		p.fields, p.foreign = nil, nil // read for the last time
		if p.page.Slug == "" {
			continue
		}
		if prev, dup := bySlug[p.page.Slug]; dup {
			l.duplicateSlug(p, prev)
			continue
		}
		bySlug[p.page.Slug] = p
	}
}

// duplicateSlug reports two pages with one slug, at both pages.
func (l *treeLoad) duplicateSlug(p, prev *parsed) {
	hint := "slugs are public URLs and must be unique: set a different `slug:` in one of them"
	if l.o.Slugs != "path" && p.page.Sources["slug"] == "filename" && prev.page.Sources["slug"] == "filename" {
		hint += ", or set `slugs: path` in .atender.yaml to derive slugs from the folder path (guide/index.md → guide)"
	}
	l.ds.errorf("duplicate-slug", p.rel, p.slugAt[0], p.slugAt[1], "duplicate slug %q: %s has it too; %s", p.page.Slug, prev.rel, hint)
	l.ds.errorf("duplicate-slug", prev.rel, prev.slugAt[0], prev.slugAt[1], "duplicate slug %q: %s has it too; %s", p.page.Slug, p.rel, hint)
}

// rewriteLinks analyzes the body of every indexed page and rewrites its links, in parallel; a page whose
// body cannot be analyzed loses its page. The diagnostics come back per page, in order.
func (l *treeLoad) rewriteLinks(results []*parsed) ([]*parsed, []diags, error) {
	ok := make([]*parsed, 0, len(l.ix.byPath))
	for _, p := range results {
		if p.page != nil && !p.skip && l.ix.byPath[p.rel] == p.page {
			ok = append(ok, p)
		}
	}
	linkDiags := make([]diags, len(ok))
	err := forEach(l.ctx, len(ok), func(i int) {
		if analyzeBody(l.ctx, ok[i], l.o, &linkDiags[i]) {
			rewrite(ok[i], l.root, l.o, l.ix, &linkDiags[i])
		} else {
			ok[i].page = nil
		}
		ok[i].doc, ok[i].body = nil, nil // the content is rendered: the file's bytes can go now, not at the end
	})
	return ok, linkDiags, err
}

// collect makes the rewritten pages the tree's pages, with their counts; an empty body is an error, or, when
// a rule lowers it, a page left out.
func (l *treeLoad) collect(ok []*parsed, linkDiags []diags) {
	for i, p := range ok {
		l.ds = append(l.ds, linkDiags[i]...)
		if p.page == nil {
			continue
		}
		if showsNothing(p.page.Content) && l.emptyBody(p) {
			continue
		}
		l.t.Pages = append(l.t.Pages, p.page)
		l.t.Converted, l.t.Components = addCounts(l.t.Converted, p.converted), addCounts(l.t.Components, p.components)
		p.converted, p.components, p.before = nil, nil, nil
	}
}

// showsNothing reports content that is only white space and HTML comments: an article that shows nothing
// (Hugo's _common/_index.md holds one long comment for the authors).
func showsNothing(content string) bool {
	for {
		content = strings.TrimSpace(content)
		if !strings.HasPrefix(content, "<!--") {
			return content == ""
		}
		end := strings.Index(content, "-->")
		if end < 0 {
			return false
		}
		content = content[end+3:]
	}
}

// emptyBody reports a page without content and says whether it is left out: it is when its generator
// renders it from something else (an OpenAPI operation, a plugin, a template: see generatedFrom), when its body is only components that have
// no text for Atender (an interactive widget), or when a rule lowered empty-body (every preset's: a
// generator publishes an empty page, and one placeholder must not stop a tree's sync; Hugo's section pages,
// _index.md with frontmatter only, describe their category); a page left out holds its article.
func (l *treeLoad) emptyBody(p *parsed) (leftOut bool) {
	reason := ReasonSection
	switch {
	case p.genBy.reason != "":
		// The generator builds such a page from what it names; Atender cannot: say so and count it.
		l.ds.warnf("empty-body", p.rel, p.genBy.line, 1, "page generated from %s has no text of its own: left out of the sync (write its text below the frontmatter to publish it)", p.genBy.what)
		reason = p.genBy.reason
	case len(p.components) > 0:
		l.ds.warnf("empty-body", p.rel, p.line0+1, 1, "the page has only components (%s) and no text Atender can show: left out of the sync (write text beside the components to publish it)", strings.Join(slices.Sorted(maps.Keys(p.components)), ", "))
		reason = ReasonComponents
	case severityOf("empty-body", SevError, l.o.Rules) == string(SevError):
		l.ds.errorf("empty-body", p.rel, p.line0+1, 1, "empty body: the article has a title but no content; write the article below the frontmatter")
		return false
	default:
		if c := sectionCategory(p, l.cats); c != nil { // it takes the page's title and description
			l.ds.warnf("empty-body", p.rel, p.line0+1, 1, "section page without text: not an article; its title and description describe the category %q", c.Slug)
		} else {
			reason = ReasonEmpty
			l.ds.warnf("empty-body", p.rel, p.line0+1, 1, "empty body: the page is left out of the sync")
		}
	}
	l.t.leave(reason)
	l.t.Held = append(l.t.Held, p.page.Slug) // left out, not gone: its article stays as it is
	l.t.Files--
	return true
}

// generatedBy is what a generator renders a page from, besides its text: what (for the diagnostic), the
// reason it is counted under when the page has no text of its own, and the file line that says so.
type generatedBy struct {
	what, reason string
	line         int
	operation    string // for an OpenAPI page, the operation as written ("openapi.json GET /users")
}

// generatedFrom says what the page rel is rendered from: the OpenAPI operation its frontmatter names
// (`openapi:`, `asyncapi:` or `api:`, as Mintlify writes them), a plugin that writes its content (an MkDocs
// blog's index), the other site its sidebar entry links to (Mintlify `url:`), or the template its preset's
// field names (MkDocs `template:`: a redirect page; VitePress `layout: home`: a page of hero and
// features); the zero value when none.
func generatedFrom(rel string, fields map[string]field, o Options) generatedBy {
	for _, k := range []string{"openapi", "asyncapi", "api"} {
		if s, ok := fields[k].Value.(string); ok && strings.TrimSpace(s) != "" {
			return generatedBy{fmt.Sprintf("the OpenAPI operation %q", strings.TrimSpace(s)), ReasonAPIPage, fields[k].Line, strings.TrimSpace(s)}
		}
	}
	if what := o.generated[rel]; what != "" {
		return generatedBy{what: what, reason: ReasonGenerated, line: 1}
	}
	if f := o.linkField; f != "" {
		if s, ok := fields[f].Value.(string); ok && isAbsoluteURL(strings.TrimSpace(s)) {
			return generatedBy{what: "its link to " + strings.TrimSpace(s), reason: ReasonLinkPage, line: fields[f].Line}
		}
	}
	if f := o.templateField; f != "" {
		if s, ok := fields[f].Value.(string); ok && strings.TrimSpace(s) != "" {
			return generatedBy{what: "its " + f + " " + strings.TrimSpace(s), reason: ReasonTemplate, line: fields[f].Line}
		}
	}
	return generatedBy{}
}

// usedCategories lists the categories and subcategories the pages use, in a stable order.
func (l *treeLoad) usedCategories() {
	usedCat, usedSub := map[string]bool{}, map[slug.SubKey]bool{}
	for _, pg := range l.t.Pages {
		usedCat[pg.Category] = true
		if pg.Subcategory != "" {
			usedSub[slug.Sub(pg.Category, pg.Subcategory)] = true
		}
	}
	keys := make([]string, 0, len(l.cats))
	for k := range l.cats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := l.cats[k]
		if c.Parent == "" && usedCat[c.Slug] {
			l.t.Categories = append(l.t.Categories, c)
		} else if c.Parent != "" && usedSub[slug.Sub(c.Parent, c.Slug)] {
			l.t.Subcategories = append(l.t.Subcategories, c)
		}
	}
}

// finish applies the rules to the diagnostics, sorts them, and keeps what Evaluate needs.
func (l *treeLoad) finish() *Tree {
	ds := applyRules(l.ds, l.o.Rules, l.o.Strict)
	sortDiags(ds)
	l.t.Diagnostics = ds
	l.t.opts, l.t.links, l.t.cats = l.o, l.ix, l.cats
	return l.t
}
