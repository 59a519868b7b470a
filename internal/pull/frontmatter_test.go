package pull

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	toml "github.com/pelletier/go-toml/v2"
)

const tomlFile = `+++
# Hugo front matter
title = "Refunds"  # shown in the menu
description = 'What we refund.'
weight = 20
tags = ["billing", "money"]
keywords = [
  "refund",
  "return",
]

[params]
  author = "Ann"
+++

Body with [a link](../account/close.md).
`

const jsonFile = `{
  "title": "Refunds",
  "description": "What we refund.",
  "weight": 20,
  "tags": ["billing", "money"],
  "keywords": [
    "refund",
    "return"
  ],
  "params": {"author": "Ann"}
}

Body with [a link](../account/close.md).
`

// TestMergeTOMLAndJSONInPlace: kb pull --conflicts changes a TOML or JSON frontmatter the way it changes a
// YAML one: the changed value is rewritten where it stands, in the format's syntax, a missing field is added
// at the end, and every other byte (comments, order, quoting, foreign fields, the body) stays.
func TestMergeTOMLAndJSONInPlace(t *testing.T) {
	ix := inventory.NewIndex(remote())
	tricky := `Say "hi" \ Grüße ✓ <b>`
	cases := []struct {
		name    string
		file    string
		fields  []string
		ra      kb.Article
		removed []string // the lines of file that change …
		added   []string // … and what takes their place
	}{
		{"toml title", tomlFile, []string{plan.FieldTitle}, kb.Article{Title: "Refunds and returns"},
			[]string{`title = "Refunds"  # shown in the menu`}, []string{`title = "Refunds and returns"  # shown in the menu`}},
		{"toml summary in description, literal string", tomlFile, []string{plan.FieldSummary}, kb.Article{Summary: "We refund within 30 days."},
			[]string{`description = 'What we refund.'`}, []string{`description = 'We refund within 30 days.'`}},
		{"toml added field before the first table", tomlFile, []string{plan.FieldStatus}, kb.Article{Status: "published"},
			nil, []string{`status = "published"`}},
		{"toml tags", tomlFile, []string{plan.FieldTags}, kb.Article{TagIDs: []string{"t1", "t2"}},
			[]string{`tags = ["billing", "money"]`}, []string{`tags = ["Payment Methods", "vip"]`}},
		{"toml keywords over lines", tomlFile, []string{plan.FieldKeywords}, kb.Article{Keywords: []string{"money back", `say "no"`}},
			[]string{`  "refund",`, `  "return",`}, []string{`  "money back",`, `  "say \"no\"",`}},
		{"toml quotes backslash unicode newline", tomlFile, []string{plan.FieldTitle, plan.FieldSummary},
			kb.Article{Title: tricky, Summary: "Line one.\nIt's \"two\" \\ ✓."},
			[]string{`title = "Refunds"  # shown in the menu`, `description = 'What we refund.'`},
			[]string{`title = "Say \"hi\" \\ Grüße ✓ <b>"  # shown in the menu`, `description = "Line one.\nIt's \"two\" \\ ✓."`}},
		{"toml fenced with ---toml", strings.Replace(strings.Replace(tomlFile, "+++", "---toml", 1), "+++", "---", 1),
			[]string{plan.FieldTitle}, kb.Article{Title: "Refunds and returns"},
			[]string{`title = "Refunds"  # shown in the menu`}, []string{`title = "Refunds and returns"  # shown in the menu`}},

		{"json title", jsonFile, []string{plan.FieldTitle}, kb.Article{Title: "Refunds and returns"},
			[]string{`  "title": "Refunds",`}, []string{`  "title": "Refunds and returns",`}},
		{"json summary in description", jsonFile, []string{plan.FieldSummary}, kb.Article{Summary: "We refund within 30 days."},
			[]string{`  "description": "What we refund.",`}, []string{`  "description": "We refund within 30 days.",`}},
		{"json added field at the end", jsonFile, []string{plan.FieldStatus}, kb.Article{Status: "published"},
			[]string{`  "params": {"author": "Ann"}`}, []string{`  "params": {"author": "Ann"},`, `  "status": "published"`}},
		{"json tags", jsonFile, []string{plan.FieldTags}, kb.Article{TagIDs: []string{"t1", "t2"}},
			[]string{`  "tags": ["billing", "money"],`}, []string{`  "tags": ["Payment Methods", "vip"],`}},
		{"json keywords over lines", jsonFile, []string{plan.FieldKeywords}, kb.Article{Keywords: []string{"money back", "returns", "more"}},
			[]string{`    "refund",`, `    "return"`}, []string{`    "money back",`, `    "returns",`, `    "more"`}},
		{"json quotes backslash unicode newline", jsonFile, []string{plan.FieldTitle, plan.FieldSummary},
			kb.Article{Title: tricky, Summary: "Line one.\nIt's \"two\" \\ ✓."},
			[]string{`  "title": "Refunds",`, `  "description": "What we refund.",`},
			[]string{`  "title": "Say \"hi\" \\ Grüße ✓ <b>",`, `  "description": "Line one.\nIt's \"two\" \\ ✓.",`}},
		{"json fenced with ;;;", ";;;\n" + strings.Replace(jsonFile, "}\n\n", "}\n;;;\n\n", 1),
			[]string{plan.FieldTitle}, kb.Article{Title: "Refunds and returns"},
			[]string{`  "title": "Refunds",`}, []string{`  "title": "Refunds and returns",`}},
		{"json fenced with ---json, added field", "---json\n" + strings.Replace(jsonFile, "}\n\n", "}\n---\n\n", 1),
			[]string{plan.FieldSummary}, kb.Article{Summary: "New."},
			[]string{`  "description": "What we refund.",`}, []string{`  "description": "New.",`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pg := &docs.Page{Path: "billing/refunds.md", Slug: "refunds", Title: "Refunds", Summary: "What we refund.",
				Sources: map[string]string{"title": "frontmatter", "summary": "description"}}
			ra := c.ra
			got := string(Merge(Local{File: []byte(c.file), Page: pg}, &ra, ix, c.fields))
			removed, added := lineDiff(c.file, got)
			if !reflect.DeepEqual(removed, c.removed) || !reflect.DeepEqual(added, c.added) {
				t.Fatalf("changed lines:\n-%q\n+%q\nwant:\n-%q\n+%q\nfile:\n%s", removed, added, c.removed, c.added, got)
			}
			// The exact bytes: the file with those lines replaced, nothing else.
			if want := replaceLines(c.file, c.removed, c.added); got != want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, want)
			}
			// Read back as kb sync reads it, the file gives the Atender values.
			back := readBack(t, got)
			for _, f := range c.fields {
				switch f {
				case plan.FieldTitle:
					if back.Title != ra.Title {
						t.Errorf("title read back: %q, want %q", back.Title, ra.Title)
					}
				case plan.FieldSummary:
					if back.Summary != ra.Summary {
						t.Errorf("summary read back: %q, want %q", back.Summary, ra.Summary)
					}
				case plan.FieldStatus:
					if back.Status != ra.Status {
						t.Errorf("status read back: %q", back.Status)
					}
				case plan.FieldTags:
					if want := []string{"Payment Methods", "vip"}; !reflect.DeepEqual(back.Tags, want) {
						t.Errorf("tags read back: %q", back.Tags)
					}
				case plan.FieldKeywords:
					if !reflect.DeepEqual(back.Keywords, ra.Keywords) {
						t.Errorf("keywords read back: %q, want %q", back.Keywords, ra.Keywords)
					}
				}
			}
		})
	}
}

