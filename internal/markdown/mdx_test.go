package markdown

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// tree prints the elements of an MDX source, one per line, indented by depth: name, where it is, block or
// inline, its attributes.
func tree(m *MDX) string {
	var b strings.Builder
	var walk func(es []*Element, depth int)
	walk = func(es []*Element, depth int) {
		for _, e := range es {
			kind := "inline"
			if e.Block {
				kind = "block"
			}
			fmt.Fprintf(&b, "%s%s %d:%d %s", strings.Repeat("  ", depth), e.Name, e.Line, e.Col, kind)
			for _, a := range e.Open.Attrs {
				if a.Expr {
					fmt.Fprintf(&b, " %s={%s}", a.Name, a.Value)
				} else {
					fmt.Fprintf(&b, " %s=%q", a.Name, a.Value)
				}
			}
			if e.Close == nil {
				b.WriteString(" /")
			}
			b.WriteByte('\n')
			walk(e.Children, depth+1)
		}
	}
	walk(m.Elements, 0)
	return b.String()
}

func TestParseMDXElements(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"block and nested", "<Tabs>\n  <TabItem value=\"a\" label=\"Linux\">\n    Text.\n  </TabItem>\n</Tabs>\n",
			"Tabs 1:1 block\n  TabItem 2:3 block value=\"a\" label=\"Linux\"\n"},
		{"several tags on a line", "<Tabs><TabItem value='x'>\n\nA\n\n</TabItem></Tabs>\n",
			"Tabs 1:1 block\n  TabItem 1:7 block value=\"x\"\n"},
		{"inline", "Press <Kbd>Ctrl</Kbd> and <Icon icon=\"check\" /> done.\n",
			"Kbd 1:7 inline\nIcon 1:27 inline icon=\"check\" /\n"},
		{"expression attributes with braces, quotes and tags", "<Card title={\"a } b\"} meta={{x: '}', y: `}`}} render={() => <b>{\"}\"}</b>} />\n",
			"Card 1:1 block title={\"a } b\"} meta={{x: '}', y: `}`}} render={() => <b>{\"}\"}</b>} /\n"},
		{"a tag over several lines", "<Card\n  title=\"Start\"\n  href=\"/start\"\n>\n  Go.\n</Card>\n",
			"Card 1:1 block title=\"Start\" href=\"/start\"\n"},
		{"fragment and member names", "<>\n<Foo.Bar x />\n</>\n", " 1:1 block\n  Foo.Bar 2:1 block x=\"\" /\n"},
		{"tags in code are text", "```jsx\n<Tabs>\n```\n\nUse `<Note>` here.\n\n    <Note />\n", "Note 7:5 block /\n"},
		{"html elements are lenient", "<div>\n<Note>\nA <br> b\n</Note>\n\n<details>\n<summary>More</summary>\n\nText\n</details>\n",
			"div 1:1 block /\n  Note 2:1 block\n  details 6:1 block\n    summary 7:1 inline\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseMDX(context.Background(), []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := tree(m); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestParseMDXCommentsAndESM(t *testing.T) {
	src := "import Tabs from '@theme/Tabs';\nimport shot from './shot.png';\n\n{/* a comment */}\n\nText {/* inline */} and {props.x}.\n\nexport const x = 1;\n"
	m, err := ParseMDX(context.Background(), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range m.Comments {
		got = append(got, src[r[0]:r[1]])
	}
	if strings.Join(got, "|") != "{/* a comment */}|{/* inline */}" {
		t.Errorf("comments %q", got)
	}
	got = nil
	for _, r := range m.ESM {
		got = append(got, src[r[0]:r[1]])
	}
	if len(got) != 2 || got[0] != "import Tabs from '@theme/Tabs';\nimport shot from './shot.png';\n" || got[1] != "export const x = 1;\n" {
		t.Errorf("ESM %q", got)
	}
}

func TestParseMDXErrorsNameTheElement(t *testing.T) {
	cases := []struct{ src, want string }{
		{"# T\n\n<Tabs>\n<TabItem value=\"a\">\nA\n</TabItem>\n", "3:1: <Tabs> is never closed: add </Tabs>"},
		{"<Tabs>\n  <TabItem>\n  A\n</Tabs>\n", "2:3: <TabItem> is not closed before </Tabs> at line 4, column 1"},
		{"Text\n\n</Note>\n", "3:1: </Note> closes nothing"},
		{"A <Badge>new and more.\n", "1:3: <Badge> is never closed"},
	}
	for _, c := range cases {
		_, err := ParseMDX(context.Background(), []byte(c.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%q: %v, want a SyntaxError", c.src, err)
		}
		if got := fmt.Sprintf("%d:%d: %s", se.Line, se.Col, se.Reason); !strings.HasPrefix(got, c.want) {
			t.Errorf("%q:\n got %s\nwant %s…", c.src, got, c.want)
		}
	}
}

// hostileMDX are pages of n lines that made the MDX scans read far past their ends: refused says whether
// the scans' budget (8 times the page's length) refuses the page; the others are read in one pass.
func hostileMDX(n int) map[string]struct {
	src     string
	refused bool
} {
	return map[string]struct {
		src     string
		refused bool
	}{
		"unclosed expressions": {strings.Repeat("<A b={\n", n), true},
		"unclosed braces":      {strings.Repeat("a { b\n", n), true},
		"unclosed quotes":      {strings.Repeat("<A b=\"\n", n), false},
		"unclosed comments":    {strings.Repeat("<!-- a\n", n), false},
		"long attribute":       {"<Fragment set:html={\"" + strings.Repeat("<pre class=\\\"x\\\">a</pre>", n*2/3) + "\"} />\n", false},
	}
}

// Unclosed `<A {` and `{` read to the end of the page from each of them; the scans' budget refuses such a
// page, so its cost stays linear in its length (BenchmarkParseMDXHostile times each at two sizes).
func TestParseMDXHostileIsLinear(t *testing.T) {
	for name, c := range hostileMDX(30000) {
		_, err := ParseMDX(context.Background(), []byte(c.src))
		var ce *ComplexityError
		refused := errors.As(err, &ce) && strings.Contains(ce.Reason, "times the page's length")
		if refused != c.refused || err != nil && !refused {
			t.Errorf("%s: %v; want refused by the scans' budget: %v", name, err, c.refused)
		}
	}
}
