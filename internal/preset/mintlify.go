package preset

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Mintlify (mintlify.com): docs.json (mint.json before it) at the root of the docs, pages named there without
// their extension; snippets/ holds files included by <Snippet> or imported, never published. Navigation
// groups are data: a group whose pages all lie in one folder names that folder.
var _ = register(&Preset{
	Name: "mintlify", Title: "Mintlify",
	DocsRoot: ".", Slugs: "path",
	markers: []string{"docs.json", "mint.json"},
	detect:  mentions(`"navigation"`),
	// Mintlify publishes with broken links (`mint broken-links` is a separate check).
	Rules: map[string]string{"broken-link": "warning"},
	Fields: ignoring("icon", "iconType", "mode", "sidebarTitle", "api", "openapi", "url", "tag", "noindex",
		"hidden", "public", "deprecated", "version", "og:title", "og:description", "og:image", "seo", "rss",
		"timestamp", "groups"),
	Converters: []string{"admonitions", "tabs", "steps", "cards", "accordions", "images", "api-fields", "icons", "heading-attrs", "includes", "code-meta", "components"},
	unpublished: func(f *Filter, rel string, dir bool) string {
		first, _, _ := strings.Cut(rel, "/")
		if first == "snippets" || first == "_snippets" {
			return ReasonSnippet
		}
		return ""
	},
	nav: mintlifyNav,
})

// mintlifyNav reads the navigation groups of docs.json or mint.json in the site folder.
func mintlifyNav(site, docs string) (*Nav, error) {
	for _, name := range []string{"docs.json", "mint.json"} {
		file := filepath.Join(site, name)
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		var root any = v
		if m, ok := v.(map[string]any); ok {
			root = m["navigation"]
		}
		var sections []section
		groups(root, &sections)
		// Pages are named from the site folder; the docs folder may be below it.
		prefix, _ := filepath.Rel(site, docs)
		prefix = filepath.ToSlash(prefix)
		for i, s := range sections {
			var in []string
			for _, p := range s.pages {
				if prefix != "." {
					if !strings.HasPrefix(p, prefix+"/") {
						continue
					}
					p = strings.TrimPrefix(p, prefix+"/")
				}
				in = append(in, p)
			}
			sections[i].pages = in
		}
		return &Nav{Source: file, Pages: map[string]string{}, Folders: folderTitles(sections)}, nil
	}
	return &Nav{}, nil
}

// groups collects every {"group": …, "pages": […]} under v, each with its own pages (not its nested groups').
func groups(v any, out *[]section) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			groups(e, out)
		}
	case map[string]any:
		title, _ := x["group"].(string)
		pages, _ := x["pages"].([]any)
		if title != "" && pages != nil {
			s := section{title: title}
			for _, p := range pages {
				if pg, ok := p.(string); ok {
					s.pages = append(s.pages, path.Clean(strings.TrimPrefix(pg, "/")))
				}
			}
			*out = append(*out, s)
		}
		for _, k := range sortedKeys(x) {
			e := x[k]
			if k != "group" {
				groups(e, out)
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
