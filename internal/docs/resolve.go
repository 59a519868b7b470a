package docs

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
)

// linkResolver decides, for each link and image of one page, what it is sent as: the replacement
// destination, or "" to send it as written (with a diagnostic when that will not work in Atender).
type linkResolver struct {
	p    *parsed
	root string
	o    Options
	ix   *linkIndex
	ds   *diags
	dir  string // the page's folder, relative to the docs root
	// routeDir is the folder of the page's site route ("/"-rooted), against which an extensionless link
	// resolves as a URL of the old site does; "" when the page has no route.
	routeDir string
}

// link is one destination being resolved.
type link struct {
	ref       markdown.Ref
	line, col int    // in the file
	dest      string // as written, trimmed
	target    string // path part, unescaped
	frag      string // "#…" or "?…" as written
	image     bool
	resolved  string // target joined to the page's folder (relative targets only)
}

// resolve reads a destination top to bottom: nothing to do for fragments and absolute URLs; a Hugo
// shortcode is reported; a site path, a path outside the docs folder, a page and any other file each have
// their own step.
func (lr *linkResolver) resolve(r markdown.Ref) string {
	l := &link{ref: r, line: lr.p.fileLine(r.Line), col: lr.p.col(r.Line, r.Col), dest: strings.TrimSpace(r.Dest)}
	if l.dest == "" || strings.HasPrefix(l.dest, "#") || isAbsoluteURL(l.dest) {
		return ""
	}
	if strings.Contains(l.dest, "{{") {
		lr.ds.warnf("shortcode", lr.p.rel, l.line, l.col, "%s destination %s is a Hugo shortcode; it will show as literal text in Atender", kindWord(r.Kind == markdown.KindImage), short(l.dest))
		return ""
	}
	l.target, l.frag = splitDest(l.dest)
	l.image = r.Kind == markdown.KindImage || r.Kind == markdown.KindDefinition && isAssetName(l.target) ||
		strings.HasPrefix(l.target, "/") && isAssetName(l.target) // a link to a picture of the old site
	if strings.HasPrefix(l.target, "/") {
		return lr.siteLink(l)
	}
	if rel, ok := lr.o.unalias(l.target); ok { // Astro resolves tsconfig aliases in images: @assets/x.png
		l.resolved = path.Clean(rel)
	} else if alias := codeAlias(l.target); alias != "" {
		lr.ds.warnf(brokenCode(l.image), lr.p.rel, l.line, l.col, "%s %s starts with %s, a path alias of the site's code that atender does not resolve here (it reads tsconfig.json paths under preset: starlight); it is sent as written and will not show in Atender: write the path relative to the page", kindWord(l.image), short(l.dest), alias)
		return ""
	} else {
		l.resolved = path.Clean(path.Join(lr.base(r), l.target))
	}
	if l.resolved == ".." || strings.HasPrefix(l.resolved, "../") {
		if tp := lr.routeLink(l); tp != nil && !l.image {
			return lr.articleURL(tp, l.frag)
		}
		return lr.outsideLink(l)
	}
	if !l.image {
		if to, done := lr.pageLink(l); done {
			return to
		}
	}
	return lr.fileLink(l)
}

// base is the folder a relative destination is resolved from: the page's folder, or, for raw HTML under a
// generator that serves page.md as page/ and leaves raw HTML to the browser (MkDocs), that URL's folder
// (a blog post's: blog/yyyy/MM/dd/slug/).
func (lr *linkResolver) base(r markdown.Ref) string {
	if !r.HTML || !lr.o.htmlFromPageURL {
		return lr.dir
	}
	for posts, served := range lr.o.postURLs {
		if strings.HasPrefix(lr.p.rel, posts+"/") {
			return served // a blog post is served by its date and slug, not by its file's path
		}
	}
	stem := strings.TrimSuffix(path.Base(lr.p.rel), path.Ext(lr.p.rel))
	if l := strings.ToLower(stem); l == "index" || l == "readme" {
		return lr.dir
	}
	return path.Join(lr.dir, stem)
}

// codeAlias is the alias a destination starts with when it is one a site's bundler resolves (`@/`, `~/`:
// a folder named @ or ~ in a docs tree would be read as one), else "".
func codeAlias(target string) string {
	for _, a := range []string{"@/", "~/"} {
		if strings.HasPrefix(target, a) {
			return a
		}
	}
	return ""
}

