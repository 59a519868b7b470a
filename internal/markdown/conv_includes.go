package markdown

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Includes of MDX pages are inlined, converted as the page is: Mintlify's <Snippet file="x.mdx" /> (a file
// of the snippets/ folder) and a partial imported and used as a component (`import Foo from
// './_foo.mdx'`, then <Foo />), as the generators show them. The file is read by Options.Include, which
// resolves it inside the repository (the same resolver as MkDocs' `--8<--` snippets); one that cannot be
// read is an `include` error naming it, at the tag's line. Relative links of a partial imported by a
// relative path are made relative to the page, as they were to the partial.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Snippet"}, Convert: convertSnippet})
}

// ErrBuiltFile is what an Options.Include error wraps when the file is one the site makes when it is built
// (the repository ignores it: typescript-eslint's generated/index.md): the include is a warning, not an
// error, and the page goes without what the file would have held.
var ErrBuiltFile = errors.New("the file is made when the site is built (the repository ignores it)")

// maxIncludeDepth bounds includes inside includes.
const maxIncludeDepth = 4

// inclusion is how the includes of one page are read: the resolver, and the files being included (the
// outermost first), which an include may not name again.
type inclusion struct {
	ctx     context.Context
	include func(target string) ([]byte, error)
	chain   []string
}

// enter is the inclusion inside target.
func (in *inclusion) enter(target string) *inclusion {
	return &inclusion{ctx: in.ctx, include: in.include, chain: append(append([]string(nil), in.chain...), target)}
}

func convertSnippet(x *Editor, e *Element) {
	file := strings.TrimSpace(e.Open.String("file"))
	if file == "" {
		x.Error(e, "include", "<Snippet> names no file: write <Snippet file=\"name.mdx\" /> (a file of the snippets folder)")
		x.ReplaceElement(e, "")
		return
	}
	target := file
	if !strings.HasPrefix(file, "/") {
		target = "/snippets/" + strings.TrimPrefix(file, "snippets/")
	}
	x.inline(e, target, "<Snippet file=\""+file+"\">")
}

// inlinePartial inlines <Foo /> when Foo is imported from an .mdx or .md file, and reports whether it was
// (or could not be, with an error).
func (x *Editor) inlinePartial(e *Element) bool {
	imp, ok := x.Imports()[e.Name]
	if !ok || imp.Name != "" {
		return false
	}
	switch strings.ToLower(path.Ext(imp.From)) {
	case ".mdx", ".md", ".markdown":
	default:
		return false
	}
	if e.Close != nil && strings.TrimSpace(x.Children(e)) != "" {
		x.Warn(e, "include", fmt.Sprintf("the text between %s and %s is passed to the partial %s as its children, which atender does not do: it is left out", openName(e.Name), closeName(e.Name), imp.From))
	}
	x.inline(e, imp.From, openName(e.Name)+" (imported from "+imp.From+")")
	return true
}

// inline replaces e with the converted text of the file target (with nothing when it cannot be read: an
// error says so).
func (x *Editor) inline(e *Element, target, what string) {
	text, ok := x.included(e, target, what)
	x.ReplaceElement(e, x.indentPieces(e, text))
	if ok {
		x.Count("includes")
	}
}

// included is the converted text of the file target that e includes.
func (x *Editor) included(e *Element, target, what string) (string, bool) {
	in := x.inc
	switch {
	case in == nil || in.include == nil:
		x.Error(e, "include", what+": includes are not read here; it is left out")
		return "", false
	case len(in.chain) >= maxIncludeDepth:
		x.Error(e, "include", fmt.Sprintf("%s: includes nested deeper than %d (%s); not included", what, maxIncludeDepth, strings.Join(in.chain, " → ")))
		return "", false
	}
	for _, c := range in.chain {
		if c == target {
			x.Error(e, "include", fmt.Sprintf("%s includes itself (%s → %s); not included", what, strings.Join(in.chain, " → "), target))
			return "", false
		}
	}
	b, err := in.include(target)
	switch {
	case errors.Is(err, ErrBuiltFile):
		x.Warn(e, "include", fmt.Sprintf("%s: %v: what it holds is not in the article", what, err))
		return "", false
	case err != nil:
		x.Error(e, "include", fmt.Sprintf("%s: %v", what, err))
		return "", false
	}
	sub := &Result{Body: withoutFrontmatter(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))}
	if err := convertMDX(in.ctx, sub, in.enter(target), false); err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			err = fmt.Errorf("line %d, column %d: %s", se.Line, se.Col, se.Reason)
		}
		x.Error(e, "include", fmt.Sprintf("%s: %v", what, err))
		return "", false
	}
	x.merge(e, sub, target)
	body := sub.Body
	if dir := path.Dir(target); dir != "." && (strings.HasPrefix(target, "./") || strings.HasPrefix(target, "../")) {
		body = rebaseLinks(body, dir)
	}
	return strings.TrimRight(string(body), "\n"), true
}

// merge adds what converting an included file found to the page's result, at the include's place.
func (x *Editor) merge(e *Element, sub *Result, target string) {
	for _, d := range sub.Diagnostics {
		d.Message = fmt.Sprintf("in %s (line %d): %s", target, d.Line, d.Message)
		d.Line, d.Col = e.Line, e.Col
		x.r.Diagnostics = append(x.r.Diagnostics, d)
	}
	for k, v := range sub.Converted {
		if x.r.Converted == nil {
			x.r.Converted = map[string]int{}
		}
		x.r.Converted[k] += v
	}
	for k, v := range sub.Components {
		if x.r.Components == nil {
			x.r.Components = map[string]int{}
			x.r.ComponentLine, x.r.ComponentCol = e.Line, e.Col
		}
		x.r.Components[k] += v
	}
	for k, v := range sub.NoText {
		if x.r.NoText == nil {
			x.r.NoText = map[string]int{}
		}
		x.r.NoText[k] += v
	}
}

// withoutFrontmatter is b without a leading `---` frontmatter block.
func withoutFrontmatter(b []byte) []byte {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return b
	}
	if i := bytes.Index(b[4:], []byte("\n---\n")); i >= 0 {
		return b[4+i+5:]
	}
	return b
}

// rebaseLinks makes the relative link and image destinations of a partial relative to the page that
// includes it from dir.
func rebaseLinks(body []byte, dir string) []byte {
	var out []byte
	last := 0
	for _, r := range Destinations(body) {
		d := r.Dest
		if r.Start < last || r.Kind == KindAutoLink || d == "" || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "#") ||
			strings.HasPrefix(d, "@") || strings.Contains(d, ":") || r.SiteRoot {
			continue
		}
		out = append(out, body[last:r.Start]...)
		out = append(out, path.Join(dir, d)...)
		last = r.End
	}
	if out == nil {
		return body
	}
	return append(out, body[last:]...)
}
