package docs

import (
	"bytes"
	"regexp"

	"github.com/atender/atender/internal/markdown"
)

// snippetRe is an MkDocs snippet line (pymdownx.snippets): `--8<-- "file"` (`;--8<--` escapes one).
var snippetRe = regexp.MustCompile(`^([ \t]*)-+8<-+[ \t]+(?:"([^"]+)"|'([^']+)')[ \t]*$`)

// maxSnippetDepth bounds snippets inside snippets.
const maxSnippetDepth = 4

// inlineSnippets replaces each snippet line of body (outside code fences) by the file it names, indented
// as the line is, as MkDocs does. lineMap gives, for each line of the result, the body line it comes from
// (an included line: the snippet line), so that diagnostics name the page's own lines; nil when nothing was
// included. A snippet that cannot be read is an `include` diagnostic, and its line stays as written.
func inlineSnippets(p *parsed, body []byte, o Options, ds *diags) ([]byte, []int) {
	if !o.snippets || o.include == nil || !bytes.Contains(body, []byte("8<-")) {
		return body, nil
	}
	var out bytes.Buffer
	var lineMap []int
	changed := false
	var walk func(src []byte, depth, at int)
	walk = func(src []byte, depth, at int) {
		var fence markdown.Fence
		for n, rest := 1, src; len(rest) > 0; n++ {
			var line []byte
			line, rest = markdown.CutLine(rest)
			from := at
			if depth == 0 {
				from = n
			}
			if !fence.LineBytes(line) {
				if m := snippetRe.FindSubmatch(bytes.TrimRight(line, "\n")); m != nil {
					target := string(m[2]) + string(m[3])
					b, err := o.include(p.rel, target)
					switch {
					case err != nil:
						ds.errorf("include", p.rel, p.line0+from, len(m[1])+1, "MkDocs snippet: %v", err)
					case depth >= maxSnippetDepth:
						ds.errorf("include", p.rel, p.line0+from, len(m[1])+1, "MkDocs snippet %q: snippets nested deeper than %d; not included", target, maxSnippetDepth)
					default:
						changed = true
						indented := indentLines(normalize(b), m[1])
						walk(indented, depth+1, from)
						continue
					}
				}
			}
			out.Write(line)
			if !bytes.HasSuffix(line, []byte("\n")) && len(rest) == 0 && depth > 0 {
				out.WriteByte('\n') // an included file without a final newline ends its line
			}
			lineMap = append(lineMap, from)
		}
	}
	walk(body, 0, 0)
	if !changed {
		return body, nil
	}
	return out.Bytes(), lineMap
}

// indentLines puts indent in front of every non-empty line of b.
func indentLines(b []byte, indent []byte) []byte {
	if len(indent) == 0 {
		return b
	}
	var out bytes.Buffer
	for _, l := range bytes.SplitAfter(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out.Write(indent)
		}
		out.Write(l)
	}
	return out.Bytes()
}

// fileLine is the file's line of a line of the analysed body.
func (p *parsed) fileLine(l int) int {
	if l >= 1 && l <= len(p.lineMap) {
		l = p.lineMap[l-1]
	}
	return p.line0 + l
}
