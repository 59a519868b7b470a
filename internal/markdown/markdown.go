// Package markdown analyses the body of a doc with goldmark (CommonMark + GFM): the title heading, the first
// paragraph as plain text, every link and image destination with its byte range, and the constructs that
// Atender will show as literal text (raw HTML, MDX imports and JSX, Hugo shortcodes). Render then rewrites
// destinations in the original source, so the Markdown sent to Atender is the author's text, not a
// re-rendering of it.
package markdown

import (
	"bytes"
	"context"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var md = goldmark.New(goldmark.WithParser(newParser()), goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithInlineParsers(stoppingEmphasis)))

// FindingKind names a construct Atender will not render as the author expects.
type FindingKind string

const (
	FindingHTML      FindingKind = "html"
	FindingJSX       FindingKind = "jsx"
	FindingImport    FindingKind = "mdx-import"
	FindingShortcode FindingKind = "shortcode"
)

// Finding is one such construct.
type Finding struct {
	Kind      FindingKind
	Line, Col int
	Text      string
	// Start:End is the byte range of the whole paragraph of an MDX import/export, which Render can drop.
	Start, End int
}

// Doc is an analysed body.
type Doc struct {
	lineIndex

	// Title is the text of the first level-1 heading ("" when there is none); TitleStart:TitleEnd is the
	// byte range of its lines, removed by Render when asked.
	Title                string
	TitleLine            int
	TitleStart, TitleEnd int
	// FirstParagraph is the first paragraph as plain text, whitespace folded.
	FirstParagraph string
	// Refs are the destinations a page points into its tree with: inline links and images (an <img>'s src
	// too) and reference definitions, outside code.
	Refs     []Ref
	Findings []Finding
}

var (
	shortcodeRe = regexp.MustCompile(`\{\{[<%]\s*/?\s*([A-Za-z0-9_./-]+)`)
	importRe    = regexp.MustCompile(`^(import\s.+\sfrom\s|import\s+['"]|export\s+(default\s+|const\s+|function\s+))`)
)

// Analyze parses src.
func Analyze(src []byte) *Doc {
	d, _ := AnalyzeContext(context.Background(), src)
	return d
}

// AnalyzeContext parses src, or stops and returns ctx's error when ctx is done first.
func AnalyzeContext(ctx context.Context, src []byte) (*Doc, error) {
	root, err := parseContext(ctx, md.Parser(), src, nil)
	if err != nil {
		return nil, err
	}
	return analyzeTree(src, root), nil
}

// analyzeTree collects what Doc holds from the tree goldmark made of src.
func analyzeTree(src []byte, root ast.Node) *Doc {
	d := &Doc{lineIndex: newLineIndex(src), TitleStart: -1, TitleEnd: -1}
	links := &linkWalker{src: src, want: 1<<KindLink | 1<<KindImage | 1<<KindDefinition, lineCol: d.LineCol,
		emit: func(r Ref, _ ast.Node) { d.Refs = append(d.Refs, r) }}
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			d.heading(n)
			// Links, images and shortcodes inside headings are walked like any other.
		case *ast.Paragraph:
			if d.paragraph(n) {
				return ast.WalkSkipChildren, nil
			}
		case *ast.HTMLBlock:
			d.html(n.Lines(), true)
		case *ast.RawHTML:
			d.html(n.Segments, false)
		case *ast.Text:
			d.shortcodes(n.Segment)
		}
		if links.visit(n) { // links, images, their definitions; code is skipped
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.SliceStable(d.Findings, func(i, j int) bool {
		if d.Findings[i].Line != d.Findings[j].Line {
			return d.Findings[i].Line < d.Findings[j].Line
		}
		return d.Findings[i].Col < d.Findings[j].Col
	})
	return d
}

// heading takes the first level-1 heading as the title.
func (d *Doc) heading(n *ast.Heading) {
	if n.Level != 1 || d.TitleStart >= 0 || n.Lines().Len() == 0 {
		return
	}
	src := d.src
	d.Title = strings.TrimSpace(d.plain(n))
	seg := n.Lines().At(0)
	d.TitleStart = d.lineStart(seg.Start)
	end := n.Lines().At(n.Lines().Len() - 1).Stop
	d.TitleEnd = d.lineEnd(end)
	// A setext heading's underline (=====) follows its text.
	if d.TitleEnd < len(src) {
		next := d.lineEnd(d.TitleEnd)
		if u := bytes.TrimSpace(src[d.TitleEnd:next]); len(u) > 0 && len(bytes.Trim(u, "=")) == 0 {
			d.TitleEnd = next
		}
	}
	d.TitleLine, _ = d.LineCol(seg.Start)
}

// paragraph notes an MDX import/export paragraph (and reports true: its children are not walked) and the
// first paragraph.
func (d *Doc) paragraph(n *ast.Paragraph) bool {
	src := d.src
	first := ""
	if n.Lines().Len() > 0 {
		seg := n.Lines().At(0)
		first = string(src[seg.Start:seg.Stop])
	}
	top := n.Parent() != nil && n.Parent().Kind() == ast.KindDocument
	if top && importRe.MatchString(first) {
		start := n.Lines().At(0).Start
		line, col := d.LineCol(start)
		end := d.lineEnd(n.Lines().At(n.Lines().Len() - 1).Stop)
		d.Findings = append(d.Findings, Finding{Kind: FindingImport, Line: line, Col: col, Text: strings.TrimSpace(first), Start: d.lineStart(start), End: end})
		return true
	}
	if d.FirstParagraph == "" && top {
		if p := foldSpace(d.plain(n)); p != "" && !strings.HasPrefix(p, "{{") {
			d.FirstParagraph = p
		}
	}
	return false
}

