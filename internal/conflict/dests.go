package conflict

import (
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/ownership"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// produced are the link and image destinations this program would write for a tree: a differing
// destination is explained only where the program rewrites it (a link or image outside code, which
// markdown.WithoutDestinations takes out) and only when the remote one is among these. Anything else (a URL
// in code, in inline code or in text, or a destination nothing here would write) is an edit.
type produced struct {
	known map[string]bool // destinations in what the tree, or a committed version of a file, sends
	// unread are contents added but not yet parsed into known: parsing every article of a tree costs as
	// much as loading it, and only a differing content ever asks (none does in a sync with nothing to do).
	unread []string
	ours   map[string]bool // slugs whose article links the program writes: the tree's, held, and once published
}

func newProduced(tree *docs.Tree) *produced {
	d := &produced{known: map[string]bool{}, ours: map[string]bool{}}
	for _, pg := range tree.Pages {
		d.ours[pg.Slug] = true
	}
	for _, s := range tree.Held {
		d.ours[s] = true
	}
	return d
}

// add learns the destinations of content the program sends, once one is asked about.
func (d *produced) add(content string) { d.unread = append(d.unread, content) }

// explains reports whether dest is one the program would write: seen in what it sends, or a link to the
// public page of an article this repository publishes or published (with any links.baseUrl, which changes
// with the configuration, and any fragment).
func (d *produced) explains(dest string) bool {
	for _, c := range d.unread {
		for _, r := range markdown.Destinations([]byte(c)) {
			d.known[r.Dest] = true
		}
	}
	d.unread = nil
	if d.known[dest] {
		return true
	}
	s, ok := articleSlug(dest)
	return ok && d.ours[s]
}

// articleSlug is the slug of a link to an article's public page under any base URL (links.baseUrl changes
// with the configuration), in the form kb sync writes it.
func articleSlug(dest string) (string, bool) {
	s, _, ok := slug.FromLink(dest, slug.LinkRules{AnyBase: true})
	return s, ok
}

// articleSlugs are the slugs of the article links in content that the tree does not know yet: those whose
// publisher history must tell.
func (d *produced) articleSlugs(content string) []string {
	var out []string
	for _, r := range markdown.Destinations([]byte(content)) {
		if s, ok := articleSlug(r.Dest); ok && !d.ours[s] {
			out = append(out, s)
		}
	}
	return out
}

// sameContent reports whether remote content equals local content up to destinations this program would
// write: the same text and code, and every destination that differs explained.
func (d *produced) sameContent(local, remote string) bool {
	if local == remote {
		return true
	}
	if withoutDestinations(local) != withoutDestinations(remote) {
		return false
	}
	l, r := markdown.Destinations([]byte(local)), markdown.Destinations([]byte(remote))
	if len(l) != len(r) {
		return false
	}
	for i := range r {
		if r[i].Dest != l[i].Dest && !d.explains(r[i].Dest) {
			return false
		}
	}
	return true
}

// same compares one field; content up to the destinations this program writes.
func (d *produced) same(field, a, b string) bool {
	if field == plan.FieldContent {
		return d.sameContent(a, b)
	}
	return a == b
}

// destinationsExplained reports whether every destination of remote content is one the program would
// write (for a record's shape match, which says only that the text around them is what was sent).
func (d *produced) destinationsExplained(content string) bool {
	for _, r := range markdown.Destinations([]byte(content)) {
		if !d.explains(r.Dest) {
			return false
		}
	}
	return true
}

// learnPublished asks history, once for all candidates, which of the article slugs their remote contents
// link to were ever published from this repository (a link to an article renamed since is one the program
// wrote then).
func (d *produced) learnPublished(tree *docs.Tree, sh *history.Shared, cands []*candidate) error {
	var ask []string
	for _, c := range cands {
		ask = append(ask, d.articleSlugs(c.remote[fieldContent])...)
	}
	if len(ask) == 0 {
		return nil
	}
	l, err := ownership.Decide(tree, ask, ownership.Options{History: sh})
	if err != nil {
		return err
	}
	for _, s := range ask {
		if l.Of(s) == plan.Ours {
			d.ours[s] = true
		}
	}
	return nil
}
