package markdown

import (
	"regexp"
	"strings"
)

// The imports of an MDX page name what its components and expressions stand for: `import shot from
// './shot.png'` makes {shot} a picture, `import Foo from './_foo.mdx'` makes <Foo /> a partial to inline.

var (
	// importStmtRe is one import statement with a default binding, a named list, or both:
	// import a from 'x'; import { b, c as d } from "x"; import a, { b } from 'x'
	importStmtRe = regexp.MustCompile(`(?m)^[ \t]*import[ \t]+([\w$]+)?[ \t]*,?[ \t]*(\{[^}]*\})?[ \t]*from[ \t]*('[^'\n]+'|"[^"\n]+")`)
	asRe         = regexp.MustCompile(`^([\w$]+)(?:\s+as\s+([\w$]+))?$`)
)

// Import is what a name bound by an import stands for: the module it comes from, and for a named import the
// name it has there ("" for a default import).
type Import struct {
	From, Name string
}

// parseImports returns the names the import statements of src[r[0]:r[1]] (for each range) bind.
func parseImports(src []byte, ranges [][2]int) map[string]Import {
	var out map[string]Import
	for _, r := range ranges {
		for _, m := range importStmtRe.FindAllSubmatch(src[r[0]:r[1]], -1) {
			if out == nil {
				out = map[string]Import{}
			}
			from, ok := jsString(string(m[3])) // Prettier writes './\_partial.mdx' for './_partial.mdx'
			if !ok {
				from = strings.Trim(string(m[3]), `'"`)
			}
			if len(m[1]) > 0 {
				out[string(m[1])] = Import{From: from}
			}
			if len(m[2]) == 0 {
				continue
			}
			for _, part := range strings.Split(strings.Trim(string(m[2]), "{} \t\n"), ",") {
				if a := asRe.FindStringSubmatch(strings.TrimSpace(part)); a != nil {
					local := a[1]
					if a[2] != "" {
						local = a[2]
					}
					out[local] = Import{From: from, Name: a[1]}
				}
			}
		}
	}
	return out
}

// Imports returns the names the page's import statements bind.
func (x *Editor) Imports() map[string]Import {
	if x.m == nil {
		return nil
	}
	if !x.importsRead { // read once a page: every component asks (is it an imported partial?)
		x.imports, x.importsRead = parseImports(x.src, x.m.ESM), true
	}
	return x.imports
}
