package preset

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// VitePress (vitepress.dev): a .vitepress folder beside the pages (its folder is the docs folder); public/ holds
// files served as they are; the `locales:` of .vitepress/config.* name the first-level folders that translate
// the tree (every key but `root`). Only index.md is its folder's page (README.md is /dir/README.html). The
// sidebar is code (.vitepress/config.*): folder names and frontmatter are what is data.
var _ = register(&Preset{
	Name: "vitepress", Title: "VitePress",
	DocsRoot: ".", Slugs: "path",
	// VitePress builds a page with no text: it is left out with a warning.
	Rules:   map[string]string{"empty-body": "warning"},
	markers: []string{".vitepress"},
	Fields: ignoring("layout", "hero", "features", "sidebar", "outline", "editLink", "prev", "next", "aside",
		"lastUpdated", "pageClass", "navbar", "footer", "head", "titleTemplate", "search"),
	Converters: []string{"admonitions", "tabs", "images", "icons", "heading-attrs", "includes", "code-meta", "components"},
	Index:      vitepressIndex,
	route:      func(rel string, _ func(string) string) string { return fileRoute(rel, vitepressIndex...) },
	locales:    vitepressLocales,
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

// vitepressIndex names VitePress' folder pages (index.md → /dir/).
var vitepressIndex = []string{"index"}

// vitepressLocales reads the translation folders from the `locales:` object of the site's config
// (.vitepress/config.{mts,ts,…} or a .vitepress/config/ folder of modules): its keys but `root`. ok is false
// when there is no config, or its locales are not an object written in place (a variable): the folders
// are then guessed from their names and pages.
func vitepressLocales(site, _ string) (folders map[string]bool, ok bool) {
	dir := filepath.Join(site, ".vitepress")
	files, _ := filepath.Glob(filepath.Join(dir, "config.*"))
	mods, _ := filepath.Glob(filepath.Join(dir, "config", "*.*"))
	sort.SliceStable(mods, func(i, j int) bool { return isIndexModule(mods[i]) && !isIndexModule(mods[j]) })
	read, mentioned := false, false
	for _, f := range append(files, mods...) {
		b, err := os.ReadFile(f)
		if err != nil || len(b) > maxConfig {
			continue
		}
		read = true
		keys, found := objectKeys(string(b), "locales", "root")
		if !found {
			mentioned = mentioned || strings.Contains(string(b), "locales")
			continue
		}
		folders = map[string]bool{}
		for _, k := range keys {
			if k = strings.Trim(k, "/"); k != "root" && k != "" {
				folders[k] = true
			}
		}
		return folders, true
	}
	return nil, read && !mentioned
}

func isIndexModule(f string) bool {
	return strings.HasPrefix(filepath.Base(f), "index.")
}
