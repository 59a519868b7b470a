package docs

import (
	"path/filepath"
	"strings"
	"testing"
)

// A snippet line inside a four-backtick fence that shows a ``` line is code: it stays as written, and the
// snippet line after the fence is included.
func TestMkDocsSnippetInAFourBacktickFenceStaysCode(t *testing.T) {
	fenced := "````md\n```\n--8<-- \"part.md\"\n```\n--8<-- \"part.md\"\n````\n"
	root := writeTree(t, map[string]string{
		".git/HEAD":     "ref: refs/heads/main\n",
		"mkdocs.yml":    "site_name: x\n",
		"docs/part.md":  "included text\n",
		"docs/howto.md": "# How to\n\n" + fenced + "\n--8<-- \"part.md\"\n",
	})
	tr, err := Load(filepath.Join(root, "docs"), Options{DefaultCategory: "General"})
	if err != nil {
		t.Fatal(err)
	}
	p := page(t, tr, "howto.md")
	if !strings.Contains(p.Content, fenced) {
		t.Errorf("the fenced snippet lines changed:\n%s", p.Content)
	}
	if !strings.HasSuffix(p.Content, "````\n\nincluded text\n") {
		t.Errorf("the snippet after the fence was not included:\n%s", p.Content)
	}
}
