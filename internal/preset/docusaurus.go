package preset

import (
	"os"
	"path/filepath"
	"regexp"
)

// Docusaurus (docusaurus.io): pages in docs/, served under /docs; files and folders starting with an
// underscore are partials, imported by pages and not published; _category_.json or _category_.yml names a
// folder in the sidebar (read by the docs package, as it reads _category.yml). A doc's route comes from its
// folder and its `slug:`, `id:` or file name (see docusaurusRoute).
var _ = register(&Preset{
	Name: "docusaurus", Title: "Docusaurus",
	DocsRoot: "docs", Slugs: "path", SitePrefix: "/docs", Drafts: true, StaticDir: "static",
	// Docusaurus builds a page with no text (its title alone): it is left out with a warning.
	Rules:   map[string]string{"empty-body": "warning"},
	markers: []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.mts"},
	Fields: ignoring("id", "sidebar_position", "sidebar_label", "sidebar_class_name", "sidebar_custom_props",
		"hide_title", "hide_table_of_contents", "displayed_sidebar", "pagination_label", "pagination_next",
		"pagination_prev", "toc_min_heading_level", "toc_max_heading_level", "custom_edit_url", "last_update",
		"unlisted", "image", "draft", "parse_number_prefixes"),
	Converters: []string{"admonitions", "tabs", "accordions", "cards", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	route:      docusaurusRoute,
	siteRules:  docusaurusRules,
	unpublished: func(f *Filter, rel string, dir bool) string {
		if partial(rel) {
			return ReasonPartial
		}
		return ""
	},
})

// ignoring maps each field to Ignore.
func ignoring(fields ...string) map[string]string {
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		m[f] = Ignore
	}
	return m
}

// brokenLinksRe finds onBrokenLinks and onBrokenMarkdownLinks (top level, or markdown.hooks' in Docusaurus
// 3.9) written as string literals in a docusaurus.config.*.
var brokenLinksRe = regexp.MustCompile(`\bonBroken(Markdown)?Links\s*:\s*["'](\w+)["']`)

// docusaurusRules reads what the site's config says about broken links: `docusaurus build` fails on one
// only with onBrokenLinks: 'throw' (the default), or with onBrokenMarkdownLinks: 'throw' for a link to a
// file; when neither throws, a broken link is a warning, as the build says it.
func docusaurusRules(site string) map[string]string {
	for _, m := range all["docusaurus"].markers {
		b, err := os.ReadFile(filepath.Join(site, m))
		if err != nil || len(b) > maxConfig {
			continue
		}
		warns := false
		for _, v := range brokenLinksRe.FindAllSubmatch(b, -1) {
			switch {
			case string(v[2]) == "throw":
				return nil
			case v[1] == nil:
				warns = true
			}
		}
		if warns {
			return map[string]string{"broken-link": "warning"}
		}
		return nil
	}
	return nil
}
