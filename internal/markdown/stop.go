package markdown

import (
	"context"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark has no way to cancel a parse. parseContext makes one stop: the reader of the block phase and the
// emphasis delimiters of the inline phase (where the time goes on pathological input) look at ctx now and
// then and unwind with a stopParse panic, recovered here, so that an abandoned parse ends and frees its memory.

type stopParse struct{}

var ctxKey = parser.NewContextKey()

// checkEvery is how many reader lines or delimiter comparisons pass between two looks at the context.
const checkEvery = 1024

// parseContext parses src with p; it returns ctx's error, and no tree, when ctx is done before the end.
func parseContext(ctx context.Context, p parser.Parser, src []byte, pc parser.Context) (root ast.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			if ce, ok := r.(*ComplexityError); ok { // a scan's budget spent (see scanner)
				root, err = nil, ce
				return
			}
			if _, ok := r.(stopParse); !ok {
				panic(r)
			}
			root, err = nil, ctx.Err()
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if pc == nil {
		pc = parser.NewContext()
	}
	pc.Set(ctxKey, &stopper{ctx: ctx})
	return p.Parse(&stoppingReader{Reader: text.NewReader(src), s: pc.Get(ctxKey).(*stopper)}, parser.WithContext(pc)), nil
}

type stopper struct {
	ctx context.Context
	n   int
}

func (s *stopper) check() {
	if s.n++; s.n%checkEvery == 0 && s.ctx.Err() != nil {
		panic(stopParse{})
	}
}

func stopperOf(pc parser.Context) *stopper {
	if s, ok := pc.Get(ctxKey).(*stopper); ok {
		return s
	}
	return &stopper{ctx: context.Background()}
}

type stoppingReader struct {
	text.Reader
	s *stopper
}

func (r *stoppingReader) AdvanceLine() {
	r.s.check()
	r.Reader.AdvanceLine()
}

// emphasisParser is goldmark's emphasis parser with delimiters whose comparisons look at the context.
type emphasisParser struct{}

func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, &emphasisProcessor{s: stopperOf(pc)})
	if node == nil {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

type emphasisProcessor struct{ s *stopper }

func (p *emphasisProcessor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (p *emphasisProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	p.s.check()
	return opener.Char == closer.Char
}

func (p *emphasisProcessor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// stoppingEmphasis replaces goldmark's emphasis parser (priority 500) by the one above.
var stoppingEmphasis = util.Prioritized(emphasisParser{}, 450)
