package markdown

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/convert")

// TestConvertGolden: each testdata/convert/*.mdx (and *.md; *.vue.md: a VitePress page) page, processed,
// gives the Markdown of its .golden file.
func TestConvertGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/convert/*.md*")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range files {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Process(context.Background(), src, Options{MDX: strings.HasSuffix(in, ".mdx"), Vue: strings.HasSuffix(in, ".vue.md")})
			if err != nil {
				t.Fatal(err)
			}
			golden := in + ".golden"
			if *update {
				if err := os.WriteFile(golden, r.Body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Body) != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", r.Body, want)
			}
		})
	}
}

// Lines that a conversion adds (a label over a code block) or removes (ESM, the inside of a tag written over
// several lines) are mapped back to the source's, and each line's column shift is how far its text moved.
func TestProcessMapsLinesAndColumns(t *testing.T) {
	src := "import A from './a';\nimport B from './b';\n\n<CodeGroup>\n```bash npm\nnpm i\n```\n</CodeGroup>\n\n<Tabs>\n  <TabItem\n    value=\"x\"\n    label=\"X\">\n    Text in X.\n  </TabItem>\n</Tabs>\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(r.Body), "\n"), "\n")
	if len(lines) != len(r.LineMap) || len(lines) != len(r.Shift) {
		t.Fatalf("%d lines, %d mapped, %d shifts", len(lines), len(r.LineMap), len(r.Shift))
	}
	srcLines := strings.Split(src, "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		from := srcLines[r.LineMap[i]-1]
		switch {
		case l == "**npm**" || l == "**X**":
			if !strings.Contains(from, "```bash npm") && !strings.Contains(from, "<TabItem") {
				t.Errorf("label %q mapped to line %d %q", l, r.LineMap[i], from)
			}
		default:
			// the text stands in the source at its column minus the shift
			if col := strings.Index(from, l); col < 0 && !strings.HasPrefix(from, strings.TrimSpace(l)) || col >= 0 && col != -r.Shift[i] {
				t.Errorf("line %d %q from source line %d %q, shift %d", i+1, l, r.LineMap[i], from, r.Shift[i])
			}
		}
	}
	if r.ESM != 1 || r.ESMLine != 1 || strings.Contains(string(r.Body), "import") || r.Converted["tabs"] != 2 {
		t.Fatalf("ESM %d at %d, converted %v", r.ESM, r.ESMLine, r.Converted)
	}
}

// manyExpressions is a line of 100,000 expressions.
var manyExpressions = strings.Repeat("{x}", 100000) + "<A />"

// hostileProcessMDX are the pages of TestProcessHostileMDX and what the error of each says.
func hostileProcessMDX() map[string]struct{ src, want string } {
	return map[string]struct{ src, want string }{
		"deep":     {strings.Repeat("<A>\n", MaxNesting+1) + "x\n" + strings.Repeat("</A>\n", MaxNesting+1), "nested more than 100 deep"},
		"unclosed": {strings.Repeat("<Tabs>\n", 20000), "is never closed"},
		"exprs":    {strings.Repeat("<A b={\n", 30000), ""},
		// every open directive reads every line: past the nesting limit they are not containers
		"directives": {strings.Repeat(":::a\n", 5000) + "<A />\n", "nested more than 100 deep"},
	}
}

// Hostile MDX stays bounded on the new path: elements nested past the limit are refused at the line that
// goes one too deep, unclosed ones are a syntax error, and 30,000 unclosed attribute expressions are refused
// by the scanner's budget (BenchmarkProcessHostileMDX times each).
func TestProcessHostileMDX(t *testing.T) {
	deep := strings.Repeat("<A>\n", MaxNesting+1) + "x\n" + strings.Repeat("</A>\n", MaxNesting+1)
	for name, c := range hostileProcessMDX() {
		_, err := Process(context.Background(), []byte(c.src), Options{MDX: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	// 100,000 expressions on one line are one warning (BenchmarkProcessHostileMDX times the page: each is
	// read once, not its line again)
	if r, err := Process(context.Background(), []byte(manyExpressions), Options{MDX: true}); err != nil || len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Message, "(and 99999 more)") {
		t.Errorf("expressions: %v", err)
	}
	var ce *ComplexityError
	if _, err := Process(context.Background(), []byte(deep), Options{MDX: true}); !errors.As(err, &ce) || ce.Line != MaxNesting+1 {
		t.Errorf("deep: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Process(ctx, []byte("<Note>\nx\n</Note>\n"), Options{MDX: true}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// The JSX forms give the Markdown the text forms give: an admonition component the `:::` admonition's, a
// <TabItem> MkDocs' `=== "…"` tab's.
func TestJSXConvertsLikeTheTextForms(t *testing.T) {
	same := [][2]string{
		{"<Note>\nKeep it.\n\nTwo.\n</Note>\n", ":::note\nKeep it.\n\nTwo.\n:::\n"},
		{"<Aside type=\"danger\" title=\"Stop\">\n  Now.\n</Aside>\n", ":::danger[Stop]\nNow.\n:::\n"},
		{"<Admonition type=\"tip\">\nHint.\n</Admonition>\n", ":::tip\nHint.\n:::\n"},
		{"<Tip>\nOut.\n\n<Warning>\nIn.\n</Warning>\n</Tip>\n", "::::tip\nOut.\n\n:::warning\nIn.\n:::\n::::\n"},
		{"<Tabs>\n<TabItem label=\"Linux\">\n\n    ```sh\n    run\n    ```\n</TabItem>\n</Tabs>\n", "\n=== \"Linux\"\n\n    ```sh\n    run\n    ```\n\n\n"},
	}
	for _, c := range same {
		jsx, err := Process(context.Background(), []byte(c[0]), Options{MDX: true})
		if err != nil {
			t.Fatal(err)
		}
		text, err := Process(context.Background(), []byte(c[1]), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := jsx.Doc.Render(nil, false), text.Doc.Render(nil, false); a != b {
			t.Errorf("%q gives\n%s\n%q gives\n%s", c[0], a, c[1], b)
		}
	}
}
