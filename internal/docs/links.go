package docs

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
)

// rewrite resolves every link and image of a page, rewrites what points into the tree, reports what cannot
// work in Atender, and renders the content to send.
func rewrite(p *parsed, root string, o Options, ix *linkIndex, ds *diags) {
	dir := path.Dir(p.rel)
	replace := map[int]string{}
	seen := map[markdown.FindingKind]int{}
	for _, f := range p.doc.Findings {
		seen[f.Kind]++
		if seen[f.Kind] > 1 {
			continue // one warning per kind and file: the first place, with the count below
		}
		line := p.fileLine(f.Line)
		col := p.col(f.Line, f.Col)
		switch f.Kind {
		case markdown.FindingHTML:
			ds.warnf("raw-html", p.rel, line, col, "raw HTML is passed through as is; Atender may strip or show it (%s)%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingJSX:
			ds.warnf("jsx", p.rel, line, col, "JSX/MDX or Vue component %s will show as text in Atender%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingImport:
			p.importAt = [2]int{line, col} // removed below, reported once per tree by Load
		case markdown.FindingShortcode:
			ds.warnf("shortcode", p.rel, line, col, "Hugo shortcode {{< %s >}} will show as literal text in Atender%s", f.Text, more(p.doc.Findings, f.Kind))
		}
	}
	for i, r := range p.doc.Refs {
		line := p.fileLine(r.Line)
		col := p.col(r.Line, r.Col)
		dest := strings.TrimSpace(r.Dest)
		if dest == "" || strings.HasPrefix(dest, "#") || isAbsoluteURL(dest) {
			continue
		}
		if strings.Contains(dest, "{{") {
			ds.warnf("shortcode", p.rel, line, col, "%s destination %s is a Hugo shortcode; it will show as literal text in Atender", kindWord(r.Kind == markdown.KindImage), short(dest))
			continue
		}
		target, frag := dest, ""
		if j := strings.IndexAny(target, "#?"); j >= 0 {
			target, frag = target[:j], target[j:]
		}
		if unesc, err := url.PathUnescape(target); err == nil {
			target = unesc
		}
		isImage := r.Kind == markdown.KindImage || r.Kind == markdown.KindDefinition && isAssetName(target) ||
			strings.HasPrefix(target, "/") && isAssetName(target) // a link to a picture of the old site
		if strings.HasPrefix(target, "/") {
			if strings.HasPrefix(target, "/knowledge/") {
				continue // already an Atender article path
			}
			// A site path that names a page of this tree (Docusaurus and Hugo routes do) becomes its article.
			site := sitePath(target, o.SitePrefix)
			if tp := ix.findSite(site); !isImage && tp != nil {
				if tp.Slug != "" { // else its own diagnostics say why
					replace[i] = strings.TrimRight(o.LinksBaseURL, "/") + facts.PublicPath(tp.Slug) + fragmentOnly(frag)
				}
				continue
			}
			if isImage && o.AssetsBaseURL != "" {
				replace[i] = strings.TrimRight(o.AssetsBaseURL, "/") + target + frag
				if r.SiteRoot {
					replace[i] = `"` + replace[i] + `"` // a JSX expression becomes an attribute value
				}
				continue
			}
			if isImage {
				ds.errorf("site-image", p.rel, line, col, "image %s is a path on another site; Atender has no media upload: use an absolute URL, or set assets.baseUrl in .atender.yaml to where these files are published", dest)
			} else {
				hint := ""
				if o.SitePrefix == "" || strings.HasPrefix(target+"/", strings.TrimRight(o.SitePrefix, "/")+"/") {
					rel := strings.TrimPrefix(path.Clean(site), "/")
					if c := ix.closest(rel); c != "" {
						hint = fmt.Sprintf(" (as a path of the docs folder it is %s, which does not exist%s)", rel, didYouMean(c))
					}
				}
				ds.warnf("site-link", p.rel, line, col, "link %s is a path on another site and will not resolve in Atender%s; link to the .md file instead, or use an absolute URL", dest, hint)
			}
			continue
		}
		resolved := path.Clean(path.Join(dir, target))
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			if u := o.repoView(root, resolved, isImage); u != "" {
				replace[i] = u + frag
				continue
			}
			ds.errorf("outside-link", p.rel, line, col, "%s %s points outside the docs folder; link to a file inside it, or use an absolute URL", kindWord(isImage), dest)
			continue
		}
		if !isImage {
			tp := ix.find(resolved)
			if tp == nil && isMarkdownName(target) {
				// Docusaurus also resolves a file reference from the docs root, and from the site's folder
				// (docs/x.md, where docs is the docs folder itself).
				tp = ix.find(path.Clean(target))
				if first, rest, ok := strings.Cut(path.Clean(target), "/"); tp == nil && ok && first == path.Base(root) {
					tp = ix.find(rest)
				}
			}
			if tp == nil && path.Ext(resolved) == "" {
				// an extensionless link is a route of the old site: any case, or a Docusaurus `slug:`
				tp = ix.findSite(resolved)
			}
			if tp != nil {
				if tp.Slug == "" {
					continue // its own diagnostics say why
				}
				replace[i] = strings.TrimRight(o.LinksBaseURL, "/") + facts.PublicPath(tp.Slug) + fragmentOnly(frag)
				continue
			}
			if ix.excluded(resolved) {
				ds.errorf("excluded-link", p.rel, line, col, "link %s points to a file that is excluded from the sync (sync: false, .atenderignore or exclude); the link would break", dest)
				continue
			}
			if isMarkdownName(resolved) || path.Ext(resolved) == "" {
				ds.errorf("broken-link", p.rel, line, col, "link %s points to %s, which does not exist%s; fix the path or remove the link", dest, resolved, didYouMean(ix.closest(resolved)))
				continue
			}
		}
		// an image, or a link to another kind of file: it must be published somewhere
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(resolved))); err != nil {
			ds.errorf(brokenCode(isImage), p.rel, line, col, "%s %s points to %s, which does not exist", kindWord(isImage), dest, resolved)
			continue
		}
		if u := o.repoView(root, resolved, isImage); o.AssetsBaseURL == "" && u != "" {
			replace[i] = u + frag // a source file or an example, shown in the repository's web view
			continue
		}
		if o.AssetsBaseURL == "" {
			ds.errorf("relative-asset", p.rel, line, col, "relative %s %s: Atender has no media upload; set assets.baseUrl in .atender.yaml to the URL where the docs folder's files are published, or use an absolute URL", kindWord(isImage), dest)
			continue
		}
		replace[i] = strings.TrimRight(o.AssetsBaseURL, "/") + "/" + escapePath(resolved) + frag
	}
	for i, r := range p.doc.Refs {
		if _, ok := replace[i]; ok && r.Start < 0 {
			ds.warnf("unrewritable-link", p.rel, p.fileLine(r.Line), p.col(r.Line, r.Col), "could not rewrite %s (escaped characters in the destination); write it without backslash escapes", r.Dest)
		}
	}
	var drop [][2]int
	for _, f := range p.doc.Findings {
		if f.Kind == markdown.FindingImport {
			drop = append(drop, [2]int{f.Start, f.End})
		}
	}
	p.imports = len(drop)
	p.page.Content = p.doc.Render(replace, p.dropTitle, drop...)
	reportLeftovers(p, p.page.Content, ds)
	countConverted(p, p.page.Content)
	for _, f := range p.doc.Findings {
		if f.Kind == markdown.FindingJSX {
			if p.components == nil {
				p.components = map[string]int{}
			}
			p.components[componentName(f.Text)]++
		}
	}
}

