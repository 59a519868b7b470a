package docs

// SlugOf is the slug the file rel (relative to the docs folder) of this tree would have with content: its
// page's, or, for a page left out that holds its article (`sync: false`), the held slug; "" when the
// content gives none (or rel is no Markdown file). Ownership reads it on the earlier versions of files, deleted ones included, which
// Evaluate would render in full for nothing.
func (t *Tree) SlugOf(rel string, content []byte) string {
	if !isMarkdownName(rel) {
		return "" // an image or a _category.yml under the docs folder
	}
	p := parseContent(&parsed{rel: rel}, content, t.opts)
	if p.skip {
		return p.held
	}
	if p.page == nil {
		return ""
	}
	return p.page.Slug
}
