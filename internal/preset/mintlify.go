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
// groups are data: a group whose pages all lie in one folder names that folder. `navigation.languages`
// lists the site's languages, each with its own pages (es/…): those of the default language are published
// here, the others' folders are translations, left out; so are the pages only the versions other than the
// default of `navigation.versions` name (either list may hold the other). .mintignore names files Mintlify
// does not publish.
var _ = register(&Preset{
	Name: "mintlify", Title: "Mintlify",
	DocsRoot: ".", Slugs: "path",
	markers: []string{"docs.json", "mint.json"},
	detect:  mentions(`"navigation"`),
	// Mintlify publishes with broken links (`mint broken-links` is a separate check).
	Rules: map[string]string{"broken-link": "warning", "empty-body": "warning"},
	// Only index.mdx is its folder's page: readme.mdx is the page /folder/readme.
	Index: []string{"index"},
	Fields: ignoring("icon", "iconType", "mode", "sidebarTitle", "api", "openapi", "url", "tag", "noindex",
		"hidden", "public", "deprecated", "version", "og:title", "og:description", "og:image", "seo", "rss",
		"timestamp", "groups"),
	Converters: []string{"admonitions", "tabs", "steps", "cards", "accordions", "images", "api-fields", "icons", "heading-attrs", "includes", "code-meta", "components"},
	unpublished: func(f *Filter, rel string, dir bool) string {
		first, _, _ := strings.Cut(rel, "/")
		switch {
		case first == "snippets" || first == "_snippets":
			return ReasonSnippet
		case f.langs[first] && (dir || strings.Contains(rel, "/")):
			return ReasonLocale
		case f.exclude != nil && f.exclude(rel, dir):
			return ".mintignore"
		}
		return f.branchReason(rel, dir)
	},
	nav:     mintlifyNav,
	locales: func(site, docs string) (map[string]bool, bool) { return mintlifyLocales(site, docs), true },
})

// mintlifyNav reads the navigation groups of docs.json or mint.json in the site folder.
func mintlifyNav(site, docs string) (*Nav, error) {
	file, root, err := mintlifyConfig(site)
	if err != nil || file == "" {
		return &Nav{}, err
	}
	var sections []section
	groups(root, &sections)
	// Pages are named from the site folder; the docs folder may be below it.
	prefix := sitePrefix(site, docs)
	for i, s := range sections {
		var in []string
		for _, p := range s.pages {
			if p, ok := underDocs(p, prefix); ok {
				in = append(in, p)
			}
		}
		sections[i].pages = in
	}
	return &Nav{Source: file, Pages: map[string]string{}, Folders: folderTitles(sections)}, nil
}

// sitePrefix is the docs folder relative to the site folder, "." when they are one.
func sitePrefix(site, docs string) string {
	prefix, err := filepath.Rel(site, docs)
	if err != nil {
		return "."
	}
	return filepath.ToSlash(prefix)
}

// underDocs is a page named from the site folder as a path of the docs folder (prefix: see sitePrefix),
// false when the page is not in the docs folder.
func underDocs(p, prefix string) (string, bool) {
	if prefix == "." {
		return p, true
	}
	if !strings.HasPrefix(p, prefix+"/") {
		return "", false
	}
	return strings.TrimPrefix(p, prefix+"/"), true
}

// mintlifyConfig reads docs.json (or mint.json) of the site folder and returns its navigation (the whole
// file when it has none: mint.json's is a list at the top), with every `{"$ref": "./file.json"}` replaced
// by that file's content. file is "" when the folder has neither.
func mintlifyConfig(site string) (file string, nav any, err error) {
	for _, name := range []string{"docs.json", "mint.json"} {
		file = filepath.Join(site, name)
		v, err := readRefJSON(site, file, 0)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return file, nil, err
		}
		if m, ok := v.(map[string]any); ok {
			return file, m["navigation"], nil
		}
		return file, v, nil
	}
	return "", nil, nil
}

