package docs

import (
	"path"
	"sort"
	"strings"

	"github.com/atender/atender/internal/safefile"
	"github.com/atender/atender/internal/slug"
)

// generatedIndexes reads the Docusaurus category files of every level whose folder has a generated index
// page (`link: {type: generated-index}`): folder → the page's route, its `link.slug` or /category/<label>.
// Their errors are loadCategoryFiles' to report.
func generatedIndexes(files map[string]string) map[string]string {
	out := map[string]string{}
	for dir, file := range files {
		if !isDocusaurusCategory(path.Base(file)) || dir == "." {
			continue
		}
		b, err := safefile.Read(file, maxSmallFile)
		if err != nil {
			continue
		}
		dc, err := decodeDocusaurus(b)
		if err != nil || dc.Link == nil || dc.Link.Type == nil || *dc.Link.Type != "generated-index" {
			continue
		}
		route := ""
		if dc.Link.Slug != nil {
			route = *dc.Link.Slug
		} else {
			label := path.Base(dir)
			if dc.Label != nil {
				label = *dc.Label
			}
			route = "/category/" + slug.Make(label)
		}
		out[dir] = route
	}
	return out
}

// addGeneratedIndexes makes a link to a category's generated index page (its folder, or its route) name
// the category's first page: direct pages before those of subfolders, each in path order.
func (ix *linkIndex) addGeneratedIndexes(indexes map[string]string) {
	ix.catPage, ix.catRoute = map[string]*Page{}, map[string]string{}
	paths := make([]string, 0, len(ix.byPath))
	for rel := range ix.byPath {
		paths = append(paths, rel)
	}
	sort.Slice(paths, func(i, j int) bool {
		di, dj := strings.Count(paths[i], "/"), strings.Count(paths[j], "/")
		return di < dj || di == dj && paths[i] < paths[j]
	})
	for dir, route := range indexes {
		for _, rel := range paths {
			if strings.HasPrefix(rel, dir+"/") && ix.byPath[rel].Slug != "" {
				ix.catPage[dir] = ix.byPath[rel]
				ix.catRoute[strings.ToLower(strings.Trim(route, "/"))] = dir
				break
			}
		}
	}
}

// category is the folder whose generated index page a link names, by folder path or by route, and the
// page that stands for it; "" and nil when none.
func (ix *linkIndex) category(resolved string, routes ...string) (string, *Page) {
	if pg := ix.catPage[resolved]; pg != nil {
		return resolved, pg
	}
	for _, r := range routes {
		if dir, ok := ix.catRoute[strings.ToLower(strings.Trim(r, "/"))]; ok {
			return dir, ix.catPage[dir]
		}
	}
	return "", nil
}

// categoryLink points a link to a generated index page at the category's first page, with a warning:
// Atender has no category pages. It returns "" when the link names no such page.
func (lr *linkResolver) categoryLink(l *link, resolved string, routes ...string) string {
	dir, pg := lr.ix.category(resolved, routes...)
	if pg == nil {
		return ""
	}
	lr.ds.warnf("category-link", lr.p.rel, l.line, l.col, "link %s names the generated index page of the category folder %s; Atender has no category pages, so it points at the category's first article, %s", l.dest, dir, pg.Path)
	return lr.articleURL(pg, l.frag)
}
