package preset

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// Starlight (starlight.astro.build), the Astro docs theme: pages in src/content/docs, served from the site
// root; files starting with an underscore are not routes; 404.md is the not-found page; a first-level folder
// per language other than the default one (es/, zh-cn/) translates the tree. The sidebar is code
// (astro.config.mjs): folder names and frontmatter (`sidebar.label`) are what is data.
var _ = register(&Preset{
	Name: "starlight", Title: "Starlight",
	DocsRoot: "src/content/docs", Slugs: "path", Drafts: true, StaticDir: "public",
	markers: []string{"astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts", "astro.config.cjs"},
	detect:  mentions("@astrojs/starlight"),
	// Astro builds a site whatever its links say, and bundles images from src/assets under hashed names.
	Rules: map[string]string{"broken-link": "warning", "outside-link": "warning", "empty-body": "warning"},
	Fields: ignoring("template", "hero", "sidebar", "banner", "tableOfContents", "head", "lastUpdated", "prev",
		"next", "pagefind", "editUrl", "draft"),
	Converters: []string{"admonitions", "tabs", "steps", "cards", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	route:      starlightRoute,
	basePath:   astroBase,
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

// starlightRoute is a Starlight page's route as Astro's content loader makes it: the `slug:` of its
// frontmatter, else its path without the extension, each folder and file name slugged as github-slugger
// does (concept/Inter-Process Communication/index.mdx → /concept/inter-process-communication), an index
// page at its folder's.
func starlightRoute(rel string, fm func(string) string) string {
	if s := strings.Trim(fm("slug"), "/"); s != "" {
		return path.Clean("/" + s)
	}
	parts := strings.Split(strings.TrimSuffix(rel, path.Ext(rel)), "/")
	for i, p := range parts {
		parts[i] = githubSlug(p)
	}
	if parts[len(parts)-1] == "index" {
		parts = parts[:len(parts)-1]
	}
	return path.Clean("/" + strings.Join(parts, "/"))
}

// githubSlug is github-slugger's slug of s: lower case, every character but letters, marks, digits,
// connector punctuation, hyphens and spaces removed, each space a hyphen.
func githubSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// astroBaseRe finds the `base:` of an Astro config, written as a string literal at the top of its object.
var astroBaseRe = regexp.MustCompile(`(?m)^[ \t]{0,4}base\s*:\s*["'](/[^"']*)["']`)

// astroBase is the path an Astro site is served under (its config's `base: '/docs'`), "" when it is the root.
func astroBase(site string) string {
	for _, m := range all["starlight"].markers {
		b, err := os.ReadFile(filepath.Join(site, m))
		if err != nil || len(b) > maxConfig {
			continue
		}
		if v := astroBaseRe.FindSubmatch(b); v != nil {
			if base := strings.TrimRight(string(v[1]), "/"); base != "" {
				return base
			}
		}
		return ""
	}
	return ""
}
