package markdown

import "testing"

// Heading attribute lists go; the heading's text, other lines and code stay as they are.
func TestConvertHeadingAttrs(t *testing.T) {
	src := "# Install {#install}\n\n## Beta { .badge #beta }\n\n### Kept {not attrs}\n\nText {#not-a-heading}\n\n```\n## In code {#x}\n```\n#### Material {: #m .c }\n"
	want := "# Install\n\n## Beta\n\n### Kept {not attrs}\n\nText {#not-a-heading}\n\n```\n## In code {#x}\n```\n#### Material\n"
	if got := string(ConvertHeadingAttrs([]byte(src))); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	// lines that are only an anchor (VitePress' markdown-it-attrs, mkdocs-autorefs) are left empty
	src = "Text.\n\n{#projects-config}\n\n[](){#pattern-constraint-note}\n\n```\n{#in-code}\n```\n{ kept }\n\n    {#indented-code}\n"
	want = "Text.\n\n\n\n\n\n```\n{#in-code}\n```\n{ kept }\n\n    {#indented-code}\n"
	if got := string(ConvertHeadingAttrs([]byte(src))); got != want {
		t.Fatalf("got:\n%q\nwant:\n%q", got, want)
	}
	if src := []byte("# Plain\n"); &ConvertHeadingAttrs(src)[0] != &src[0] {
		t.Fatal("a text without attribute lists is returned as is")
	}
}