// splitDest cuts a destination into its path, unescaped, and its fragment or query as written.
func splitDest(dest string) (target, frag string) {
	target = dest
	if j := strings.IndexAny(target, "#?"); j >= 0 {
		target, frag = target[:j], target[j:]
	}
	if unesc, err := url.PathUnescape(target); err == nil {
		target = unesc
	}
	return target, frag
}

// articleURL is the Atender address of a page of the tree, or "" when the page has no slug (its own
// diagnostics say why).
func (lr *linkResolver) articleURL(tp *Page, frag string) string {
	if tp.Slug == "" {
		return ""
	}
	return strings.TrimRight(lr.o.LinksBaseURL, "/") + facts.PublicPath(tp.Slug) + fragmentOnly(frag)
}

// siteLink resolves a site-absolute target (/guide/x): an Atender article path stays; a route of this tree
// (Docusaurus and Hugo routes are) becomes its article; a picture of the old site moves onto assets.baseUrl;
// anything else is reported.
func (lr *linkResolver) siteLink(l *link) string {
	if strings.HasPrefix(l.target, facts.PublicPathPrefix) {
		// Already in the help center's article path: sent as written. This asks where the link points, not
		// which article (slug.FromLink reads that), so a malformed slug there is the author's to see.
		return ""
	}
	site := sitePath(l.target, lr.o.SitePrefix)
	if tp := lr.ix.findSite(site); !l.image && tp != nil {
		return lr.articleURL(tp, l.frag)
	}
	if tp := lr.ix.findSite(strings.TrimSuffix(site, ".html")); !l.image && tp != nil {
		return lr.articleURL(tp, l.frag) // the page a generator built from the file (VitePress: /guide/x.html)
	}
	if l.image && lr.o.AssetsBaseURL != "" {
		to := strings.TrimRight(lr.o.AssetsBaseURL, "/") + l.target + l.frag
		if l.ref.SiteRoot {
			to = `"` + to + `"` // a JSX expression becomes an attribute value
		}
		return to
	}
	if l.image {
		lr.ds.errorf("site-image", lr.p.rel, l.line, l.col, "image %s is a path on another site; Atender has no media upload: use an absolute URL, or set assets.baseUrl in .atender.yaml to where these files are published", l.dest)
		return ""
	}
	if to := lr.categoryLink(l, "", site); to != "" {
		return to
	}
	lr.ds.warnf("site-link", lr.p.rel, l.line, l.col, "link %s is a path on another site and will not resolve in Atender%s; link to the .md file instead, or use an absolute URL", l.dest, lr.siteHint(l.target, site))
	return ""
}

// siteHint names the docs-folder path a site link would be, and the closest page, when it is in the site's
// prefix.
func (lr *linkResolver) siteHint(target, site string) string {
	if lr.o.SitePrefix != "" && !strings.HasPrefix(target+"/", strings.TrimRight(lr.o.SitePrefix, "/")+"/") {
		return ""
	}
	rel := strings.TrimPrefix(path.Clean(site), "/")
	if c := lr.ix.closest(rel); c != "" {
		return fmt.Sprintf(" (as a path of the docs folder it is %s, which does not exist%s)", rel, didYouMean(c))
	}
	return ""
}

// outsideLink points a target outside the docs folder at where the site serves it (a file of its static
// folder, on assets.baseUrl) or at the repository's web view, or reports it.
func (lr *linkResolver) outsideLink(l *link) string {
	if rest, ok := strings.CutPrefix(l.resolved, lr.o.staticDir+"/"); ok && lr.o.staticDir != "" && lr.o.AssetsBaseURL != "" {
		if _, err := os.Stat(filepath.Join(lr.root, filepath.FromSlash(l.resolved))); err == nil {
			return strings.TrimRight(lr.o.AssetsBaseURL, "/") + "/" + escapePath(rest) + l.frag
		}
	}
	if u := lr.o.repoView(lr.root, l.resolved, l.image); u != "" {
		return u + l.frag
	}
	fix := "link to a file inside it, or use an absolute URL"
	if lr.o.RepoURL == "" {
		fix = "set links.repoUrl in .atender.yaml (https://github.com/org/repo) to show the repository's file, " + fix
	} else {
		fix = "it is no file of the repository: " + fix
	}
	lr.ds.errorf("outside-link", lr.p.rel, l.line, l.col, "%s %s points outside the docs folder (to %s); %s", kindWord(l.image), l.dest, l.resolved, fix)
	return ""
}

