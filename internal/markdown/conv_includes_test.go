package markdown

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// files is an Include over a map, as docs' resolver is over the repository.
func files(m map[string]string) func(string) ([]byte, error) {
	return func(target string) ([]byte, error) {
		if s, ok := m[target]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("include %q: no such file", target)
	}
}

func process(t *testing.T, src string, o Options) *Result {
	t.Helper()
	o.MDX = true
	r, err := Process(context.Background(), []byte(src), o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func diagnostics(r *Result) []string {
	var out []string
	for _, d := range r.Diagnostics {
		kind := "warning"
		if d.Error {
			kind = "error"
		}
		out = append(out, fmt.Sprintf("%d:%d: %s: %s [%s]", d.Line, d.Col, kind, d.Message, d.Code))
	}
	return out
}

// An imported partial and a Mintlify snippet are inlined where their tag stands, converted as the page is
// (the <Tip> inside becomes a block quote, the partial's own imports go), and counted.
func TestIncludesInlinePartialsAndSnippets(t *testing.T) {
	include := files(map[string]string{
		"./_flag.mdx":                "---\nsidebar: false\n---\nimport X from './x'\n\n### cpuFlag\n\n<Tip>\n  Set it [per project](./npmrc.md).\n</Tip>\n",
		"/snippets/add-env.mdx":      "Set your API key in `.env`.\n",
		"/snippets/with-partial.mdx": "import Flag from './_flag.mdx'\n\nBefore.\n\n<Flag />\n",
	})
	src := "import CpuFlag from './_flag.mdx'\nimport Env from '/snippets/add-env.mdx'\n\n# Settings\n\n<CpuFlag />\n\nThen:\n\n<Snippet file=\"add-env.mdx\" />\n\n<Env />\n"
	r := process(t, src, Options{Include: include})
	want := "\n\n# Settings\n\n\n\n### cpuFlag\n\n> **Tip:**\n> Set it [per project](./npmrc.md).\n\nThen:\n\nSet your API key in `.env`.\n\nSet your API key in `.env`.\n"
	if string(r.Body) != want {
		t.Errorf("body:\n%q\nwant:\n%q", r.Body, want)
	}
	if r.Converted["includes"] != 3 || r.Converted["admonitions"] != 1 {
		t.Errorf("converted %v: want 3 includes, 1 admonition", r.Converted)
	}
	if len(r.Components) != 0 || len(r.Diagnostics) != 0 {
		t.Errorf("components %v, diagnostics %v: want none", r.Components, diagnostics(r))
	}
	// the inlined lines are the include's line in the page: "### cpuFlag" (line 7 of Body) comes from line 6
	if len(r.LineMap) < 7 || r.LineMap[6] != 6 || r.LineMap[5] != 6 {
		t.Errorf("line map %v: lines 6 and 7 of the body come from line 6", r.LineMap)
	}
}

// A partial imported by a relative path keeps its links pointing where they did from its own folder.
func TestIncludesRebaseRelativeLinks(t *testing.T) {
	include := files(map[string]string{"../settings/_find.mdx": "See [filters](./filtering.md), [home](/), [web](https://x.dev) and ![pic](img/a.png).\n"})
	r := process(t, "import FindBy from '../settings/_find.mdx'\n\n<FindBy />\n", Options{Include: include})
	want := "See [filters](../settings/filtering.md), [home](/), [web](https://x.dev) and ![pic](../settings/img/a.png)."
	if got := strings.TrimSpace(string(r.Body)); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// What cannot be included is an error at the tag naming the file, and the tag's text does not reach the
// article; an include of itself or nested too deep stops.
func TestIncludesThatFailAreErrorsNamingTheFile(t *testing.T) {
	include := files(map[string]string{
		"./_loop.mdx": "import Loop from './_loop.mdx'\n\n<Loop />\n",
		"./_bad.mdx":  "<Tabs>\n",
		"./_a.mdx":    "import B from './_b.mdx'\n\n<B />\n", "./_b.mdx": "import C from './_c.mdx'\n\n<C />\n",
		"./_c.mdx": "import D from './_d.mdx'\n\n<D />\n", "./_d.mdx": "import E from './_e.mdx'\n\n<E />\n", "./_e.mdx": "deep\n",
	})
	src := "import Missing from './_missing.mdx'\nimport Loop from './_loop.mdx'\nimport Bad from './_bad.mdx'\nimport A from './_a.mdx'\n\n<Missing />\n\n<Snippet />\n\n<Loop />\n\n<Bad />\n\n<A />\n"
	r := process(t, src, Options{Include: include})
	got := diagnostics(r)
	want := []string{
		`6:1: error: <Missing> (imported from ./_missing.mdx): include "./_missing.mdx": no such file [include]`,
		`8:1: error: <Snippet> names no file: write <Snippet file="name.mdx" /> (a file of the snippets folder) [include]`,
		`10:1: error: in ./_loop.mdx (line 3): <Loop> (imported from ./_loop.mdx) includes itself (./_loop.mdx → ./_loop.mdx); not included [include]`,
		`12:1: error: <Bad> (imported from ./_bad.mdx): line 1, column 1: <Tabs> is never closed: add </Tabs> where it ends (or write it <Tabs /> if it has no content) [include]`,
		`14:1: error: in ./_a.mdx (line 3): in ./_b.mdx (line 3): in ./_c.mdx (line 3): in ./_d.mdx (line 3): <E> (imported from ./_e.mdx): includes nested deeper than 4 (./_a.mdx → ./_b.mdx → ./_c.mdx → ./_d.mdx); not included [include]`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(string(r.Body), "<") {
		t.Errorf("a tag reached the body:\n%s", r.Body)
	}
	// without a resolver (a caller that reads no files), an include is an error too, never silently dropped
	r = process(t, "import X from './_x.mdx'\n\n<X />\n", Options{})
	if d := diagnostics(r); len(d) != 1 || !strings.Contains(d[0], "3:1: error: <X> (imported from ./_x.mdx): includes are not read here") {
		t.Errorf("without a resolver: %v", d)
	}
	// a partial the page does not import is an unknown component, left to the catch-all
	r = process(t, "import { X } from './lib.js'\n\n<X />\n", Options{Include: include})
	if r.Components["X"] != 1 || r.Converted["includes"] != 0 {
		t.Errorf("named import: components %v, converted %v", r.Components, r.Converted)
	}
}

// A partial used inside a list item stays inside it: its lines take the item's indentation.
func TestIncludesInAListItemKeepItsIndentation(t *testing.T) {
	include := files(map[string]string{"./_p.mdx": "First line.\n\n```sh\nrun\n```\n"})
	r := process(t, "import P from './_p.mdx'\n\n1. Step:\n\n   <P />\n", Options{Include: include})
	if want := "1. Step:\n\n   First line.\n\n   ```sh\n   run\n   ```\n"; !strings.HasSuffix(string(r.Body), want) {
		t.Errorf("body %q, want it to end %q", r.Body, want)
	}
}

// Docusaurus reads an HTML comment line as an MDX comment: an `import` right below `<!-- prettier-ignore -->`
// is ESM, so the partial it imports is inlined (redux's tutorials lost their caution so), and the comment,
// which shows nothing, goes. An imported partial is inlined even when its name is a converter's (<Warning>).
func TestIncludesImportedBelowAnHTMLComment(t *testing.T) {
	src := "<!-- prettier-ignore -->\nimport Warning from \"../../components/_Warning.mdx\";\n\nRead this.\n\n<Warning />\n\nText <!-- inline --> stays.\n<!--\n  several\n  lines\n-->\nEnd.\n"
	r := process(t, src, Options{Include: files(map[string]string{"../../components/_Warning.mdx": ":::caution\n\nOld patterns ahead.\n\n:::\n"})})
	want := "\n\n\nRead this.\n\n> **Caution:**\n>\n> Old patterns ahead.\n>\n\n\nText <!-- inline --> stays.\n\n\nEnd.\n"
	if string(r.Body) != want || r.Converted["includes"] != 1 || len(r.Components) != 0 {
		t.Errorf("body %q (converted %v, components %v)\nwant %q", r.Body, r.Converted, r.Components, want)
	}
}
