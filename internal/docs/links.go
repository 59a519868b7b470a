package docs

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/atender/atender/internal/markdown"
)

// rewrite resolves every link and image of a page, rewrites what points into the tree, reports what cannot
// work in Atender, and renders the content to send.
func rewrite(p *parsed, root string, o Options, ix *linkIndex, ds *diags) {
	reportFindings(p, ds)
	lr := linkResolver{p: p, root: root, o: o, ix: ix, ds: ds, dir: path.Dir(p.rel)}
	if p.route != "" {
		lr.routeDir = path.Dir(p.route)
		if o.htmlFromPageURL {
			lr.routeDir = p.route // served as a folder (MkDocs: x.md is x/), its relative URLs start there
		}
	}
	replace := map[int]string{}
	for i, r := range p.doc.Refs {
		if to := lr.resolve(r); to != "" {
			replace[i] = to
		}
	}
	warnUnrewritable(p, replace, ds)
	renderContent(p, replace)
	reportLeftovers(p, p.page.Content, ds)
	countConverted(p, p.page.Content)
	countComponents(p)
}

// reportFindings warns once per kind and file about what the analysis found that Atender cannot show (the
// first place, with the count of the others); an import is only located here, Load reports it once per tree.
func reportFindings(p *parsed, ds *diags) {
	seen := map[markdown.FindingKind]int{}
	for _, f := range p.doc.Findings {
		seen[f.Kind]++
		if seen[f.Kind] > 1 {
			continue
		}
		line := p.fileLine(f.Line)
		col := p.col(f.Line, f.Col)
		switch f.Kind {
		case markdown.FindingHTML:
			ds.warnf("raw-html", p.rel, line, col, "raw HTML is passed through as is; Atender may strip or show it (%s)%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingJSX:
			ds.warnf("jsx", p.rel, line, col, "JSX/MDX or Vue component %s will show as text in Atender%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingImport:
			p.importAt = [2]int{line, col}
		case markdown.FindingShortcode:
			ds.warnf("shortcode", p.rel, line, col, "Hugo shortcode {{< %s >}} will show as literal text in Atender%s", f.Text, more(p.doc.Findings, f.Kind))
		}
	}
}

// warnUnrewritable names the destinations that should be rewritten but whose place in the source is unknown
// (written with backslash escapes), so they are sent as written.
func warnUnrewritable(p *parsed, replace map[int]string, ds *diags) {
	for i, r := range p.doc.Refs {
		if _, ok := replace[i]; ok && r.Start < 0 {
			ds.warnf("unrewritable-link", p.rel, p.fileLine(r.Line), p.col(r.Line, r.Col), "could not rewrite %s (escaped characters in the destination); write it without backslash escapes", r.Dest)
		}
	}
}

// renderContent renders the content to send: destinations replaced, the title heading dropped if it became
// the title, ESM imports removed (and counted).
func renderContent(p *parsed, replace map[int]string) {
	var drop [][2]int
	for _, f := range p.doc.Findings {
		if f.Kind == markdown.FindingImport {
			drop = append(drop, [2]int{f.Start, f.End})
		}
	}
	p.imports += len(drop) // with the ESM blocks the MDX pipeline removed
	p.page.Content = p.doc.Render(replace, p.dropTitle, drop...)
}

// countComponents counts the JSX components only warned about, by name, for the summary.
func countComponents(p *parsed) {
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

// isAbsoluteURL reports whether s starts with a scheme (RFC 3986: a letter, then letters, digits, + - .,
// then ':'; one letter is a Windows drive) or with "//". The rest need not parse: a placeholder such as
// %VERSION% in a URL is the site's business, never a path of the tree.
func isAbsoluteURL(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	i := strings.IndexByte(s, ':')
	if i < 2 || !isLetter(s[0]) {
		return false
	}
	for _, c := range []byte(s[1:i]) {
		if !isLetter(c) && (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

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