// maxRefDepth bounds how deep `$ref` files may refer to others (a file that refers to itself stops there).
const maxRefDepth = 8

// readRefJSON reads a JSON file with its `$ref` objects replaced by the files they name, relative to the
// file that names them and inside the site folder; other keys beside `$ref` override the file's.
func readRefJSON(site, file string, depth int) (any, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if len(b) > maxConfig {
		return nil, fmt.Errorf("%s: larger than %d MiB", file, maxConfig>>20)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return resolveRefs(site, filepath.Dir(file), v, depth)
}

func resolveRefs(site, dir string, v any, depth int) (any, error) {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			r, err := resolveRefs(site, dir, e, depth)
			if err != nil {
				return nil, err
			}
			x[i] = r
		}
	case map[string]any:
		for k, e := range x {
			if k == "$ref" {
				continue
			}
			r, err := resolveRefs(site, dir, e, depth)
			if err != nil {
				return nil, err
			}
			x[k] = r
		}
		ref, ok := x["$ref"].(string)
		if !ok {
			return x, nil
		}
		target := filepath.Join(dir, filepath.FromSlash(ref))
		if rel, err := filepath.Rel(site, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s: $ref %q is outside the site folder", dir, ref)
		}
		if depth >= maxRefDepth {
			return nil, fmt.Errorf("%s: $ref %q: more than %d files deep", dir, ref, maxRefDepth)
		}
		r, err := readRefJSON(site, target, depth+1)
		if err != nil {
			return nil, err
		}
		m, ok := r.(map[string]any)
		if !ok {
			return r, nil
		}
		for k, e := range x {
			if k != "$ref" {
				m[k] = e
			}
		}
		return m, nil
	}
	return v, nil
}

// mintlifyLocales names the first-level folders of the docs folder that hold the pages of a language other
// than the default one of `navigation.languages` (the one marked `default: true`, else the first): for each
// such language, the folder most of its pages are in, unless pages of the default language are there too.
func mintlifyLocales(site, docs string) map[string]bool {
	out := map[string]bool{}
	_, nav, err := mintlifyConfig(site)
	m, _ := nav.(map[string]any)
	langs, _ := m["languages"].([]any)
	if err != nil || len(langs) < 2 {
		return out
	}
	def := 0
	for i, l := range langs {
		if lm, ok := l.(map[string]any); ok && lm["default"] == true {
			def = i
			break
		}
	}
	prefix := sitePrefix(site, docs)
	folders := func(l any) map[string]int {
		var pages []string
		pagesOf(l, &pages)
		n := map[string]int{}
		for _, p := range pages {
			if p, ok := underDocs(p, prefix); ok {
				if first, _, nested := strings.Cut(p, "/"); nested {
					n[first]++
				}
			}
		}
		return n
	}
	published := folders(langs[def])
	for i, l := range langs {
		if i == def {
			continue
		}
		best, most, total := "", 0, 0
		for f, n := range folders(l) {
			total += n
			if n > most || n == most && f < best {
				best, most = f, n
			}
		}
		if best != "" && most*2 >= total && published[best] == 0 {
			out[best] = true
		}
	}
	return out
}

// pagesOf collects the pages a navigation value names: the strings of its `pages` lists and its `root`s.
func pagesOf(v any, out *[]string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			pagesOf(e, out)
		}
	case map[string]any:
		if r, ok := x["root"].(string); ok {
			*out = append(*out, navPage(r))
		}
		for k, e := range x {
			if pages, ok := e.([]any); ok && k == "pages" {
				for _, p := range pages {
					if s, ok := p.(string); ok {
						*out = append(*out, navPage(s))
					}
				}
			}
			pagesOf(e, out)
		}
	}
}

func navPage(p string) string { return path.Clean(strings.TrimPrefix(p, "/")) }

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
					s.pages = append(s.pages, navPage(pg))
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
