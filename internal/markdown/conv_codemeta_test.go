package markdown

import (
	"context"
	"reflect"
	"testing"
)

// Each generator's way of writing a code block's title gives its title; highlights and switches are no
// title.
func TestFenceMeta(t *testing.T) {
	for _, c := range []struct{ info, lang, title string }{
		{`js title="app.js" {1,3-4} showLineNumbers`, "js", "app.js"},
		{`json title='biome.json' ins={3-5}`, "json", "biome.json"},
		{`ts [app.ts]`, "ts", "app.ts"},
		{`go {file="main.go" linenos=true}`, "go", "main.go"},
		{`bash Export to CLI`, "bash", "Export to CLI"},
		{`jsx live noInline`, "jsx", ""},
		{`shell showLineNumbers=false`, "shell", ""},
		{`python hl_lines="2 3" linenums="1"`, "python", ""},
		{`ts:line-numbers {1}`, "ts", ""},
		{`title="no-lang.txt"`, "", "no-lang.txt"},
	} {
		lang, title, changed := fenceMeta(c.info)
		if lang != c.lang || title != c.title || !changed {
			t.Errorf("fenceMeta(%q) = %q, %q, %v; want %q, %q, true", c.info, lang, title, changed, c.lang, c.title)
		}
	}
	if _, _, changed := fenceMeta("python"); changed {
		t.Error("a fence with a language only has no meta to remove")
	}
}

// A title put on a line of its own adds lines: every line of the result still names the line of the file
// it comes from, so that a diagnostic below the code names the file's own line.
func TestCodeMetaKeepsTheFilesLines(t *testing.T) {
	src := "Text:\n```js title=\"a.js\"\nx\n```\n\n[broken](nowhere.md)\n"
	r, err := Process(context.Background(), []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Text:\n\n**a.js**\n```js\nx\n```\n\n[broken](nowhere.md)\n"; string(r.Body) != want {
		t.Fatalf("body %q, want %q", r.Body, want)
	}
	if want := []int{1, 2, 2, 2, 3, 4, 5, 6}; !reflect.DeepEqual(r.LineMap, want) {
		t.Errorf("line map %v, want %v", r.LineMap, want)
	}
	if r.Converted["code titles"] != 1 {
		t.Errorf("converted %v, want 1 code title", r.Converted)
	}
	if ref := r.Doc.Refs[0]; ref.Line != 8 || r.LineMap[ref.Line-1] != 6 {
		t.Errorf("the link is on line %d of the body, from line %d of the file; want 8, from 6", ref.Line, r.LineMap[ref.Line-1])
	}
}
