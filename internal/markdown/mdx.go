package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The MDX extension of goldmark's parser: ESM (import/export) blocks, `{…}` expressions (comments among
// them) and JSX tags become nodes of the tree, block and inline, so that converters work on elements rather
// than on patterns. A line of nothing but tags (and spaces) is a block of tags; tags among text are inline.
// Tags and expressions are read by one linear scan that matches braces and quotes (see scanner), in front
// of goldmark's raw HTML parser, so a 30,000-character attribute expression costs one pass.

// KindJSXBlock, KindJSXInline, KindESM and KindExpression are the kinds of the MDX nodes.
var (
	KindJSXBlock   = ast.NewNodeKind("JSXBlock")
	KindJSXInline  = ast.NewNodeKind("JSXInline")
	KindESM        = ast.NewNodeKind("ESM")
	KindExpression = ast.NewNodeKind("Expression")
)

// JSXBlock is a line (or lines) of nothing but JSX tags.
type JSXBlock struct {
	ast.BaseBlock
	Tags []Tag
}

func (n *JSXBlock) Kind() ast.NodeKind                { return KindJSXBlock }
func (n *JSXBlock) IsRaw() bool                       { return true }
func (n *JSXBlock) Dump(src []byte, level int)        { ast.DumpHelper(n, src, level, nil, nil) }
func (n *JSXInline) Kind() ast.NodeKind               { return KindJSXInline }
func (n *JSXInline) Dump(src []byte, level int)       { ast.DumpHelper(n, src, level, nil, nil) }
func (n *ESM) Kind() ast.NodeKind                     { return KindESM }
func (n *ESM) IsRaw() bool                            { return true }
func (n *ESM) Dump(src []byte, level int)             { ast.DumpHelper(n, src, level, nil, nil) }
func (n *Expression) Kind() ast.NodeKind              { return KindExpression }
func (n *Expression) Dump(src []byte, level int)      { ast.DumpHelper(n, src, level, nil, nil) }
func (n *ExpressionBlock) Kind() ast.NodeKind         { return KindExpression }
func (n *ExpressionBlock) IsRaw() bool                { return true }
func (n *ExpressionBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (jsxBlockParser) Trigger() []byte                { return []byte{'<'} }
func (jsxBlockParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (jsxBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (jsxBlockParser) CanInterruptParagraph() bool                 { return true }
func (jsxBlockParser) CanAcceptIndentedLine() bool                 { return true }

// JSXInline is one JSX tag among text.
type JSXInline struct {
	ast.BaseInline
	Tag Tag
}

// ESM is a paragraph of import/export statements at the top level.
type ESM struct{ ast.BaseBlock }

// Expression is a `{…}` expression among text; Start:End is its byte range, braces included.
type Expression struct {
	ast.BaseInline
	Start, End int
	Comment    bool // only /* comments */
}

// ExpressionBlock is a line (or lines) holding one `{…}` expression and nothing else.
type ExpressionBlock struct {
	ast.BaseBlock
	Start, End int
	Comment    bool
}

var scannerKey = parser.NewContextKey()

// scannerOf is the parse's scanner (one per source: its budget is the source's).
func scannerOf(pc parser.Context, src []byte) *scanner {
	if s, ok := pc.Get(scannerKey).(*scanner); ok {
		return s
	}
	s := newScanner(src)
	pc.Set(scannerKey, s)
	return s
}

type jsxBlockParser struct{}

// Open takes a line that holds only JSX tags (a tag may go on over the following lines).
func (jsxBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || seg.Padding != 0 || pos >= len(line) || line[pos] != '<' {
		return nil, parser.NoChildren
	}
	src := reader.Source()
	if _, _, ok := tagName(src, seg.Start+pos); !ok {
		return nil, parser.NoChildren
	}
	s := scannerOf(pc, src)
	var tags []Tag
	i := seg.Start + pos
	for {
		t, ok := s.scanTag(i)
		if !ok {
			return nil, parser.NoChildren
		}
		tags = append(tags, t)
		i = t.End
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		if i >= len(src) || src[i] == '\n' || src[i] == '\r' {
			break
		}
		if _, _, ok := tagName(src, i); src[i] != '<' || !ok {
			return nil, parser.NoChildren // text after the tags: a paragraph, whose tags are inline
		}
	}
	n := &JSXBlock{Tags: tags}
	consumeTo(reader, n, i)
	return n, parser.NoChildren
}

// consumeTo adds the reader's lines up to the one holding offset end to n, and leaves the reader at the end
// of that line.
func consumeTo(reader text.Reader, n ast.Node, end int) {
	for {
		_, seg := reader.PeekLine()
		if seg.Stop > end || seg.Stop >= len(reader.Source()) {
			n.Lines().Append(seg)
			reader.AdvanceToEOL()
			return
		}
		n.Lines().Append(seg)
		reader.AdvanceLine()
	}
}

type esmParser struct{}

func (esmParser) Trigger() []byte { return []byte{'i', 'e'} }

// Open takes `import …` / `export …` at the top level, up to the next blank line.
func (esmParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.Kind() != ast.KindDocument || pc.BlockOffset() != 0 {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	if !isESMLine(line) {
		return nil, parser.NoChildren
	}
	n := &ESM{}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

// isESMLine reports whether a line starts an import or export statement.
func isESMLine(line []byte) bool {
	for _, kw := range []string{"import", "export"} {
		if rest, ok := bytes.CutPrefix(line, []byte(kw)); ok && len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '{' || rest[0] == '*') {
			return true
		}
	}
	return false
}

func (esmParser) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (esmParser) Close(ast.Node, text.Reader, parser.Context) {}
func (esmParser) CanInterruptParagraph() bool                 { return false }
func (esmParser) CanAcceptIndentedLine() bool                 { return false }

// htmlCommentParser takes a line that starts with an HTML comment `<!-- … -->` (which may go on over the
// following lines) and holds nothing after it. Docusaurus reads such a comment as an MDX comment (its MDX 1
// compatibility): it shows nothing, and the line after it starts a new block (an `import` there is ESM).
type htmlCommentParser struct{}

func (htmlCommentParser) Trigger() []byte { return []byte{'<'} }

func (htmlCommentParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || seg.Padding != 0 || pos >= len(line) || !bytes.HasPrefix(line[pos:], []byte("<!--")) {
		return nil, parser.NoChildren
	}
	src := reader.Source()
	start := seg.Start + pos
	end := scannerOf(pc, src).commentEnd(start + 4)
	if end < 0 {
		return nil, parser.NoChildren
	}
	i := end
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < len(src) && src[i] != '\n' && src[i] != '\r' {
		return nil, parser.NoChildren
	}
	n := &ExpressionBlock{Start: start, End: end, Comment: true}
	consumeTo(reader, n, i)
	return n, parser.NoChildren
}

func (htmlCommentParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (htmlCommentParser) Close(ast.Node, text.Reader, parser.Context) {}
func (htmlCommentParser) CanInterruptParagraph() bool                 { return true }
func (htmlCommentParser) CanAcceptIndentedLine() bool                 { return true }

type exprBlockParser struct{}

func (exprBlockParser) Trigger() []byte { return []byte{'{'} }

// Open takes a line that holds one `{…}` expression (which may go on over the following lines) and nothing
// else: `{/* a comment */}`.
func (exprBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || seg.Padding != 0 || pos >= len(line) || line[pos] != '{' {
		return nil, parser.NoChildren
	}
	src := reader.Source()
	start := seg.Start + pos
	end, ok := scannerOf(pc, src).skipExpr(start)
	if !ok {
		return nil, parser.NoChildren
	}
	i := end
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < len(src) && src[i] != '\n' && src[i] != '\r' {
		return nil, parser.NoChildren
	}
	n := &ExpressionBlock{Start: start, End: end, Comment: isComment(src[start+1 : end-1])}
	consumeTo(reader, n, i)
	return n, parser.NoChildren
}

func (exprBlockParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (exprBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (exprBlockParser) CanInterruptParagraph() bool                 { return true }
func (exprBlockParser) CanAcceptIndentedLine() bool                 { return true }

type jsxInlineParser struct{}

func (jsxInlineParser) Trigger() []byte { return []byte{'<'} }

// Parse takes a component's tag (or a fragment's, a custom element's, or <details>, <summary>, <img>) among
// text, and an HTML element's opening tag with JSX attributes (<th style={{…}}>, which is written again as
// HTML), and the closing tag of one; any other '<' is left to the raw HTML parser.
func (jsxInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	_, seg := block.PeekLine()
	src := block.Source()
	if seg.Padding != 0 {
		return nil
	}
	name, _, ok := tagName(src, seg.Start)
	if !ok {
		return nil
	}
	element := isComponent(name) || jsxInline[name] || strings.Contains(name, "-")
	open, _ := pc.Get(htmlOpenKey).(map[string]int) // HTML elements with JSX attributes open so far, by name
	closing := src[seg.Start+1] == '/'
	if !element && (closing && open[name] == 0 || !closing && !jsxAttrsAhead(src[seg.Start:min(len(src), seg.Stop)])) {
		return nil // HTML, with no JSX attribute in its tag
	}
	t, ok := scannerOf(pc, src).scanTag(seg.Start)
	if !ok || !element && !closing && !t.jsx() {
		return nil
	}
	if !element && !t.SelfClose && !voidHTML[name] {
		if open == nil {
			open = map[string]int{}
			pc.Set(htmlOpenKey, open)
		}
		open[name] += map[bool]int{true: -1, false: 1}[closing]
	}
	advanceTo(block, t.End)
	return &JSXInline{Tag: t}
}

var htmlOpenKey = parser.NewContextKey()

// jsxAttrsAhead is the cheap test in front of an HTML tag's scan: a '{', className's N or htmlFor's F before
// the tag's first '>', looked for in its first kilobyte only (so that a line of 30,000 tags is not read again
// for each).
func jsxAttrsAhead(line []byte) bool {
	line = line[:min(len(line), 1024)]
	if end := bytes.IndexByte(line, '>'); end >= 0 {
		line = line[:end]
	}
	return bytes.ContainsAny(line, "{NF")
}

// advanceTo moves the block reader to offset end of the source (a tag or expression may span lines).
func advanceTo(block text.Reader, end int) {
	for {
		line, seg := block.PeekLine()
		if line == nil {
			return
		}
		if end < seg.Stop {
			block.Advance(end - seg.Start)
			return
		}
		block.AdvanceLine()
		if end == seg.Stop {
			return
		}
	}
}

type exprInlineParser struct{}

func (exprInlineParser) Trigger() []byte { return []byte{'{'} }

func (exprInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	_, seg := block.PeekLine()
	if seg.Padding != 0 {
		return nil
	}
	src := block.Source()
	end, ok := scannerOf(pc, src).skipExpr(seg.Start)
	if !ok {
		return nil
	}
	n := &Expression{Start: seg.Start, End: end, Comment: isComment(src[seg.Start+1 : end-1])}
	advanceTo(block, end)
	return n
}

// newMDXParser is the parser of MDX's structure: goldmark's blocks with ESM, JSX and expression blocks, and
// of the inline constructs only code spans (which hold no tags), JSX tags and expressions — what converters
// need. The text converters produce is then analysed by the CommonMark parser like any page. vue: the
// parser of a VitePress page's Vue components, which has no ESM and no `{…}` expressions (Vue writes
// `{{ … }}` in text, braces are text).
func newMDXParser(vue bool) parser.Parser {
	// goldmark's block parsers that hold or hide tags, at their default priorities. Not the HTML block
	// parser: MDX has none, a line of tags is JSX. Not headings and thematic breaks: they hold no block and
	// their text is read as a paragraph's, which finds the same tags. Not indented code: MDX has none, and
	// the lines are read without their indentation. The structure pass is cheaper without them.
	blocks := []util.PrioritizedValue{
		util.Prioritized(parser.NewListParser(), 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
		util.Prioritized(parser.NewBlockquoteParser(), 800),
		util.Prioritized(parser.NewParagraphParser(), 1000),
	}
	blocks = append(blocks,
		util.Prioritized(directiveParser{}, 420),
		util.Prioritized(htmlCommentParser{}, 440),
		util.Prioritized(jsxBlockParser{}, 450), // before indented code: a tag line may be indented
	)
	inline := []util.PrioritizedValue{
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(jsxInlineParser{}, 390),
	}
	if !vue {
		blocks = append(blocks, util.Prioritized(esmParser{}, 50), util.Prioritized(exprBlockParser{}, 460))
		inline = append(inline, util.Prioritized(exprInlineParser{}, 395))
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(util.Prioritized(tagless{}, 100)))
}

// tagless drops from the structure's tree the paragraphs that hold no '<' and no '{': they hold no tag and
// no expression, and their inline parse is most of the structure pass's time.
type tagless struct{}

func (tagless) Transform(n *ast.Paragraph, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if bytes.ContainsAny(src[seg.Start:seg.Stop], "<{") {
			return
		}
	}
	n.Parent().RemoveChild(n.Parent(), n)
}

var mdxParser, vueParser = newMDXParser(false), newMDXParser(true)

// LooksLikeMDX reports whether a Markdown source uses MDX syntax: an import or export line, a component's
// tag, a `{/* comment */}`, or HTML with JSX attributes (style={{…}}, className=). Docusaurus reads its .md files as MDX; such a file is then parsed as one.
func LooksLikeMDX(src []byte) bool {
	if bytes.Contains(src, []byte("{/*")) || bytes.Contains(src, []byte("style={{")) || bytes.Contains(src, []byte(" className=")) {
		return true // a comment, or HTML with JSX attributes, which only MDX reads
	}
	for rest := src; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if isESMLine(line) {
			return true
		}
	}
	for i := bytes.IndexByte(src, '<'); i >= 0; {
		if i+1 < len(src) && src[i+1] >= 'A' && src[i+1] <= 'Z' {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '<')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}
