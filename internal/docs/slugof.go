package docs

import (
	"path"
	"slices"
	"strings"

	"github.com/atender/atender/internal/slug"
)

// slugChoice is a file's Atender slug as decideSlug decides it, with what the diagnostics need to say how.
type slugChoice struct {
	slug   string // "" when the file gives none
	source string // "frontmatter", "filename" or "path"; "" for a frontmatter slug that is refused
	at     [2]int // line and column of what gave the slug (1:1 for the file's name)
	given  string // the frontmatter `slug:` when it is not valid as written
	fixed  bool   // given was made valid: `rules: {invalid-slug: warning}` (or off) lets atender do that
}

// decideSlug is the one rule for the slug of the file rel, whose frontmatter `slug:` is s (trimmed; ok when it
// is a non-empty string; fd where it is written): slug ← frontmatter ← file name or path (index/README take
// their folder's name). A frontmatter slug with a slash is a site route of Docusaurus (`slug: /`,
// `slug: /guides/intro`): the slug is derived as if there were none (the route, for links, is the preset's). An
// invalid frontmatter slug is made valid only when the invalid-slug rule is not an error. Every page, every
// page left out that holds its article (`sync: false`, drafts) and every earlier version of a file read
// from Git gets its slug here, so validate, sync, status, pull and preview agree on it.
func decideSlug(rel, s string, ok bool, fd field, o Options) slugChoice {
	var c slugChoice
	if ok && strings.Contains(s, "/") {
		ok = false
	}
	if !ok {
		c.at, c.slug, c.source = [2]int{1, 1}, fileSlug(rel, o.Slugs, o.indexNames), "filename"
		if o.Slugs == "path" {
			c.source = "path"
		}
		return c
	}
	c.at = [2]int{fd.Line, fd.Col}
	if slug.Valid(s) {
		c.slug, c.source = s, "frontmatter"
		return c
	}
	c.given = s
	if sugg := slug.Make(s); sugg != "" && severityOf("invalid-slug", SevError, o.Rules) != string(SevError) {
		c.slug, c.source, c.fixed = sugg, "frontmatter", true
	}
	return c
}

// heldSlug is the slug of a page left out that holds its article (`sync: false`, a draft), as its page would
// have it, or "" when it has none: kb sync leaves that article alone, since "leave it out" must not turn
// into "archive it" under --prune.
func heldSlug(p *parsed, o Options) string {
	fd, present := p.fields["slug"]
	s, isString := asString(fd.Value)
	s = strings.TrimSpace(s)
	return decideSlug(p.rel, s, present && isString && s != "", fd, o).slug
}

// fileSlug derives the slug of a file that has no `slug:`, from its name ("file", the default) or its path
// relative to the docs folder ("path": guide/variables.md → guide-variables). A folder's page takes the
// folder's name (guide/index.md → guide): index, README and _index, or the generator's index names.
func fileSlug(rel, mode string, index []string) string {
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	base := path.Base(noExt)
	if index == nil {
		index = defaultIndexNames
	}
	if slices.Contains(index, strings.ToLower(base)) {
		if dir := path.Dir(rel); dir != "." {
			noExt, base = dir, path.Base(dir)
		}
	}
	if mode == "path" {
		return slug.Make(noExt)
	}
	return slug.Make(base)
}

// defaultIndexNames are the file names that are their folder's page when the generator says none.
var defaultIndexNames = []string{"index", "readme", "_index"}

// SlugOf is the slug the file rel (relative to the docs folder) of this tree would have with content: its
// page's, or, for a page left out that holds its article (`sync: false`), the held slug; "" when the
// content gives none (or rel is no Markdown file). Ownership reads it on the earlier versions of files,
// deleted ones included, which Evaluate would render in full for nothing.
func (t *Tree) SlugOf(rel string, content []byte) string {
	if !isMarkdownName(rel) {
		return "" // an image or a _category.yml under the docs folder
	}
	p := parseContent(&parsed{rel: rel}, content, t.opts)
	if p.skip {
		return p.held
	}
	if p.page == nil {
		return ""
	}
	return p.page.Slug
}
