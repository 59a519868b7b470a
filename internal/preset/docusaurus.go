package preset

// Docusaurus (docusaurus.io): pages in docs/, served under /docs; files and folders starting with an
// underscore are partials, imported by pages and not published; _category_.json or _category_.yml names a
// folder in the sidebar (read by the docs package, as it reads _category.yml). A doc's route comes from its
// folder and its `slug:`, `id:` or file name (see docusaurusRoute).
var _ = register(&Preset{
	Name: "docusaurus", Title: "Docusaurus",
	DocsRoot: "docs", Slugs: "path", SitePrefix: "/docs", Drafts: true,
	markers: []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.mts"},
	Fields: ignoring("id", "sidebar_position", "sidebar_label", "sidebar_class_name", "sidebar_custom_props",
		"hide_title", "hide_table_of_contents", "displayed_sidebar", "pagination_label", "pagination_next",
		"pagination_prev", "toc_min_heading_level", "toc_max_heading_level", "custom_edit_url", "last_update",
		"unlisted", "image", "draft", "parse_number_prefixes"),
	Converters: []string{"admonitions", "tabs", "accordions", "cards", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	route:      docusaurusRoute,
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
