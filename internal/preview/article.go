package preview

import (
	"bytes"
	"strings"
)

// writeArticle writes an article's page: the chrome, the breadcrumb, the header, the banners of its
// problems, the body (or its errors) and the tags. The page is written here rather than by a template of
// pages.html: a site has one such page per article, and html/template spent more on a page's forty actions
// (reflection for every field, an escaper call for every value) than on anything but its body, a fifth of
// kb render. What most articles lack (the banners, the remote view's status and diff) is in templates still,
// executed only for an article that has it.
func (s *Site) writeArticle(b *bytes.Buffer, d *pageData, a *Article) error {
	d.Article, d.Title = a, a.Page.Title
	d.Category, d.Subcategory = s.sectionTitles(a)
	if len(a.Errors) == 0 {
		d.Body = s.body(a.Page.Content, d.V.Article)
	}
	if err := d.writeTop(b); err != nil {
		return err
	}
	w := &partWriter{b: b}
	pg := a.Page
	// The view's home is one of its fixed paths ("/", "index.html", "../index.html"…): nothing to escape.
	b.WriteString("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"" + d.V.Home() + "\">Home</a> <span aria-hidden=\"true\">›</span> ")
	writeText(b, d.Category)
	if d.Subcategory != "" {
		b.WriteString(" <span aria-hidden=\"true\">›</span> ")
		writeText(b, d.Subcategory)
	}
	b.WriteString("</nav>\n<article class=\"article\">\n  <header>\n    <h1>")
	writeText(b, pg.Title)
	b.WriteString(" ")
	w.part(a.Remote.Status != "", "status", a)
	b.WriteString("</h1>\n    ")
	if pg.Summary != "" {
		b.WriteString("<p class=\"lead\">")
		writeText(b, pg.Summary)
		b.WriteString("</p>")
	}
	b.WriteString("\n    <p class=\"meta\"><span class=\"st\">")
	writeText(b, pg.Status)
	b.WriteString("</span> · <code>/knowledge/")
	writeText(b, pg.Slug)
	b.WriteString("</code> · from <code>")
	writeText(b, pg.Path)
	b.WriteString("</code></p>\n  </header>\n  ")
	// A line for each banner, empty when the article has none of its kind.
	w.part(a.SlugOf != nil, "slug-taken", d)
	b.WriteString("\n  ")
	w.part(a.Remote.Note != "", "conflict", a)
	b.WriteString("\n  ")
	w.part(len(a.Warnings) > 0, "warnings", a)
	b.WriteString("\n  ")
	if len(a.Errors) > 0 {
		w.part(true, "errors", a)
		b.WriteString("\n  ")
	} else {
		b.WriteString("<div class=\"body\">")
		b.WriteString(string(d.Body))
		b.WriteString("</div>")
	}
	b.WriteString("\n  ")
	w.part(a.Remote.Diff != "", "diff", a)
	b.WriteString("\n  ")
	if len(pg.Tags) > 0 {
		b.WriteString("<ul class=\"tags\" aria-label=\"Tags\">")
		for _, t := range pg.Tags {
			b.WriteString("<li>")
			writeText(b, t)
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n</article>\n")
	b.WriteString(d.chrome.bottom)
	return w.err
}

// partWriter executes the templates of a page's parts into b, keeping the first error.
type partWriter struct {
	b   *bytes.Buffer
	err error
}

// part executes the template name with data, when the page has the part (has).
func (w *partWriter) part(has bool, name string, data any) {
	if has && w.err == nil {
		w.err = pages.ExecuteTemplate(w.b, name, data)
	}
}

// textEscaper escapes text as html/template does in an element's text and in <title> (its
// htmlReplacementTable, for a string), so that a page written here reads as a template's would. Each byte
// it replaces is ASCII: the bytes of other characters, and of invalid UTF-8, pass through, as they do there.
var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// writeText writes s to b as text of an HTML element.
func writeText(b *bytes.Buffer, s string) {
	_, _ = textEscaper.WriteString(b, s) // a bytes.Buffer takes every write
}
