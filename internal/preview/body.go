package preview

import (
	"bufio"
	"bytes"
	"cmp"
	stdhtml "html"
	"html/template"
	"slices"
	"strings"
	"sync"

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

// writeBody writes an article's content to b as safe HTML. Links to other articles of the site go to link(slug) (the
// fragment kept), whether the content wrote them in Markdown or as the href of raw HTML; every other
// destination is left as sent.
func (s *Site) writeBody(b *bytes.Buffer, content string, link func(slug string) string) {
	src := []byte(content)
	doc := bodyMarkdown.Parser().Parse(text.NewReader(src))
	if edits := s.relink(doc, src, link, true); len(edits) > 0 {
		// Raw HTML is source text in goldmark's tree: its hrefs are rewritten in the source, which is then
		// parsed again (rare: most links are Markdown ones).
		src = splice(src, edits)
		doc = bodyMarkdown.Parser().Parse(text.NewReader(src))
		s.relink(doc, src, link, false)
	}
	rendered := buffers.Get().(*bytes.Buffer)
	defer putBuffer(rendered)
	// goldmark writes through a buffered writer, and makes a new one (4 KB) per call unless given one.
	w := writers.Get().(*bufio.Writer)
	defer writers.Put(w)
	w.Reset(rendered)
	err := bodyMarkdown.Renderer().Render(w, src, doc)
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil) // the pool keeps no page
	if err != nil {
		// The renderer writes to memory; an error would be a bug, and the reader is told rather than shown
		// half a page.
		b.WriteString("<p><strong>This article could not be rendered:</strong> " + template.HTMLEscapeString(err.Error()) + "</p>")
		return
	}
	// The allow-list makes it safe, written straight into the page.
	at := b.Len()
	if err := sanitizer.SanitizeReaderToWriter(bytes.NewReader(rendered.Bytes()), b); err != nil {
		b.Truncate(at) // HTML the sanitizer cannot read is shown as nothing rather than in part
	}
}

// buffers are the memory a page is rendered in, used again by the next page: a site renders a thousand
// pages of about the same size, and garbage collection of their buffers cost more than rendering them.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writers are the buffered writers goldmark renders through, used again as buffers are.
var writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// putBuffer gives b back to buffers, unless a huge page made it too big to keep.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// edit replaces src[start:end].
type edit struct {
	start, end int
	with       string
}

// relink points the Markdown links of doc to other articles at link(slug), and returns the same rewrites
// for hrefs of raw HTML (when html is set) as edits of src, in source order.
func (s *Site) relink(doc ast.Node, src []byte, link func(string) string, html bool) []edit {
	var edits []edit
	markdown.WalkDestinations(doc, src, func(r markdown.Ref, n ast.Node) {
		slug, rest, ok := s.articleSlug(r.Dest)
		if !ok {
			return
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = []byte(link(slug) + rest)
		default:
			if html && r.Kind == markdown.KindHTMLLink && r.Start >= 0 && r.End <= len(src) {
				edits = append(edits, edit{r.Start, r.End, stdhtml.EscapeString(link(slug) + rest)})
			}
		}
	})
	slices.SortFunc(edits, func(a, b edit) int { return cmp.Compare(a.start, b.start) })
	return edits
}

// splice applies edits (in source order, not overlapping) to src.
func splice(src []byte, edits []edit) []byte {
	var b bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.Write(src[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.Write(src[at:])
	return b.Bytes()
}

// excerpt is the plain text the search box matches: title and summary, lower-cased.
func excerpt(a *Article) string {
	return strings.ToLower(a.Page.Title + " " + a.Page.Summary + " " + strings.Join(a.Page.Tags, " "))
}
