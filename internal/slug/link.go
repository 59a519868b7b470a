package slug

import (
	"strings"

	"github.com/atender/atender/internal/facts"
)

// LinkRules say which forms of a link to an article's public page (facts.PublicPath) a caller takes as one.
// The zero value takes exactly what kb sync writes between articles when links.baseUrl is not set:
// /knowledge/<slug>, optionally followed by a #fragment.
type LinkRules struct {
	// BaseURL is links.baseUrl: kb sync then writes BaseURL + /knowledge/<slug>, and the bare path is not
	// one of its links (unless AlsoBare).
	BaseURL string
	// AlsoBare takes the bare /knowledge/<slug> too when BaseURL is set. The preview does: a reader of the
	// help center follows both forms to the same page. Pull does not: it turns into a file link only what
	// kb sync turns back into the very same link.
	AlsoBare bool
	// AnyBase takes any absolute URL (scheme://host/…) before /knowledge/, whatever BaseURL is, or none.
	// Conflict detection does: links.baseUrl changes with the configuration, and a link written under an
	// earlier one is still a link this program wrote.
	AnyBase bool
	// Lenient also takes a ?query after the slug and trailing slashes, which a browser follows to the same
	// page (the preview's links and routes). kb sync never writes them, so pull and conflict detection,
	// which ask whether kb sync wrote a link, leave them to the author.
	Lenient bool
}

// FromLink returns the slug of the article a link destination points to, and the rest of the destination
// after the slug (the #fragment, or with Lenient the ?query and fragment; "" when none). ok is false when
// dest is not a link to an article's public page in a form r takes, or what follows the prefix is no valid
// slug. This is the one reading of such links; facts.PublicPath writes them.
func FromLink(dest string, r LinkRules) (slug, rest string, ok bool) {
	p, ok := r.afterPrefix(dest)
	if !ok {
		return "", "", false
	}
	ends := "#"
	if r.Lenient {
		ends = "#?"
	}
	if i := strings.IndexAny(p, ends); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	if r.Lenient {
		p = strings.TrimRight(p, "/")
	}
	if !Valid(p) {
		return "", "", false
	}
	return p, rest, true
}

// afterPrefix is what follows /knowledge/ in dest when what comes before it is a base r takes.
func (r LinkRules) afterPrefix(dest string) (string, bool) {
	const prefix = facts.PublicPathPrefix
	if r.AnyBase {
		// A slug holds no slash, so the prefix of an article link is the last one in it.
		i := strings.LastIndex(dest, prefix)
		if i < 0 || i > 0 && !strings.Contains(dest[:i], "://") {
			return "", false
		}
		return dest[i+len(prefix):], true
	}
	if base := strings.TrimRight(r.BaseURL, "/"); base != "" {
		if p, ok := strings.CutPrefix(dest, base+prefix); ok {
			return p, true
		}
		if !r.AlsoBare {
			return "", false
		}
	}
	return strings.CutPrefix(dest, prefix)
}