// html notes the HTML or JSX finding that raw HTML (a block, or inline) is.
func (d *Doc) html(segs *text.Segments, block bool) {
	if segs.Len() == 0 {
		return
	}
	seg := segs.At(0)
	line, col := d.LineCol(seg.Start)
	txt := string(d.src[seg.Start:seg.Stop])
	if block {
		txt = strings.TrimSpace(txt)
	}
	kind := FindingHTML
	if len(txt) > 1 && (!block || txt[0] == '<') && (unicode.IsUpper(rune(txt[1])) || txt[1] == '>') {
		kind = FindingJSX
	}
	d.Findings = append(d.Findings, Finding{Kind: kind, Line: line, Col: col, Text: txt})
}

// shortcodes notes the Hugo shortcodes of a text segment.
func (d *Doc) shortcodes(seg text.Segment) {
	src := d.src
	if !bytes.Contains(src[seg.Start:seg.Stop], []byte("{{")) {
		return
	}
	for _, m := range shortcodeRe.FindAllSubmatchIndex(src[seg.Start:seg.Stop], -1) {
		line, col := d.LineCol(seg.Start + m[0])
		d.Findings = append(d.Findings, Finding{Kind: FindingShortcode, Line: line, Col: col, Text: string(src[seg.Start+m[2] : seg.Start+m[3]])})
	}
}

// lineIndex finds the line and column of a byte offset of src.
type lineIndex struct {
	src        []byte
	lineStarts []int
	// the last column LineCol counted (line index, offset, runes before it): positions come in source order,
	// so a 30,000-character line of generated HTML is counted once, not once per element on it
	lastLine, lastOff, lastRunes int
}

func newLineIndex(src []byte) lineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{src: src, lineStarts: starts}
}

// LineCol converts a byte offset of the source into a 1-based line and column (in characters).
func (d *lineIndex) LineCol(off int) (int, int) {
	if off < 0 {
		return 1, 1
	}
	i := sort.SearchInts(d.lineStarts, off+1) - 1
	if i < 0 {
		i = 0
	}
	start := d.lineStarts[i]
	if off > len(d.src) {
		off = len(d.src)
	}
	from, runes := start, 0
	if d.lastLine == i+1 && d.lastOff <= off && d.lastOff >= start {
		from, runes = d.lastOff, d.lastRunes
	}
	runes += utf8.RuneCount(d.src[from:off])
	d.lastLine, d.lastOff, d.lastRunes = i+1, off, runes
	return i + 1, runes + 1
}

func (d *Doc) lineStart(off int) int {
	for off > 0 && d.src[off-1] != '\n' {
		off--
	}
	return off
}

func (d *Doc) lineEnd(off int) int {
	for off < len(d.src) && d.src[off] != '\n' {
		off++
	}
	if off < len(d.src) {
		off++
	}
	return off
}

// plain returns the text of n's inline children.
func (d *Doc) plain(n ast.Node) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(d.src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tt, ok := t.(*ast.Text); ok {
						b.Write(tt.Segment.Value(d.src))
					}
				}
			case *ast.AutoLink:
				b.Write(c.Label(d.src))
			case *ast.RawHTML, *ast.Image:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Render returns the source with the given destinations replaced (by index into Refs), the byte ranges of
// drop removed and, when dropTitle is set, the title heading removed; leading and trailing blank lines are
// trimmed.
func (d *Doc) Render(replace map[int]string, dropTitle bool, drop ...[2]int) string {
	type edit struct {
		start, end int
		with       string
	}
	var edits []edit
	for i, w := range replace {
		r := d.Refs[i]
		if r.Start >= 0 {
			edits = append(edits, edit{r.Start, r.End, w})
		}
	}
	for _, r := range drop {
		edits = append(edits, edit{r[0], r[1], ""})
	}
	if dropTitle && d.TitleStart >= 0 {
		edits = append(edits, edit{d.TitleStart, d.TitleEnd, ""})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	b.Grow(len(d.src) + 1)
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue // overlapping (a link inside the dropped title): the title wins
		}
		b.Write(d.src[last:e.start])
		b.WriteString(e.with)
		last = e.end
	}
	b.Write(d.src[last:])
	// Blank lines at both ends are trimmed, and one newline ends the text; a substring when the text
	// ends with a newline already, so the content of a page is allocated once.
	out := b.String()
	start := len(out) - len(strings.TrimLeft(out, "\n"))
	end := len(strings.TrimRight(out, "\n"))
	if end > start && end < len(out) {
		return out[start : end+1]
	}
	return out[start:max(start, end)] + "\n"
}

// Summary cuts s to at most max characters at a word boundary, adding an ellipsis when it cut.
func Summary(s string, max int) string {
	s = foldSpace(s)
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := max - 1
	for i := cut; i > 0; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:.-—") + "…"
}
