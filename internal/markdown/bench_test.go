package markdown

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkConvertAdmonitionsHostile: the conversion of the inputs that were quadratic (F7) stays linear and
// small; each is under the default max-file-size of 1 MiB. The realistic case is for comparison.
func BenchmarkConvertAdmonitionsHostile(b *testing.B) {
	inputs := map[string]string{
		"unclosed-120k":      strings.Repeat(":::tip\n", 120000),
		"open100-then-lines": strings.Repeat(":::tip\n", MaxNesting) + strings.Repeat("a\n", 450000),
		"mkdocs-blank-500k":  "!!! note\n    a\n" + strings.Repeat("\n", 500000) + "    b\n",
		"realistic-1MiB":     strings.Repeat("Intro text of a paragraph.\n\n:::tip Title\nSome advice, on a line.\n\n```sh\nrun it\n```\n:::\n\n", 1<<20/90),
	}
	for name, src := range inputs {
		b.Run(name, func(b *testing.B) {
			in := []byte(src)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ConvertAdmonitions(context.Background(), in)
			}
		})
	}
}

// mdxPage is an .mdx page of about 1.5 KB as Docusaurus and Mintlify write them: imports, a comment,
// tabs with indented code, an admonition component, cards with expression attributes.
func mdxPage(i int) []byte {
	return []byte(fmt.Sprintf("import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"+
		"{/* page %d */}\n\n# Page %d\n\nThe first paragraph explains what page %d is about, with a [link](./other-%d.mdx).\n\n"+
		"<Tabs>\n  <TabItem value=\"npm\" label=\"npm\">\n    ```sh\n    npm install pkg-%d\n    ```\n  </TabItem>\n"+
		"  <TabItem value=\"yarn\" label=\"Yarn\">\n    ```sh\n    yarn add pkg-%d\n    ```\n  </TabItem>\n</Tabs>\n\n"+
		"<Note>\n  Keep the key **secret**; see <Icon icon=\"lock\" /> the guide.\n</Note>\n\n"+
		"<CardGroup cols={2}>\n  <Card title=\"Start\" href=\"/start\" meta={{a: '}', b: `x`}}>\n    Begin here.\n  </Card>\n"+
		"  <Card title=\"API\" href=\"/api\">\n    Reference.\n  </Card>\n</CardGroup>\n\n## Details\n\n"+
		"Some text with `code <Tabs>` and *emphasis* in a longer sentence that goes on for a while.\n\n"+
		"- one\n- two\n- three\n", i, i, i, i+1, i, i))
}

// BenchmarkParseMDX10k reads the structure of 10,000 .mdx pages; BenchmarkAnalyze10kMDX is what validate
// parses of the same pages today, for comparison (the conversion's bound is 1.3× validate).
func BenchmarkParseMDX10k(b *testing.B) {
	pages := make([][]byte, 10000)
	for i := range pages {
		pages[i] = mdxPage(i)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, p := range pages {
			if _, err := ParseMDX(context.Background(), p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkAnalyze10kMDX(b *testing.B) {
	pages := make([][]byte, 10000)
	for i := range pages {
		pages[i] = mdxPage(i)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, p := range pages {
			Analyze(p)
		}
	}
}

// BenchmarkProcess10kMDX is the whole pipeline on the same pages: structure, conversion, analysis.
func BenchmarkProcess10kMDX(b *testing.B) {
	pages := make([][]byte, 10000)
	for i := range pages {
		pages[i] = mdxPage(i)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, p := range pages {
			if _, err := Process(context.Background(), p, Options{MDX: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkHostileInputs times the hostile pages the tests refuse or read, at two sizes each: linear costs
// grow four times with four times the input. Timed tests held each under a second (24 emphasis refusals
// under two); here the numbers are printed instead, as speed targets are.
func BenchmarkHostileInputs(b *testing.B) {
	for _, n := range []int{30000, 120000} {
		for name, c := range hostileMDX(n) {
			b.Run(fmt.Sprintf("ParseMDX/%s/%d-lines", name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					ParseMDX(context.Background(), []byte(c.src))
				}
			})
		}
		emphasis := []byte(strings.Repeat("*a_", 5*n))
		b.Run(fmt.Sprintf("CheckComplexity/emphasis/%d-runs", 5*n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				CheckComplexity(emphasis)
			}
		})
	}
	pages := hostileProcessMDX()
	pages["expressions"] = struct{ src, want string }{manyExpressions, ""}
	pages["attribute-lists"] = struct{ src, want string }{strings.Repeat("[a](b){.c}", 50000), ""}
	pages["html-tags-one-line"] = struct{ src, want string }{strings.Repeat("<b>x</b> ", 30000) + "<A />", ""}
	for name, c := range pages {
		b.Run("Process/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Process(context.Background(), []byte(c.src), Options{MDX: true})
			}
		})
	}
}
