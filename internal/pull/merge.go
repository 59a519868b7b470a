package pull

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
	yaml "go.yaml.in/yaml/v3"
)

// Local is a file of the docs tree, as it is and as kb sync reads it.
type Local struct {
	File         []byte            // the file's bytes
	Page         *docs.Page        // what kb sync makes of it
	Where        map[string]string // slug → file path of every page of the tree
	LinksBaseURL string
}

// Merge writes the Atender version of the given fields into a local file and changes nothing else: the
// frontmatter (YAML, TOML or JSON) keeps its order, comments, quoting and foreign fields (a changed key is
// rewritten where it stands, one the file lacks is added at the end), a title taken from the first heading
// is changed there, a summary taken from `description` is changed there, and the body is replaced only when
// the content differs, with links written the way the file writes them. A file whose frontmatter cannot be
// found is written whole, as kb pull writes a new file.
func Merge(l Local, ra *kb.Article, ix *inventory.Index, fields []string) []byte {
	f, ok := splitFront(l.File)
	if !ok {
		return Article(ra, ix)
	}
	fm, body, edited := f.editor(), f.body, false
	set := func(key string, v any) { fm.set(key, v); edited = true }
	pg := l.Page
	for _, fd := range fields {
		switch fd {
		case plan.FieldTitle:
			if pg.Sources["title"] == "heading" {
				if nb, done := retitle(body, pg.Title, ra.Title); done {
					body = nb
					continue
				}
			}
			set("title", ra.Title)
		case plan.FieldSummary:
			key := "summary"
			if pg.Sources["summary"] == "description" {
				key = "description"
			}
			set(key, ra.Summary)
		case plan.FieldContent:
			body = rebody(body, pg, restyle(ra.Content, l))
		case plan.FieldCategory:
			if c := ix.CatByID[ra.CategoryID]; c != nil {
				set("category", c.Slug)
			}
		case plan.FieldSubcategory:
			if s := ix.SubByID[ra.SubcategoryID]; s != nil {
				set("subcategory", s.Slug)
			} else {
				fm.drop("subcategory")
				edited = true
			}
		case plan.FieldTags:
			names := []string{}
			for _, id := range ra.TagIDs {
				if tg := ix.TagByID[id]; tg != nil {
					if slug.Make(tg.Name) == tg.Slug {
						names = append(names, tg.Name)
					} else {
						names = append(names, tg.Slug)
					}
				}
			}
			set("tags", names)
		case plan.FieldKeywords:
			set("keywords", append([]string{}, ra.Keywords...))
		case plan.FieldStatus:
			set("status", ra.Status)
		}
	}
	data := f.data
	if edited {
		data = fm.text()
	}
	if f.kind == "" && data != "" {
		f.head, f.tail = "---\n", "---\n"
	}
	return asWritten(l.File, f.head+data+f.tail+body)
}

