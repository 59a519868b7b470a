package docs

import (
	"strings"

	"github.com/atender/atender/internal/slug"
)

// heldSlug is the slug of a file marked `sync: false`, as its page would have it (frontmatter `slug:`, else
// from the file name, index/README taking their folder's name), or "" when it has none. kb sync leaves the
// article of such a file alone: "leave it out" must not turn into "archive it" under --prune.
// It shares fileSlug with parseContent.
func heldSlug(p *parsed, mode string) string {
	if fd, ok := p.fields["slug"]; ok {
		s, ok := asString(fd.Value)
		s = strings.TrimSpace(s)
		if ok && slug.Valid(s) {
			return s
		}
		if !ok || !strings.Contains(s, "/") { // a route: the slug is derived, as for a page
			return ""
		}
	}
	return fileSlug(p.rel, mode)
}
