package pull

import (
	"bytes"
	"encoding/json"
	"strings"
)

// front is a file cut into its frontmatter and body: head (blank lines and the opening fence line), data
// (the frontmatter text between the fences, or the bare JSON object), tail (the closing fence line, or what
// follows the bare object on its line) and body. Put back together, the parts are the file.
type front struct {
	kind                   string // "yaml", "toml", "json", or "" for a file without frontmatter
	head, data, tail, body string
}

// editor changes top-level fields of one frontmatter format in its text, leaving every other byte alone.
type editor interface {
	set(key string, value any) // rewrite the value where it stands, or add the key at the end
	drop(key string)
	text() string
}

func (f front) editor() editor {
	switch f.kind {
	case "toml":
		return &tomlEditor{lines: dataLines(f.data)}
	case "json":
		return &jsonEditor{src: f.data}
	}
	return &yamlEditor{lines: dataLines(f.data)}
}

func dataLines(data string) []string {
	if data == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(data, "\n"), "\n")
}

// fenceOf maps an opening fence line to its format and closing line, as docs reads them.
var fenceOf = map[string][2]string{
	"---": {"yaml", "---"}, "---yaml": {"yaml", "---"},
	"+++": {"toml", "+++"}, "---toml": {"toml", "---"},
	";;;": {"json", ";;;"}, "---json": {"json", "---"},
}

// splitFront cuts a file (BOM dropped, CRLF read as LF, as docs reads it) into its parts; ok is false when
// its frontmatter is opened but not closed.
func splitFront(file []byte) (f front, ok bool) {
	s := strings.TrimPrefix(string(file), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	start := len(s) - len(strings.TrimLeft(s, "\n")) // the first non-blank line
	firstEnd := len(s)
	if i := strings.IndexByte(s[start:], '\n'); i >= 0 {
		firstEnd = start + i + 1
	}
	first := strings.TrimSpace(s[start:firstEnd])
	if fence, found := fenceOf[first]; found {
		for at := firstEnd; at < len(s); {
			end := len(s)
			if i := strings.IndexByte(s[at:], '\n'); i >= 0 {
				end = at + i + 1
			}
			if t := strings.TrimRight(strings.TrimSuffix(s[at:end], "\n"), " \t"); t == fence[1] || fence[0] == "yaml" && t == "..." {
				return front{kind: fence[0], head: s[:firstEnd], data: s[firstEnd:at], tail: s[at:end], body: s[end:]}, true
			}
			at = end
		}
		return front{}, false
	}
	if strings.HasPrefix(first, "{") && !strings.HasPrefix(first, "{{") {
		// A JSON object opening the file, ending on a line of its own (else the body starts with a brace).
		dec := json.NewDecoder(strings.NewReader(s[start:]))
		var raw json.RawMessage
		if dec.Decode(&raw) == nil && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			objEnd := start + int(dec.InputOffset())
			lineEnd := len(s)
			if i := strings.IndexByte(s[objEnd:], '\n'); i >= 0 {
				lineEnd = objEnd + i + 1
			}
			if strings.TrimSpace(s[objEnd:lineEnd]) == "" {
				return front{kind: "json", head: s[:start], data: s[start:objEnd], tail: s[objEnd:lineEnd], body: s[lineEnd:]}, true
			}
		}
	}
	return front{body: s}, true
}

// listLayout writes encoded items as a list laid out like old, the value it replaces: one item a line with
// old's indentation (and its trailing comma) when old spans lines, else on one line.
func listLayout(old string, items []string) string {
	if !strings.Contains(old, "\n") || len(items) == 0 {
		return "[" + strings.Join(items, ", ") + "]"
	}
	lines := strings.Split(old, "\n")
	indent, closeIndent := "  ", ""
	for _, l := range lines[1:] {
		if t := strings.TrimLeft(l, " \t"); t != "" && !strings.HasPrefix(t, "]") {
			indent = l[:len(l)-len(t)]
			break
		}
	}
	last := lines[len(lines)-1]
	closeIndent = last[:len(last)-len(strings.TrimLeft(last, " \t"))]
	trailing := strings.HasSuffix(strings.TrimRight(strings.TrimSuffix(strings.TrimSpace(old), "]"), " \t\n"), ",")
	var b strings.Builder
	b.WriteString("[\n")
	for i, it := range items {
		b.WriteString(indent + it)
		if i < len(items)-1 || trailing {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(closeIndent + "]")
	return b.String()
}
