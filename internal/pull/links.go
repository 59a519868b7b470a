package pull

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
)

// Relink rewrites, in the content of the file at from, every link to the public address of an article that
// has a file (where: slug → file path, relative to the same folder) into the relative path of that file,
// fragment kept. Only what kb sync makes of a link between files is rewritten (links.baseUrl, or "", then
// /knowledge/<slug>), so kb sync turns it back into the very same link; images and every other link stay.
func Relink(content, from string, where map[string]string, linksBaseURL string) string {
	prefix := strings.TrimRight(linksBaseURL, "/") + facts.PublicPathPrefix
	if !strings.Contains(content, prefix) {
		return content
	}
	doc := markdown.Analyze([]byte(content))
	replace := map[int]string{}
	for i, r := range doc.Refs {
		if r.Kind == markdown.KindImage || r.Start < 0 || r.SiteRoot {
			continue
		}
		dest, frag, _ := strings.Cut(r.Dest, "#")
		s, ok := strings.CutPrefix(dest, prefix)
		if !ok || where[s] == "" {
			continue
		}
		rel := relPath(path.Dir(from), where[s])
		if frag != "" {
			rel += "#" + frag
		}
		replace[i] = rel
	}
	if len(replace) == 0 {
		return content
	}
	return doc.Render(replace, false)
}

// relPath is the slash-separated path of target seen from the folder dir (both relative to one root).
func relPath(dir, target string) string {
	rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(target))
	if err != nil {
		return target
	}
	return filepath.ToSlash(rel)
}
