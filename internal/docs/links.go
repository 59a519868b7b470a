package docs

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/markdown"
)

// rewrite resolves every link and image of a page, rewrites what points into the tree, reports what cannot
// work in Atender, and renders the content to send.
func rewrite(p *parsed, root string, o Options, byPath map[string]*Page, allMD map[string]bool, ds *diags) {
	dir := path.Dir(p.rel)
	replace := map[int]string{}
	seen := map[markdown.FindingKind]int{}
	for _, f := range p.doc.Findings {
		seen[f.Kind]++
		if seen[f.Kind] > 1 {
			continue // one warning per kind and file: the first place, with the count below
		}
		line := p.line0 + f.Line
		switch f.Kind {
		case markdown.FindingHTML:
			ds.warnf(p.rel, line, f.Col, "raw HTML is passed through as is; Atender may strip or show it (%s)%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingJSX:
			ds.warnf(p.rel, line, f.Col, "JSX/MDX component %s will show as text in Atender%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingImport:
			ds.warnf(p.rel, line, f.Col, "MDX import/export line will show as text in Atender: %s%s", short(f.Text), more(p.doc.Findings, f.Kind))
		case markdown.FindingShortcode:
			ds.warnf(p.rel, line, f.Col, "Hugo shortcode {{< %s >}} will show as literal text in Atender%s", f.Text, more(p.doc.Findings, f.Kind))
		}
	}
	for i, r := range p.doc.Refs {
		line := p.line0 + r.Line
		dest := strings.TrimSpace(r.Dest)
		if dest == "" || strings.HasPrefix(dest, "#") || isAbsoluteURL(dest) {
			continue
		}
		target, frag := dest, ""
		if j := strings.IndexAny(target, "#?"); j >= 0 {
			target, frag = target[:j], target[j:]
		}
		if unesc, err := url.PathUnescape(target); err == nil {
			target = unesc
		}
		isImage := r.Kind == markdown.KindImage || r.Kind == markdown.KindDefinition && isAssetName(target)
		if strings.HasPrefix(target, "/") {
			if strings.HasPrefix(target, "/knowledge/") {
				continue // already an Atender article path
			}
			// A site path that names a page of this tree (Docusaurus and Hugo routes do) becomes its article.
			if tp := findPage(strings.Trim(path.Clean(target), "/"), byPath); !isImage && tp != nil && tp.Slug != "" {
				replace[i] = strings.TrimRight(o.LinksBaseURL, "/") + facts.PublicPath(tp.Slug) + fragmentOnly(frag)
				continue
			}
			if isImage && o.AssetsBaseURL != "" {
				replace[i] = strings.TrimRight(o.AssetsBaseURL, "/") + target + frag
				continue
			}
			if isImage {
				ds.errorf(p.rel, line, r.Col, "image %s is a path on another site; Atender has no media upload: use an absolute URL, or set assets.baseUrl in .atender.yaml to where these files are published", dest)
			} else {
				ds.warnf(p.rel, line, r.Col, "link %s is a path on another site and will not resolve in Atender; link to the .md file instead, or use an absolute URL", dest)
			}
			continue
		}
		resolved := path.Clean(path.Join(dir, target))
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			ds.errorf(p.rel, line, r.Col, "%s %s points outside the docs folder; link to a file inside it, or use an absolute URL", kindWord(isImage), dest)
			continue
		}
		if !isImage {
			tp := findPage(resolved, byPath)
			if tp == nil && isMarkdownName(target) {
				// Docusaurus also resolves a file reference from the docs root.
				tp = findPage(path.Clean(target), byPath)
			}
			if tp != nil {
				if tp.Slug == "" {
					continue // its own diagnostics say why
				}
				replace[i] = strings.TrimRight(o.LinksBaseURL, "/") + facts.PublicPath(tp.Slug) + fragmentOnly(frag)
				continue
			}
			if allMD[resolved] || allMD[resolved+".md"] {
				ds.errorf(p.rel, line, r.Col, "link %s points to a file that is excluded from the sync (sync: false, .atenderignore or exclude); the link would break", dest)
				continue
			}
			if isMarkdownName(resolved) || path.Ext(resolved) == "" {
				ds.errorf(p.rel, line, r.Col, "link %s points to %s, which does not exist; fix the path or remove the link", dest, resolved)
				continue
			}
		}
		// an image, or a link to another kind of file: it must be published somewhere
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(resolved))); err != nil {
			ds.errorf(p.rel, line, r.Col, "%s %s points to %s, which does not exist", kindWord(isImage), dest, resolved)
			continue
		}
		if o.AssetsBaseURL == "" {
			ds.errorf(p.rel, line, r.Col, "relative %s %s: Atender has no media upload; set assets.baseUrl in .atender.yaml to the URL where the docs folder's files are published, or use an absolute URL", kindWord(isImage), dest)
			continue
		}
		replace[i] = strings.TrimRight(o.AssetsBaseURL, "/") + "/" + escapePath(resolved) + frag
	}
	for i, r := range p.doc.Refs {
		if _, ok := replace[i]; ok && r.Start < 0 {
			ds.warnf(p.rel, p.line0+r.Line, r.Col, "could not rewrite %s (escaped characters in the destination); write it without backslash escapes", r.Dest)
		}
	}
	p.page.Content = p.doc.Render(replace, p.dropTitle)
}

func findPage(resolved string, byPath map[string]*Page) *Page {
	for _, cand := range []string{resolved, resolved + ".md", resolved + ".markdown", resolved + "/index.md", resolved + "/README.md", resolved + "/_index.md"} {
		if p, ok := byPath[cand]; ok {
			return p
		}
	}
	return nil
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

// analyze is markdown.Analyze; a seam for the fuzz target.
var analyze = markdown.Analyze
