package preset

import (
	"path/filepath"

	"github.com/atender/atender/internal/safefile"
)

// Hugo (gohugo.io): pages in content/; `draft: true` is not published; any frontmatter field is a page
// parameter to Hugo, and a section page (_index.md with frontmatter only) describes its folder rather than
// being an article.
var _ = register(&Preset{
	Name: "hugo", Title: "Hugo",
	DocsRoot: "content", Slugs: "path", Drafts: true,
	markers: []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config/_default/hugo.toml", "config/_default/config.toml", "config.toml"},
	detect:  hugoConfig,
	// Hugo keeps any field as a page parameter, builds with broken links, and takes any URL segment as a slug.
	Rules: map[string]string{"unknown-field": "off", "empty-body": "off", "broken-link": "warning", "invalid-slug": "warning"},
	Fields: ignoring("weight", "linkTitle", "linktitle", "menu", "menus", "aliases", "date", "lastmod", "toc",
		"layout", "categories", "params", "publishDate", "expirydate", "expiryDate", "url", "type", "outputs",
		"build", "cascade", "headless", "markup", "resources", "sitemap", "translationKey", "isCJKLanguage", "draft"),
	Converters: []string{"heading-attrs", "code-meta"},
})

// hugoConfig tells a Hugo config.toml (with a content folder beside it) from another tool's.
func hugoConfig(marker string) bool {
	if filepath.Base(marker) != "config.toml" {
		return true
	}
	return safefile.IsDir(filepath.Join(filepath.Dir(marker), "content"))
}
