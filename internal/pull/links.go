package pull

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/slug"
)

// Relink rewrites, in the content of the file at from, every link to the public address of an article that
// has a file (where: slug → file path, relative to the same folder) into the relative path of that file,
// fragment kept. Only what kb sync makes of a link between files is rewritten (links.baseUrl, or "", then
// /knowledge/<slug>), so kb sync turns it back into the very same link; images and every other link stay.
func Relink(content, from string, where map[string]string, linksBaseURL string) string {
	if !strings.Contains(content, strings.TrimRight(linksBaseURL, "/")+facts.PublicPathPrefix) {
		return content
	}
	doc := markdown.Analyze([]byte(content))
	replace := map[int]string{}
	for i, r := range doc.Refs {
		if r.Start < 0 || r.SiteRoot {
			continue
		}
		if rel, ok := fileLink(r, from, where, linksBaseURL); ok {
			replace[i] = rel
		}
	}
	if len(replace) == 0 {
		return content
	}
	return doc.Render(replace, false)
}

// fileLink is the path, relative to the file at from, of the file of the article r links to (fragment
// kept), when r is a link kb sync makes between files (links.baseUrl, or "", then /knowledge/<slug>) to a
// slug that has a file in where (slug → file path); images and every other destination give false.
func fileLink(r markdown.Ref, from string, where map[string]string, linksBaseURL string) (string, bool) {
	if r.Kind == markdown.KindImage {
		return "", false
	}
	s, frag, ok := slug.FromLink(r.Dest, slug.LinkRules{BaseURL: linksBaseURL})
	if !ok || where[s] == "" {
		return "", false
	}
	rel := relPath(path.Dir(from), where[s])
	if frag != "#" { // an empty fragment is dropped
		rel += frag
	}
	return rel, true
}

// relPath is the slash-separated path of target seen from the folder dir (both relative to one root).
func relPath(dir, target string) string {
	rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(target))
	if err != nil {
		return target
	}
	return filepath.ToSlash(rel)
}