// sitePath is a site-absolute link target without the old site's prefix (links.sitePrefix, e.g. /docs).
func sitePath(target, prefix string) string {
	target = path.Clean(target)
	if prefix = strings.TrimRight(prefix, "/"); prefix != "" {
		if target == prefix {
			return "/"
		}
		if strings.HasPrefix(target, prefix+"/") {
			return strings.TrimPrefix(target, prefix)
		}
	}
	return target
}

func isAbsoluteURL(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && len(u.Scheme) > 1
}

func isMarkdownName(s string) bool {
	l := strings.ToLower(s)
	return strings.HasSuffix(l, ".md") || strings.HasSuffix(l, ".markdown") || strings.HasSuffix(l, ".mdx")
}

func isAssetName(s string) bool {
	switch strings.ToLower(path.Ext(s)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico":
		return true
	}
	return false
}

func fragmentOnly(frag string) string {
	if i := strings.Index(frag, "#"); i >= 0 {
		return frag[i:]
	}
	return ""
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func brokenCode(image bool) Code {
	if image {
		return "broken-image"
	}
	return "broken-link"
}

func kindWord(image bool) string {
	if image {
		return "image"
	}
	return "link"
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

func more(fs []markdown.Finding, k markdown.FindingKind) string {
	n := 0
	for _, f := range fs {
		if f.Kind == k {
			n++
		}
	}
	if n > 1 {
		return " (and " + strconv.Itoa(n-1) + " more in this file)"
	}
	return ""
}

// analyze is markdown.AnalyzeContext; a seam for the fuzz target and the deadline tests.
var analyze = markdown.AnalyzeContext

// componentName is the name of the JSX element a finding's text starts with (`<Tabs groupId="x">` → Tabs).
func componentName(text string) string {
	t := strings.TrimLeft(text, "</")
	end := strings.IndexFunc(t, func(r rune) bool {
		return !(r == '.' || r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	if end < 0 {
		end = len(t)
	}
	if end == 0 {
		return "<>"
	}
	return t[:end]
}
