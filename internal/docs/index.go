package docs

import (
	"path"
	"sort"
	"strings"
)

// linkIndex finds the page a link names: by its path in the tree, by a site path of the old site (Hugo
// lowercases file names in URLs, and either kind of site may end a path with a slash), or by the route its
// generator serves a page at (Docusaurus: `slug: /guides/intro`, `id:`, numbered file names; see preset.Route). It also proposes the closest existing file for a broken link.
type linkIndex struct {
	byPath map[string]*Page // path relative to the docs folder → page
	lower  map[string]*Page // the same, lowercased
	routes map[string]*Page // lowercased route, without leading or trailing slash → page
	allMD  map[string]bool  // every Markdown file, synced or not
	byBase map[string][]string
	byDir  map[string][]string
	// catPage maps a category folder with a generated index page (Docusaurus) to the page that stands for
	// it, catRoute that page's lowercased route to the folder (see addGeneratedIndexes).
	catPage  map[string]*Page
	catRoute map[string]string
}

func newLinkIndex(allMD map[string]bool) *linkIndex {
	ix := &linkIndex{byPath: map[string]*Page{}, lower: map[string]*Page{}, routes: map[string]*Page{}, allMD: allMD,
		byBase: map[string][]string{}, byDir: map[string][]string{}}
	for rel := range allMD {
		ix.byBase[baseKey(rel)] = append(ix.byBase[baseKey(rel)], rel)
		ix.byDir[path.Dir(rel)] = append(ix.byDir[path.Dir(rel)], rel)
	}
	for _, m := range []map[string][]string{ix.byBase, ix.byDir} {
		for _, l := range m {
			sort.Strings(l)
		}
	}
	return ix
}

func (ix *linkIndex) add(rel, route string, pg *Page) {
	ix.byPath[rel] = pg
	if _, taken := ix.lower[strings.ToLower(rel)]; !taken {
		ix.lower[strings.ToLower(rel)] = pg
	}
	if route != "" {
		ix.routes[strings.ToLower(strings.Trim(route, "/"))] = pg
	}
}

var pageSuffixes = []string{"", ".md", ".mdx", ".markdown", "/index.md", "/index.mdx", "/README.md", "/README.mdx", "/_index.md"}

// find looks a path of the tree up exactly, as a file or as a folder with an index page.
func (ix *linkIndex) find(resolved string) *Page {
	for _, suf := range pageSuffixes {
		if p, ok := ix.byPath[resolved+suf]; ok {
			return p
		}
	}
	return nil
}

// findSite looks a site path up (without its leading slash or the site prefix): a route first, then the
// path exactly, then the path in any case.
func (ix *linkIndex) findSite(sitePath string) *Page {
	sitePath = strings.Trim(sitePath, "/")
	if p, ok := ix.routes[strings.ToLower(sitePath)]; ok {
		return p
	}
	if p := ix.find(sitePath); p != nil {
		return p
	}
	l := strings.ToLower(sitePath)
	for _, suf := range pageSuffixes {
		if p, ok := ix.lower[l+strings.ToLower(suf)]; ok {
			return p
		}
	}
	return nil
}

// excluded reports whether resolved names a Markdown file that is left out of the sync.
func (ix *linkIndex) excluded(resolved string) bool {
	return ix.allMD[resolved] || ix.allMD[resolved+".md"] || ix.allMD[resolved+".mdx"]
}

// closest proposes the existing Markdown file a broken link most likely meant: one with the same name
// elsewhere in the tree, else one with a similar name in the same folder; "" when nothing is close.
func (ix *linkIndex) closest(resolved string) string {
	best, bestD := "", 1<<30
	for _, cand := range ix.byBase[baseKey(resolved)] {
		if d := levenshtein(resolved, cand); d < bestD {
			best, bestD = cand, d
		}
	}
	if best != "" {
		return best
	}
	name := baseKey(resolved)
	for _, cand := range ix.byDir[path.Dir(resolved)] {
		if d := levenshtein(name, baseKey(cand)); d < bestD && d <= max(1, len(name)/4) {
			best, bestD = cand, d
		}
	}
	return best
}

// baseKey is a file's name without extension, lowercased; index pages are known by their folder.
func baseKey(rel string) string {
	rel = strings.TrimSuffix(rel, "/")
	base := strings.ToLower(strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
	switch base {
	case "index", "readme", "_index":
		if d := path.Dir(rel); d != "." {
			return strings.ToLower(path.Base(d))
		}
	}
	return base
}

func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "; did you mean " + s + "?"
}
