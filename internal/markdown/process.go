package markdown

import (
	"context"
	"errors"
	"sort"
)

// Process is the one pipeline a page's body goes through before it is sent: for an MDX page, its JSX
// elements are converted by the element converters (and ESM and `{/* comments */}` removed); then the text
// converters run in their order (heading attribute lists, admonitions, tabs…); then the result is checked
// for hostile complexity and analysed. Every step looks at ctx, so a caller's deadline bounds the whole.
//
// A converter turns one generator construct into Markdown that Atender shows as its author meant. Each
// lives in its own file and registers itself from an init function (RegisterText, RegisterElement), so a
// new generator's construct is a new file.

// Options say how a body is processed.
type Options struct {
	// MDX says the body is MDX (an .mdx page, or a Docusaurus .md page that uses MDX syntax): its elements
	// are parsed and converted.
	MDX bool
	// Vue says the body is a VitePress page: its Vue components (<Badge text>, <MyLink title href />,
	// <vue-school-link>) are converted as an MDX page's are; it has no ESM and no `{…}` expressions.
	Vue bool
	// KeepAdmonitions leaves `:::`, `!!!` and `===` constructs as written (markdown.admonitions: keep).
	KeepAdmonitions bool
	// Parse analyses the converted body; nil is AnalyzeContext.
	Parse func(context.Context, []byte) (*Doc, error)
	// Include reads a file an MDX page includes (<Snippet file>, an imported partial), target as written;
	// nil: includes are errors.
	Include func(target string) ([]byte, error)
}

// Result is a processed body.
type Result struct {
	Doc  *Doc
	Body []byte // the converted body that Doc was made of
	// Shift[i] is how many columns the text of line i+1 of Body moved right (negative: left) from where it is
	// in the source; nil: none moved.
	Shift []int
	// LineMap[i] is the source line (1-based) that line i+1 of Body comes from; nil: the same line.
	LineMap []int
	// Converted counts the elements turned into Markdown, by what the summary counts them as
	// ("admonitions", "tabs"); Components counts the components that had no converter (their tags dropped,
	// their children kept), by name, and ComponentLine:ComponentCol is the first one's place in the source.
	// NoText counts those of Components that have no text of their own (<Foo />): what they render is not
	// in the article.
	Converted                   map[string]int
	Components, NoText          map[string]int
	ComponentLine, ComponentCol int
	// ESM is how many import/export blocks were removed; ESMLine is the first one's line.
	ESM, ESMLine int
	// Diagnostics are what the converters had to say (in the source's lines).
	Diagnostics []Diagnostic
}

// Diagnostic is a converter's remark on the source.
type Diagnostic struct {
	Error     bool
	Code      string
	Line, Col int // in the source, 1-based
	Message   string
}

// TextConverter rewrites a whole body, keeping every line on its line. Convert returns src itself and a nil
// shift when there is nothing to convert; else the text, and shift[i]: how many columns the text of line
// i+1 moved right.
type TextConverter struct {
	Name  string
	Order int // converters run lowest first
	// Admonition says the converter is one that markdown.admonitions: keep turns off.
	Admonition bool
	Convert    func(ctx context.Context, src []byte) ([]byte, []int, error)
	// Lines, set instead of Convert, is a converter that may add lines (and counts what it converted).
	Lines func(ctx context.Context, src []byte) (*TextEdit, error)
}

var textConverters []TextConverter

// RegisterText adds a text converter to the pipeline. It is called from init functions.
func RegisterText(c TextConverter) {
	textConverters = append(textConverters, c)
	sort.SliceStable(textConverters, func(i, j int) bool { return textConverters[i].Order < textConverters[j].Order })
}

// Process runs the pipeline on src. A *SyntaxError (an MDX element never closed, or closed by another's
// tag) or a *ComplexityError (hostile input) is at a line of src; nothing is analysed then.
func Process(ctx context.Context, src []byte, o Options) (*Result, error) {
	r := &Result{Body: src}
	if o.MDX || o.Vue {
		if err := convertMDX(ctx, r, &inclusion{ctx: ctx, include: o.Include}, o.Vue && !o.MDX); err != nil {
			return nil, err
		}
	}
	for _, c := range textConverters {
		if c.Admonition && o.KeepAdmonitions {
			continue
		}
		if c.Lines != nil {
			te, err := c.Lines(ctx, r.Body)
			if err != nil {
				return nil, r.sourceLine(err)
			}
			r.apply(te)
			continue
		}
		out, sh, err := c.Convert(ctx, r.Body)
		if err != nil {
			return nil, r.sourceLine(err)
		}
		r.Body, r.Shift = out, addShifts(r.Shift, sh)
	}
	if ce := CheckComplexity(r.Body); ce != nil {
		return nil, r.sourceLine(ce)
	}
	parse := o.Parse
	if parse == nil {
		parse = AnalyzeContext
	}
	doc, err := parse(ctx, r.Body)
	if err != nil {
		return nil, err
	}
	r.Doc = doc
	return r, nil
}

// sourceLine turns the line of a complexity error in Body into the source's.
func (r *Result) sourceLine(err error) error {
	var ce *ComplexityError
	if r.LineMap != nil && errors.As(err, &ce) && ce.Line >= 1 && ce.Line <= len(r.LineMap) {
		return &ComplexityError{Line: r.LineMap[ce.Line-1], Reason: ce.Reason}
	}
	return err
}
