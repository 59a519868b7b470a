package docs

import (
	"path"
	"strings"

	"github.com/atender/atender/internal/slug"
)

// heldSlug is the slug of a file marked `sync: false`, as its page would have it (frontmatter `slug:`, else
// from the file name, index/README taking their folder's name), or "" when it has none. kb sync leaves the
// article of such a file alone: "leave it out" must not turn into "archive it" under --prune.
// Keep in step with the slug derivation in parseContent.
func heldSlug(p *parsed) string {
	if fd, ok := p.fields["slug"]; ok {
		if s, ok := asString(fd.Value); ok && slug.Valid(strings.TrimSpace(s)) {
			return strings.TrimSpace(s)
		}
		return ""
	}
	base := strings.TrimSuffix(path.Base(p.rel), path.Ext(p.rel))
	name := base
	switch strings.ToLower(base) {
	case "index", "readme", "_index":
		if dir := path.Dir(p.rel); dir != "." {
			name = path.Base(dir)
		}
	}
	return slug.Make(name)
}
