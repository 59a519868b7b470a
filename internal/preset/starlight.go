package preset

import (
	"bytes"
	"os"
)

// Starlight (starlight.astro.build), the Astro docs theme: pages in src/content/docs, served from the site
// root; files starting with an underscore are not routes; 404.md is the not-found page; a first-level folder
// per language other than the default one (es/, zh-cn/) translates the tree. The sidebar is code
// (astro.config.mjs): folder names and frontmatter (`sidebar.label`) are what is data.
var _ = register(&Preset{
	Name: "starlight", Title: "Starlight",
	DocsRoot: "src/content/docs", Slugs: "path", Drafts: true,
	markers: []string{"astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts", "astro.config.cjs"},
	detect:  mentions("@astrojs/starlight"),
	// Astro builds a site whatever its links say, and bundles images from src/assets under hashed names.
	Rules: map[string]string{"broken-link": "warning", "outside-link": "warning"},
	Fields: ignoring("template", "hero", "sidebar", "banner", "tableOfContents", "head", "lastUpdated", "prev",
		"next", "pagefind", "editUrl", "draft"),
	Converters: []string{"admonitions", "tabs", "steps", "cards", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	unpublished: func(f *Filter, rel string, dir bool) string {
		switch {
		case partial(rel):
			return ReasonPartial
		case !dir && notFound(rel):
			return ReasonNotFound
		case f.locale(rel, dir):
			return ReasonLocale
		}
		return ""
	},
})

// mentions is a detect check: the marker file names s (an Astro config that loads Starlight).
func mentions(s string) func(string) bool {
	return func(marker string) bool {
		b, err := os.ReadFile(marker)
		return err == nil && len(b) <= maxConfig && bytes.Contains(b, []byte(s))
	}
}
