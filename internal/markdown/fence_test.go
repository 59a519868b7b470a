package markdown

import (
	"context"
	"strings"
	"testing"
)

// Each line of the text, then what Fence says of it (c: code-fence text, t: text); Line and LineBytes agree.
func TestFenceFollowsCommonMark(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"backticks", "a\n```go\nx\n```\nb", "tccct"},
		{"a four-backtick fence shows a ``` line", "````md\n```\n:::note\n```\n````\nafter", "ccccct"},
		{"tildes close only on tildes", "~~~\n```\n~~~\nafter", "ccct"},
		{"a longer closing run closes", "```\nx\n`````\nafter", "ccct"},
		{"text after the closing run: still code", "```\nx\n``` not yet\n```\nafter", "cccct"},
		{"a backtick info string with a backtick is no fence", "```a`b```\ntext", "tt"},
		{"tilde info strings may hold backticks", "~~~ `x`\ny\n~~~\nz", "ccct"},
		{"two backticks are no fence", "``\ntext", "tt"},
		{"indented in a list item", "- item\n\n    ```\n    :::tip\n    ```\nafter", "ttccct"},
		{"a closing fence indented four past the opening one is code", "```\n    ```\n```\nafter", "ccct"},
		{"a tab is four columns", "```\n\t```\n```\nafter", "ccct"},
		{"an unclosed fence runs to the end", "```\na\nb", "ccc"},
		{"line endings", "```\r\nx\r\n```\r\ny\r\n", "ccct"},
	} {
		var s, b Fence
		var got strings.Builder
		for _, l := range strings.SplitAfter(tc.src, "\n") {
			if l == "" {
				continue
			}
			in := s.Line(l)
			if b.LineBytes([]byte(l)) != in {
				t.Fatalf("%s: Line and LineBytes differ on %q", tc.name, l)
			}
			if in {
				got.WriteByte('c')
			} else {
				got.WriteByte('t')
			}
		}
		if got.String() != tc.want {
			t.Errorf("%s: %q → %s, want %s", tc.name, tc.src, got.String(), tc.want)
		}
		if s.Open() != strings.HasSuffix(tc.name, "to the end") {
			t.Errorf("%s: Open() = %v at the end", tc.name, s.Open())
		}
	}
}

// A four-backtick fence that shows a ``` line is code to its own end, in every converter that skips code:
// what looks like a construct inside it stays as written, and the one after it is converted.
func TestFourBacktickFenceIsCodeInEveryConverter(t *testing.T) {
	ctx := context.Background()
	fenced := func(inner string) string { return "````md\n```\n" + inner + "\n```\n" + inner + "\n````\n\n" }
	for _, tc := range []struct {
		name, construct, after string
		convert                func([]byte) []byte
		want                   string
	}{
		{"docusaurus admonitions", ":::note\nx\n:::", ":::tip\ny\n:::", func(b []byte) []byte { out, _, _ := ConvertAdmonitions(ctx, b); return out }, "> **Tip:**\n> y\n"},
		{"mkdocs admonitions", "!!! note\n    x", "!!! tip\n    y", func(b []byte) []byte { out, _, _ := convertMkDocs(ctx, b); return out }, "> **Tip:**\n> y\n"},
		{"mkdocs tabs", "=== \"A\"\n    x", "=== \"B\"\n    y", func(b []byte) []byte { out, _, _ := convertTabs(ctx, b); return out }, "**B**\ny\n"},
		{"heading attributes", "## H {#h}", "## After {#after}", ConvertHeadingAttrs, "## After\n"},
		{"code groups", "::: code-group\n```sh [npm]\nnpm i\n```\n:::", "::: code-group\n\n```sh [pnpm]\npnpm i\n```\n:::", convertCodeGroups, "**pnpm**\n```sh\npnpm i\n```\n"},
	} {
		code := fenced(tc.construct)
		got := string(tc.convert([]byte(code + tc.after + "\n")))
		if !strings.HasPrefix(got, code) {
			t.Errorf("%s: the fenced text changed:\n%s", tc.name, got)
		}
		if !strings.Contains(got[len(code):], tc.want) {
			t.Errorf("%s: the construct after the fence was not converted:\n%s", tc.name, got)
		}
	}
}

// The complexity check counts no emphasis in code, also behind a four-backtick fence that shows a ``` line.
func TestCheckComplexityIgnoresAFourBacktickFence(t *testing.T) {
	body := strings.Repeat("*a* ", MaxEmphasisRuns+1)
	src := "````md\n```\n" + body + "\n````\n"
	if err := CheckComplexity([]byte(src)); err != nil {
		t.Fatalf("code counted as emphasis: %v", err)
	}
	if err := CheckComplexity([]byte("text\n\n" + body + "\n")); err == nil {
		t.Fatal("the same runs outside code must be refused")
	}
}
