package docs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/atender/atender/internal/preset"
)

// Fields atender reads from frontmatter.
var knownFields = []string{"title", "slug", "summary", "category", "subcategory", "tags", "keywords", "status", "sync"}

// Fields of other tools, ignored; each is reported once per tree.
var foreignFields = map[string]string{
	"id": "Docusaurus", "sidebar_position": "Docusaurus", "sidebar_label": "Docusaurus", "sidebar_class_name": "Docusaurus",
	"hide_title": "Docusaurus", "hide_table_of_contents": "Docusaurus", "displayed_sidebar": "Docusaurus", "pagination_label": "Docusaurus",
	"pagination_next": "Docusaurus", "pagination_prev": "Docusaurus", "toc_min_heading_level": "Docusaurus", "toc_max_heading_level": "Docusaurus",
	"custom_edit_url": "Docusaurus", "last_update": "Docusaurus", "sidebar_custom_props": "Docusaurus", "unlisted": "Docusaurus",
	"weight": "Hugo", "linkTitle": "Hugo", "linktitle": "Hugo", "menu": "Hugo", "aliases": "Hugo", "date": "Hugo/Jekyll", "lastmod": "Hugo",
	"draft": "Hugo/Docusaurus", "toc": "Hugo", "layout": "Hugo/Jekyll/VitePress", "categories": "Hugo", "params": "Hugo", "publishDate": "Hugo",
	"expirydate": "Hugo", "expiryDate": "Hugo", "url": "Hugo", "type": "Hugo", "outputs": "Hugo", "build": "Hugo", "cascade": "Hugo",
	"headless": "Hugo", "markup": "Hugo", "resources": "Hugo", "sitemap": "Hugo/VitePress", "translationKey": "Hugo", "isCJKLanguage": "Hugo",
	"outline": "VitePress", "editLink": "VitePress", "sidebar": "VitePress", "prev": "VitePress", "next": "VitePress", "head": "VitePress",
	"aside": "VitePress", "lastUpdated": "VitePress", "pageClass": "VitePress", "navbar": "VitePress", "footer": "VitePress", "hero": "VitePress",
	"features": "VitePress", "titleTemplate": "VitePress",
	"hide": "MkDocs", "template": "MkDocs", "search": "MkDocs", "icon": "MkDocs", "subtitle": "MkDocs",
	"permalink": "Jekyll", "nav_order": "Just the Docs", "parent": "Just the Docs", "author": "", "image": "",
}

// reportForeign warns once per tree about each field of another tool (Docusaurus, Hugo, …), at its first
// use: a warning per file would bury the real problems of a migrated tree.
func reportForeign(results []*parsed, ds *diags) {
	type first struct {
		rel       string
		line, col int
		n         int
	}
	seen := map[string]*first{}
	var order []string
	for _, p := range results {
		for _, fd := range p.foreign {
			if f, ok := seen[fd.Key]; ok {
				f.n++
				continue
			}
			seen[fd.Key] = &first{p.rel, fd.Line, fd.Col, 1}
			order = append(order, fd.Key)
		}
	}
	for _, k := range order {
		f := seen[k]
		tool := foreignFields[k]
		if tool != "" {
			tool = " (" + tool + ")"
		}
		ds.warnf("foreign-field", f.rel, f.line, f.col, "field `%s`%s is ignored by atender; %d file(s) in the tree use it", k, tool, f.n)
	}
}

func isKnown(k string) bool {
	for _, f := range knownFields {
		if f == k {
			return true
		}
	}
	return false
}

// suggest returns the known field closest to k, when it is a likely typo.
func suggest(k string) string {
	best, bestD := "", 3
	lk := strings.ToLower(k)
	for _, f := range knownFields {
		if d := levenshtein(lk, f); d < bestD && d <= max(1, len(f)/3) {
			best, bestD = f, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// reportImports warns once per tree that MDX import/export lines were removed (a Docusaurus tree has them
// in most files; what they import cannot run in Atender, and the components they bring are reported
// where they are used).
func reportImports(ps []*parsed, ds *diags) {
	files, lines := 0, 0
	var first *parsed
	for _, p := range ps {
		if p.imports > 0 {
			if first == nil {
				first = p
			}
			files++
			lines += p.imports
		}
	}
	if first != nil {
		ds.warnf("mdx-import", first.rel, first.importAt[0], first.importAt[1], "MDX import/export lines are removed from the articles: %d paragraph(s) in %d file(s) in the tree, the first here", lines, files)
	}
}

// mapFields applies the field mapping (config `fields:` over the preset's): a field mapped to one of
// atender's stands for it when the file does not give that one itself; a field mapped to "ignore" is
// dropped without a word. It returns the keys it handled.
func mapFields(p *parsed, mapping map[string]string) map[string]bool {
	if len(mapping) == 0 {
		return nil
	}
	handled := map[string]bool{}
	var moved []field
	for key, fd := range p.fields {
		to, ok := mapping[key]
		if !ok || to == key {
			continue
		}
		handled[key] = true
		delete(p.fields, key)
		if to != preset.Ignore {
			fd.Key = to
			moved = append(moved, fd)
		}
	}
	sortFields(moved) // the first in the file wins when two stand for the same field
	for _, fd := range moved {
		if _, own := p.fields[fd.Key]; !own {
			p.fields[fd.Key] = fd
		}
	}
	return handled
}

// checkFields refuses a mapping onto something that is neither a field atender reads nor "ignore".
func checkFields(mapping map[string]string) error {
	targets := append(append([]string{}, knownFields...), "description", preset.Ignore)
	for k, to := range mapping {
		if !slices.Contains(targets, to) {
			return fmt.Errorf("fields: %s: %q is not one of %s", k, to, strings.Join(targets, ", "))
		}
	}
	return nil
}

// sidebarLabel is the page's label in the generator's sidebar: Docusaurus' sidebar_label, Starlight's
// sidebar.label, Mintlify's sidebarTitle, Hugo's linkTitle.
func sidebarLabel(fields map[string]field) string {
	for _, k := range []string{"sidebar_label", "sidebarTitle", "linkTitle"} {
		if s, ok := fields[k].Value.(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	if m, ok := fields["sidebar"].Value.(map[string]any); ok {
		if s, ok := m["label"].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// isTrue reports a frontmatter true (draft: true).
func isTrue(v any) bool {
	b, ok := asBool(v)
	return ok && b
}
