package docs

import (
	"strings"

	"github.com/atender/atender/internal/slug"
)

// heldSlug is the slug of a file marked `sync: false`, as its page would have it (frontmatter `slug:`, else
// from the file name, index/README taking their folder's name), or "" when it has none. kb sync leaves the
// article of such a file alone: "leave it out" must not turn into "archive it" under --prune. An invalid
// frontmatter slug is made valid exactly when the page's would be (`rules: {invalid-slug: warning}` or off),
// so the held slug is the one its article has. It shares fileSlug with parseContent.
func heldSlug(p *parsed, o Options) string {
	if fd, ok := p.fields["slug"]; ok {
		s, ok := asString(fd.Value)
		s = strings.TrimSpace(s)
		if ok && slug.Valid(s) {
			return s
		}
		if ok && !strings.Contains(s, "/") && severityOf("invalid-slug", SevError, o.Rules) != string(SevError) {
			return slug.Make(s)
		}
		if !ok || !strings.Contains(s, "/") { // a route: the slug is derived, as for a page
			return ""
		}
	}
	return fileSlug(p.rel, o.Slugs)
}