// asWritten gives out the byte order mark and CRLF line endings of file when it has them (Merge works on
// the text as docs reads it: no mark, LF).
func asWritten(file []byte, out string) []byte {
	if n := bytes.Count(file, []byte("\r\n")); n > 0 && n == bytes.Count(file, []byte("\n")) {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	if bytes.HasPrefix(file, []byte("\ufeff")) {
		out = "\ufeff" + out
	}
	return []byte(out)
}

// yamlEditor edits YAML frontmatter line by line.
type yamlEditor struct{ lines []string }

func (e *yamlEditor) set(key string, value any) { e.lines = setKey(e.lines, key, value) }
func (e *yamlEditor) drop(key string)           { e.lines = dropKey(e.lines, key) }
func (e *yamlEditor) text() string {
	if len(e.lines) == 0 {
		return ""
	}
	return strings.Join(e.lines, "\n") + "\n"
}

var topKey = regexp.MustCompile(`^([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*:`)

// keyRange finds a top-level key: the line it starts on and the line after its value.
func keyRange(fm []string, key string) (start, end int) {
	for i, line := range fm {
		m := topKey.FindStringSubmatch(line)
		if m == nil || strings.Trim(m[1], `"'`) != key {
			continue
		}
		j := i + 1
		for j < len(fm) && (strings.HasPrefix(fm[j], " ") || strings.HasPrefix(fm[j], "\t") || strings.HasPrefix(fm[j], "-")) {
			j++
		}
		return i, j
	}
	return -1, -1
}

// setKey sets a top-level key where it stands (a list written [a, b] stays so), or adds it at the end.
func setKey(fm []string, key string, value any) []string {
	start, end := keyRange(fm, key)
	flow := false
	if start >= 0 {
		_, after, _ := strings.Cut(fm[start], ":")
		flow = strings.HasPrefix(strings.TrimSpace(after), "[")
	}
	lines := encodeKey(key, value, flow)
	if start < 0 {
		return append(fm, lines...)
	}
	out := append(append(append([]string{}, fm[:start]...), lines...), fm[end:]...)
	return out
}

func dropKey(fm []string, key string) []string {
	start, end := keyRange(fm, key)
	if start < 0 {
		return fm
	}
	return append(append([]string{}, fm[:start]...), fm[end:]...)
}

func encodeKey(key string, value any, flow bool) []string {
	var v yaml.Node
	if err := v.Encode(value); err != nil {
		return []string{key + ": " + strings.TrimSpace(strings.ReplaceAll(strings.TrimSpace(toString(value)), "\n", " "))}
	}
	if flow || v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		v.Style = yaml.FlowStyle
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: key}, &v}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	enc.Encode(doc)
	enc.Close()
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// retitle changes the first level-1 heading that reads old into new.
func retitle(body, old, new string) (string, bool) {
	lines := strings.Split(body, "\n")
	for i, line := range lines {
		if t, ok := strings.CutPrefix(strings.TrimLeft(line, " "), "# "); ok && strings.TrimSpace(t) == strings.TrimSpace(old) {
			lines[i] = "# " + new
			return strings.Join(lines, "\n"), true
		}
	}
	return body, false
}

// rebody replaces the text of a body with content, keeping what comes before the text: the blank lines
// after the frontmatter and, when the page's title is its first heading, that heading.
func rebody(body string, pg *docs.Page, content string) string {
	if pg.Sources["title"] == "heading" {
		n := 0
		for _, line := range strings.SplitAfter(body, "\n") {
			n += len(line)
			if strings.HasPrefix(strings.TrimLeft(line, " "), "# ") {
				head := strings.TrimRight(body[:n], "\n")
				return head + "\n\n" + content
			}
		}
	}
	keep := len(body) - len(strings.TrimLeft(body, "\n"))
	return body[:keep] + content
}

// restyle writes the links of remote content the way the local file writes them: a destination kb sync
// made from one of the file's own links becomes that link again; any other link to an article of the tree
// becomes its relative .md path.
func restyle(content string, l Local) string {
	doc := markdown.Analyze([]byte(content))
	if len(doc.Refs) == 0 {
		return ensureNewline(content)
	}
	own := map[string]string{} // destination kb sync sends → the file's own destination
	if l.Page != nil {
		f, _ := splitFront(l.File)
		raw, sent := markdown.Analyze([]byte(f.body)), markdown.Analyze([]byte(l.Page.Content))
		if len(raw.Refs) == len(sent.Refs) {
			for i := range raw.Refs {
				own[sent.Refs[i].Dest] = raw.Refs[i].Dest
			}
		}
	}
	from := ""
	if l.Page != nil {
		from = l.Page.Path
	}
	replace := map[int]string{}
	for i, r := range doc.Refs {
		if r.Start < 0 || r.SiteRoot {
			continue
		}
		if d, ok := own[r.Dest]; ok {
			replace[i] = d
			continue
		}
		if rel, ok := fileLink(r, from, l.Where, l.LinksBaseURL); ok {
			replace[i] = rel
		}
	}
	if len(replace) == 0 {
		return ensureNewline(content)
	}
	return doc.Render(replace, false)
}

func ensureNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}
