package docs

import (
	"context"
	"strings"
	"testing"
)

// FuzzFrontmatter: any file content either yields fields and a body offset inside the file, or diagnostics
// with lines inside the file; never a panic.
func FuzzFrontmatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nBody\n", "---\ntitle: [\n---\n", "---\n", "+++\ntitle = 1\n+++\nx", ";;;\n{\"a\":1}\n;;;\n",
		"{\n\"title\": \"x\"\n}\n\nbody", "---\n- a\n---\n", "---\na: &x 1\nb: *x\n---\n", "\n\n---\ntags: {a: 1}\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		var ds diags
		fm, ok := splitFrontmatter("f.md", content, &ds)
		lines := strings.Count(string(content), "\n") + 1
		for _, d := range ds {
			if d.Line < 1 || d.Line > lines+1 {
				t.Fatalf("diagnostic line %d outside a %d-line file: %s", d.Line, lines, d)
			}
		}
		if ok && (fm.bodyOffset < 0 || fm.bodyOffset > len(content) || fm.bodyLine < 1) {
			t.Fatalf("body offset %d / line %d out of range", fm.bodyOffset, fm.bodyLine)
		}
	})
}

// FuzzLinkRewriting: every destination found is located exactly, and rewriting all of them leaves the rest
// of the text alone.
func FuzzLinkRewriting(f *testing.F) {
	for _, s := range []string{
		"[a](b.md)", "![i](img/x.png)", "[a](<b c.md>)", "[x]: y.md\n\n[z][x]", "# T\n\n[a](b.md#f) [c](d.md)",
		"[a](b.md 'title')", "`[a](b.md)`", "[a\\](b.md)", "[](x)", "[a](b.md)[a](b.md)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d, _ := analyze(context.Background(), []byte(src))
		replace := map[int]string{}
		for i, r := range d.Refs {
			if r.Start >= 0 {
				if src[r.Start:r.End] != r.Dest {
					t.Fatalf("ref %d located at %d:%d = %q, want %q", i, r.Start, r.End, src[r.Start:r.End], r.Dest)
				}
				replace[i] = "REWRITTEN"
			}
		}
		out := d.Render(replace, false)
		if len(replace) == 0 && out != strings.Trim(src, "\n")+"\n" {
			t.Fatalf("rendering without edits changed the text: %q -> %q", src, out)
		}
	})
}