// TestMergeJSONAndTOMLEdges: one-line objects, a key added to an empty frontmatter, a subcategory removed,
// a list kept as a comma-separated string, CRLF files.
func TestMergeJSONAndTOMLEdges(t *testing.T) {
	ix := inventory.NewIndex(remote())
	pg := &docs.Page{Path: "billing/refunds.md", Slug: "refunds", Title: "Refunds", Sources: map[string]string{"title": "frontmatter", "summary": "description"}}
	cases := []struct {
		name, file string
		fields     []string
		ra         kb.Article
		want       string
	}{
		{"json on one line", `{"title":"Refunds", "weight": 2}` + "\nBody.\n", []string{plan.FieldTitle, plan.FieldStatus},
			kb.Article{Title: "New", Status: "draft"}, `{"title":"New", "weight": 2, "status": "draft"}` + "\nBody.\n"},
		{"json one member, one line", `{"title": "Refunds"}` + "\nBody.\n", []string{plan.FieldStatus},
			kb.Article{Status: "draft"}, `{"title": "Refunds", "status": "draft"}` + "\nBody.\n"},
		{"json subcategory dropped", "{\n  \"subcategory\": \"cards\",\n  \"title\": \"Refunds\"\n}\nBody.\n", []string{plan.FieldSubcategory},
			kb.Article{}, "{\n  \"title\": \"Refunds\"\n}\nBody.\n"},
		{"json last member dropped", "{\n  \"title\": \"Refunds\",\n  \"subcategory\": \"cards\"\n}\nBody.\n", []string{plan.FieldSubcategory},
			kb.Article{}, "{\n  \"title\": \"Refunds\"\n}\nBody.\n"},
		{"json tags in a string", "{\n  \"tags\": \"a, b\"\n}\nBody.\n", []string{plan.FieldTags},
			kb.Article{TagIDs: []string{"t1"}}, "{\n  \"tags\": \"Payment Methods\"\n}\nBody.\n"},
		{"toml empty", "+++\n+++\nBody.\n", []string{plan.FieldTitle}, kb.Article{Title: "New"}, "+++\ntitle = \"New\"\n+++\nBody.\n"},
		{"toml subcategory dropped", "+++\nsubcategory = \"cards\"\ntitle = \"Refunds\"\n+++\nBody.\n", []string{plan.FieldSubcategory},
			kb.Article{}, "+++\ntitle = \"Refunds\"\n+++\nBody.\n"},
		{"toml multi-line string replaced", "+++\ndescription = \"\"\"\nOld\ntext\"\"\"\nweight = 1\n+++\nBody.\n", []string{plan.FieldSummary},
			kb.Article{Summary: "New"}, "+++\ndescription = \"New\"\nweight = 1\n+++\nBody.\n"},
		{"toml hash inside the string", "+++\ntitle = \"C# # tips\" # note\n+++\nBody.\n", []string{plan.FieldTitle},
			kb.Article{Title: "F# tips"}, "+++\ntitle = \"F# tips\" # note\n+++\nBody.\n"},
		{"toml quoted key, no table", "+++\n\"title\" = 'Refunds'\n[extra]\nx = 1\n+++\nBody.\n", []string{plan.FieldTitle, plan.FieldStatus},
			kb.Article{Title: "It's new", Status: "draft"}, "+++\n\"title\" = \"It's new\"\nstatus = \"draft\"\n[extra]\nx = 1\n+++\nBody.\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ra := c.ra
			if got := string(Merge(Local{File: []byte(c.file), Page: pg}, &ra, ix, c.fields)); got != c.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, c.want)
			}
		})
	}
}