// pageLink resolves a link to a page of the tree, or reports a page that is excluded or missing; done is
// false for a link to another kind of file, which fileLink handles.
func (lr *linkResolver) pageLink(l *link) (to string, done bool) {
	if tp := lr.findPage(l); tp != nil {
		return lr.articleURL(tp, l.frag), true
	}
	var routes []string
	if lr.routeDir != "" {
		routes = append(routes, path.Join(lr.routeDir, l.target))
	}
	if to := lr.categoryLink(l, l.resolved, routes...); to != "" {
		return to, true
	}
	if lr.ix.excluded(l.resolved) {
		lr.ds.errorf("excluded-link", lr.p.rel, l.line, l.col, "link %s points to a file that is excluded from the sync (sync: false, .atenderignore or exclude); the link would break", l.dest)
		return "", true
	}
	if isMarkdownName(l.resolved) || path.Ext(l.resolved) == "" {
		lr.ds.errorf("broken-link", lr.p.rel, l.line, l.col, "link %s points to %s, which does not exist%s; fix the path or remove the link", l.dest, l.resolved, didYouMean(lr.ix.closest(l.resolved)))
		return "", true
	}
	return "", false
}

// findPage is the page a relative link names: the file beside the page; for a Markdown file name also from
// the docs root and from the site's folder (Docusaurus resolves those: docs/x.md, where docs is the docs
// folder itself); for an extensionless or .html link a route of the old site (any case, or a route the
// preset gives a page), first from the page's folder, then from the page's own route.
func (lr *linkResolver) findPage(l *link) *Page {
	if tp := lr.ix.find(l.resolved); tp != nil {
		return tp
	}
	if isMarkdownName(l.target) {
		clean := path.Clean(l.target)
		if tp := lr.ix.find(clean); tp != nil {
			return tp
		}
		if first, rest, ok := strings.Cut(clean, "/"); ok && first == path.Base(lr.root) {
			if tp := lr.ix.find(rest); tp != nil {
				return tp
			}
		}
	}
	if routeLike(l.resolved) {
		if tp := lr.ix.findSite(strings.TrimSuffix(l.resolved, path.Ext(l.resolved))); tp != nil {
			return tp
		}
	}
	return lr.routeLink(l)
}

// routeLink is the page an extensionless (or .html) link names as a URL of the old site, resolved against
// the route of the page it is written in (a Docusaurus doc at /usage/a/b links ../c to /usage/c, whatever
// its file is called); nil when the page has no route or the link names no page.
func (lr *linkResolver) routeLink(l *link) *Page {
	if lr.routeDir == "" || !routeLike(l.target) {
		return nil
	}
	return lr.ix.findSite(path.Join(lr.routeDir, strings.TrimSuffix(l.target, path.Ext(l.target))))
}

// routeLike reports a link target that names a page of the old site by its URL: no extension, or the
// .html a generator gives the pages it builds (VitePress, MkDocs without directory URLs).
func routeLike(target string) bool {
	switch strings.ToLower(path.Ext(target)) {
	case "", ".html", ".htm":
		return true
	}
	return false
}

// fileLink handles an image, or a link to another kind of file: it must exist and be published somewhere —
// on assets.baseUrl, or else in the repository's web view.
func (lr *linkResolver) fileLink(l *link) string {
	if _, err := os.Stat(filepath.Join(lr.root, filepath.FromSlash(l.resolved))); err != nil {
		lr.ds.errorf(brokenCode(l.image), lr.p.rel, l.line, l.col, "%s %s points to %s, which does not exist", kindWord(l.image), l.dest, l.resolved)
		return ""
	}
	if lr.o.AssetsBaseURL != "" {
		return strings.TrimRight(lr.o.AssetsBaseURL, "/") + "/" + escapePath(l.resolved) + l.frag
	}
	if u := lr.o.repoView(lr.root, l.resolved, l.image); u != "" {
		return u + l.frag // a source file or an example, shown in the repository's web view
	}
	lr.ds.errorf("relative-asset", lr.p.rel, l.line, l.col, "relative %s %s: Atender has no media upload; set assets.baseUrl in .atender.yaml to the URL where the docs folder's files are published, or use an absolute URL", kindWord(l.image), l.dest)
	return ""
}
