package preview

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/atender/atender/internal/markdown"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// bodyMarkdown renders article content as the help center does: CommonMark with GitHub's extensions,
// headings with ids (so that #fragment links land), raw HTML passed on to the sanitizer rather than
// dropped, because what sync sends includes it.
var bodyMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// sanitizer is the allow-list every article body goes through: no script, no event handler, no style, no
// frame; links and images keep safe URL schemes only.
var sanitizer = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code", "pre", "span", "div")
	p.AllowAttrs("align").OnElements("td", "th")
	p.AllowAttrs("checked", "disabled", "type").OnElements("input")
	p.RequireNoReferrerOnLinks(true)
	return p
}()

// body renders an article's content to safe HTML. Links to other articles of the site go to link(slug) (the
// fragment kept); every other destination is left as sent.
func (s *Site) body(content string, link func(slug string) string) template.HTML {
	src := []byte(content)
	doc := bodyMarkdown.Parser().Parse(text.NewReader(src))
	markdown.WalkDestinations(doc, src, func(r markdown.Ref, n ast.Node) {
		if l, ok := n.(*ast.Link); ok {
			if slug, rest, ok := s.articleSlug(r.Dest); ok {
				l.Destination = []byte(link(slug) + rest)
			}
		}
	})
	var b bytes.Buffer
	if err := bodyMarkdown.Renderer().Render(&b, src, doc); err != nil {
		// The renderer writes to memory; an error would be a bug, and the reader is told rather than shown
		// half a page.
		return template.HTML("<p><strong>This article could not be rendered:</strong> " + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return template.HTML(sanitizer.SanitizeBytes(b.Bytes())) // the allow-list just above made it safe
}

// excerpt is the plain text the search box matches: title and summary, lower-cased.
func excerpt(a *Article) string {
	return strings.ToLower(a.Page.Title + " " + a.Page.Summary + " " + strings.Join(a.Page.Tags, " "))
}
