package preview

import "bytes"

// writeArticle writes an article's page: the chrome, the breadcrumb, the header, the banners of its
// problems, the body (or its errors) and the tags. The page is written here rather than by a template of
// pages.html: a site has one such page per article, and html/template spent more on a page's forty actions
// (reflection for every field, an escaper called by reflection for every value) than on anything but its
// body, about an eighth of kb render's CPU time. What most articles lack (the banners, the remote view's
// diff) is in templates still, executed only for an article that has it.
func (s *Site) writeArticle(b *bytes.Buffer, d *pageData, a *Article) error {
	d.Article, d.Title = a, a.Page.Title
	d.Category, d.Subcategory = s.sectionTitles(a)
	if err := d.writeTop(b); err != nil {
		return err
	}
	w := &partWriter{b: b}
	pg := a.Page
	b.WriteString("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
	writeURL(b, d.V.Home())
	b.WriteString("\">Home</a> <span aria-hidden=\"true\">›</span> ")
	writeText(b, d.Category)
	if d.Subcategory != "" {
		b.WriteString(" <span aria-hidden=\"true\">›</span> ")
		writeText(b, d.Subcategory)
	}
	b.WriteString("</nav>\n<article class=\"article\">\n  <header>\n    <h1>")
	writeText(b, pg.Title)
	b.WriteString(" ")
	writeStatus(b, a.Remote.Status)
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
		s.writeBody(b, pg.Content, d.V.Article)
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

// writeArticles writes a home page's list of articles, one item each: the title linking to its page, a
// mark for one with errors or warnings, its remote status, and the summary; and the text the search box
// matches. Nothing when there is no article.
func writeArticles(b *bytes.Buffer, v view, as []*Article) {
	if len(as) == 0 {
		return
	}
	b.WriteString("<ul class=\"articles\">\n")
	for _, a := range as {
		b.WriteString("<li data-search=\"")
		writeText(b, excerpt(a))
		b.WriteString("\"><a href=\"")
		writeURL(b, v.Link(a))
		b.WriteString("\"><span class=\"a-title\">")
		writeText(b, a.Page.Title)
		b.WriteString("</span>")
		if len(a.Errors) > 0 {
			b.WriteString("<span class=\"status status-error\">error</span>")
		} else if len(a.Warnings) > 0 {
			b.WriteString("<span class=\"status status-warning\">warning</span>")
		}
		writeStatus(b, a.Remote.Status)
		b.WriteString("</a>")
		if a.Page.Summary != "" {
			b.WriteString("<p class=\"summary\">")
			writeText(b, a.Page.Summary)
			b.WriteString("</p>")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>")
}

// writeStatus writes an article's status in the remote view; nothing offline.
func writeStatus(b *bytes.Buffer, st Status) {
	if st == "" {
		return
	}
	b.WriteString("<span class=\"status status-")
	writeText(b, string(st))
	b.WriteString("\">")
	writeText(b, string(st))
	b.WriteString("</span>")
}
