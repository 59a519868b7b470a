package preset

import "strings"

// VitePress (vitepress.dev): a .vitepress folder beside the pages (its folder is the docs folder); public/ holds files served as they are;
// a first-level folder per language other than the root one translates the tree. The sidebar is code
// (.vitepress/config.*): folder names and frontmatter are what is data.
var _ = register(&Preset{
	Name: "vitepress", Title: "VitePress",
	DocsRoot: ".", Slugs: "path",
	markers: []string{".vitepress"},
	Fields: ignoring("layout", "hero", "features", "sidebar", "outline", "editLink", "prev", "next", "aside",
		"lastUpdated", "pageClass", "navbar", "footer", "head", "titleTemplate", "search"),
	Converters: []string{"admonitions", "tabs", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	route:      func(rel string, _ func(string) string) string { return fileRoute(rel, "index") },
	unpublished: func(f *Filter, rel string, dir bool) string {
		first, _, _ := strings.Cut(rel, "/")
		switch {
		case first == "public":
			return ReasonAsset
		case !dir && notFound(rel):
			return ReasonNotFound
		case f.locale(rel, dir):
			return ReasonLocale
		}
		return ""
	},
})