// readBack loads a one-file tree holding content as billing/refunds.md, as kb sync would.
func readBack(t *testing.T, content string) *docs.Page {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"billing", "account"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "account", "close.md"), []byte("# Close\n\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "billing", "refunds.md"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, err := docs.Load(dir, docs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range tree.Pages {
		if pg.Path == "billing/refunds.md" {
			return pg
		}
	}
	t.Fatalf("the merged file was not read back: %v", tree.Diagnostics)
	return nil
}

// lineDiff lists the lines of a that are not in b and those of b not in a, in order (longest common
// subsequence of lines).
func lineDiff(a, b string) (removed, added []string) {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	n := make([][]int, len(x)+1)
	for i := range n {
		n[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				n[i][j] = n[i+1][j+1] + 1
			} else {
				n[i][j] = max(n[i+1][j], n[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || n[i][j+1] >= n[i+1][j]):
			added, j = append(added, y[j]), j+1
		default:
			removed, i = append(removed, x[i]), i+1
		}
	}
	return removed, added
}

// replaceLines puts added where the removed lines stood (after the line before the first of them when
// nothing is removed, which is where a new field goes: after the last top-level field).
func replaceLines(file string, removed, added []string) string {
	lines := strings.Split(file, "\n")
	if len(removed) == 0 {
		// The new field follows the last top-level one: the line before the first blank line, [table] or
		// closing brace after the opening fence.
		at := 1
		for at < len(lines) && strings.TrimSpace(lines[at]) != "" && !strings.HasPrefix(lines[at], "[") && lines[at] != "}" {
			at++
		}
		return strings.Join(append(append(append([]string{}, lines[:at]...), added...), lines[at:]...), "\n")
	}
	var out []string
	for i := 0; i < len(lines); i++ {
		if lines[i] == removed[0] {
			out = append(append(out, added...), lines[i+len(removed):]...)
			return strings.Join(out, "\n")
		}
		out = append(out, lines[i])
	}
	return file
}

// A file written with a byte order mark and CRLF line endings keeps both: only the changed line differs.
func TestMergeKeepsBOMAndCRLF(t *testing.T) {
	ix := inventory.NewIndex(remote())
	pg := &docs.Page{Path: "billing/refunds.md", Slug: "refunds", Title: "Refunds", Sources: map[string]string{"title": "frontmatter"}}
	for _, file := range []string{
		"\ufeff+++\r\ntitle = \"Refunds\"\r\nweight = 1\r\n+++\r\nBody.\r\n",
		"\ufeff{\r\n  \"title\": \"Refunds\",\r\n  \"weight\": 1\r\n}\r\nBody.\r\n",
		"\ufeff---\r\ntitle: Refunds\r\nweight: 1\r\n---\r\nBody.\r\n",
	} {
		ra := kb.Article{Title: "New"}
		got := string(Merge(Local{File: []byte(file), Page: pg}, &ra, ix, []string{plan.FieldTitle}))
		want := strings.NewReplacer(`"Refunds"`, `"New"`, ": Refunds", ": New").Replace(file)
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

// Every string comes back from its TOML and JSON encoding as it was, in every style tomlValue picks.
func TestEncodedValuesParseBack(t *testing.T) {
	for _, s := range []string{"", "plain", `a "quoted" \ back\slash`, "tab\there", "line\nbreak\r\n", "bell\a esc\x1b del\x7f",
		"It's", "'''", `"""`, "ü ✓ 😀 \u2028", "# not a comment", "C:\\path\\"} {
		for _, old := range []string{"", "'old'", `"old"`} {
			var m map[string]string
			if err := toml.Unmarshal([]byte("k = "+tomlValue(s, old)), &m); err != nil || m["k"] != s {
				t.Errorf("TOML %q (old %s): %q, %v", s, old, m["k"], err)
			}
		}
		var back string
		if err := json.Unmarshal([]byte(jsonString(s)), &back); err != nil || back != s {
			t.Errorf("JSON %q: %q, %v", s, back, err)
		}
	}
	var m map[string][]string
	list := []string{`a"b`, `c\d`, "e\nf"}
	for _, old := range []string{"", "[\n  \"x\",\n]", "[\"x\"]"} {
		if err := toml.Unmarshal([]byte("k = "+tomlValue(list, old)), &m); err != nil || !reflect.DeepEqual(m["k"], list) {
			t.Errorf("TOML list (old %q): %q, %v", old, m["k"], err)
		}
	}
}
