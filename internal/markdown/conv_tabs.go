package markdown

import (
	"regexp"
	"strings"
)

// Tabs of Docusaurus and Starlight (<Tabs><TabItem label="Linux" value="linux">) and of Mintlify
// (<Tabs><Tab title="Linux">) become what MkDocs' `=== "Linux"` tabs become: each tab a section with its
// label in bold on the tab's line, its content unindented below it, code kept as code. Mintlify's
// <CodeGroup> of code blocks labels each block with its title (```bash npm → **npm** over ```bash).
func init() {
	RegisterElement(ElementConverter{Names: []string{"Tabs"}, Convert: dropTags})
	RegisterElement(ElementConverter{Names: []string{"TabItem", "Tab"}, Count: "tabs", Convert: convertTab})
	RegisterElement(ElementConverter{Names: []string{"CodeGroup"}, Convert: convertCodeGroup})
}

// dropTags removes an element's tags: a container whose items are converted.
func dropTags(x *Editor, e *Element) {
	x.ReplaceOpen(e, "")
	x.ReplaceClose(e, "")
}

func convertTab(x *Editor, e *Element) {
	label := ""
	for _, name := range []string{"label", "title", "value"} {
		if a, ok := e.Open.Attr(name); ok && !a.Expr && strings.TrimSpace(a.Value) != "" {
			label = "**" + strings.TrimSpace(a.Value) + "**"
			break
		}
	}
	if _, has := e.Open.Attr("label"); !has && e.Parent != nil && e.Parent.Name == "Tabs" {
		// Docusaurus' older form: <Tabs values={[{label: 'npm', value: 'npm'}]}> labels its items by value
		if l := tabLabels(e.Parent.Open)[strings.TrimSpace(e.Open.String("value"))]; l != "" {
			label = "**" + l + "**"
		}
	}
	x.Label(e, label)
	x.ReplaceClose(e, "")
}

// convertCodeGroup drops the group's tags and puts each code block's title (the words after its language)
// in bold on a line of its own above it.
func convertCodeGroup(x *Editor, e *Element) {
	dropTags(x, e)
	if e.Close == nil {
		return
	}
	var fence Fence
	first, last := x.lineOf(e.Open.End)+1, x.lineOf(e.Close.Start)-1
	for l := first; l <= last; l++ {
		line := x.line(l)
		if was := fence.Open(); !fence.Line(line) || was || !fence.Open() {
			continue // not a line that opens a block
		}
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		marks := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
		info := strings.TrimSpace(trimmed[marks:])
		lang, title, _ := strings.Cut(info, " ")
		title = codeTitle(title)
		if lang == "" || title == "" {
			continue
		}
		start := x.lines.lineStarts[l] + indent
		x.Replace(start, start, "**"+title+"**\n"+strings.Repeat(" ", max(0, indent-x.cut[l])))
		langEnd := start + marks + strings.Index(trimmed[marks:], lang) + len(lang)
		x.Replace(langEnd, x.lines.lineStarts[l]+len(line), "")
		x.Count("tabs")
	}
}

// codeTitle is the title of a code block from the words after its language: `npm`, `title="app.js"`,
// without line highlights (`{1,3}`).
func codeTitle(meta string) string {
	meta = strings.TrimSpace(meta)
	if i := strings.Index(meta, `title="`); i >= 0 {
		rest := meta[i+len(`title="`):]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			return strings.TrimSpace(rest[:j])
		}
	}
	var words []string
	for _, w := range strings.Fields(meta) {
		if strings.HasPrefix(w, "{") || strings.Contains(w, "=") {
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

var (
	tabObjectRe = regexp.MustCompile(`\{[^{}]*\}`)
	tabFieldRe  = regexp.MustCompile(`(label|value)\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `)`)
)

// tabLabels reads the labels of <Tabs values={[{label: 'npm', value: 'npm'}, …]}>, by value.
func tabLabels(t Tag) map[string]string {
	a, ok := t.Attr("values")
	if !ok || !a.Expr {
		return nil
	}
	labels := map[string]string{}
	for _, obj := range tabObjectRe.FindAllString(a.Value, -1) {
		var label, value string
		for _, f := range tabFieldRe.FindAllStringSubmatch(obj, -1) {
			if s, ok := jsString(f[2]); ok && f[1] == "label" {
				label = strings.TrimSpace(s)
			} else if ok {
				value = strings.TrimSpace(s)
			}
		}
		if label != "" && value != "" {
			labels[value] = label
		}
	}
	return labels
}
