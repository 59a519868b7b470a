package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A container directive (`:::tip` … `:::`, Docusaurus' and Starlight's admonitions; VitePress' `::: details`)
// holds blocks, as a block quote does, and ends at its closing `:::` line whatever it holds: micromark's
// directive (and markdown-it's container) checks for its closing fence before its content, so a code fence
// left open inside it ends with it. The structure pass reads it so, or an element after such a fence would
// be read as code and its closing tag missed. The admonition converters turn the directive into Markdown
// later; here it is only a container.

// KindDirective is the kind of a container directive node.
var KindDirective = ast.NewNodeKind("Directive")

// Directive is a container directive of the structure pass.
type Directive struct {
	ast.BaseBlock
	colons int
}

func (n *Directive) Kind() ast.NodeKind         { return KindDirective }
func (n *Directive) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type directiveParser struct{}

func (directiveParser) Trigger() []byte { return []byte{':'} }

// Open takes `:::name…` (three colons or more, then a name, spaces allowed between).
func (directiveParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || seg.Padding != 0 {
		return nil, parser.NoChildren
	}
	n := colonRun(line[pos:])
	rest := util.TrimLeftSpace(line[pos+n:])
	if n < 3 || len(rest) == 0 || !isTagStart(rest[0]) {
		return nil, parser.NoChildren
	}
	depth := 0
	for p := parent; p != nil && depth <= MaxNesting; p = p.Parent() {
		depth++
	}
	if depth > MaxNesting {
		// every open container reads every line: past the nesting limit (which the admonition converter
		// then reports at its line) the structure pass would grow with the square of the page
		return nil, parser.NoChildren
	}
	name := 0
	for name < len(rest) && (isTagChar(rest[name]) || rest[name] == '_') {
		name++
	}
	// past the name: its title (VitePress' `::: warning WARNING <Version>3.2</Version>`, a `[label]`) is
	// read as the directive's first block, so the tags in it are found
	reader.Advance(len(line) - len(rest) + name)
	return &Directive{colons: n}, parser.HasChildren
}

// Continue closes the directive on a line of at least as many colons and nothing else.
func (directiveParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	trimmed := util.TrimLeftSpace(line)
	if n := colonRun(trimmed); n >= node.(*Directive).colons && util.IsBlank(trimmed[n:]) {
		newline := 0
		if len(line) > 0 && line[len(line)-1] == '\n' {
			newline = 1
		}
		reader.Advance(seg.Stop - seg.Start - newline)
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (directiveParser) Close(ast.Node, text.Reader, parser.Context) {}
func (directiveParser) CanInterruptParagraph() bool                 { return true }
func (directiveParser) CanAcceptIndentedLine() bool                 { return false }

// colonRun is the length of the run of colons that starts b.
func colonRun(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ':' {
		n++
	}
	return n
}
