package pull

import (
	"fmt"
	"regexp"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// tomlEditor edits TOML frontmatter line by line: a top-level key's value is replaced where it stands
// (a comment after it on its line kept), a missing key is added after the last top-level key, before any
// [table].
type tomlEditor struct{ lines []string }

// tomlKeyLine is a key the editor can change: bare or quoted, not dotted.
var tomlKeyLine = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*=\s*`)

// tomlEntry is one top-level key-value: lines[start:end], the value from column col of the first line.
type tomlEntry struct {
	key        string
	start, end int
	col        int
}

// entries lists the top-level key-values, and where the first [table] starts (len(lines) if none). The
// end of a value spanning lines (multi-line strings and arrays) is the first line that makes it parse.
func (e *tomlEditor) entries() (out []tomlEntry, tables int) {
	for i := 0; i < len(e.lines); {
		t := strings.TrimSpace(e.lines[i])
		if t == "" || strings.HasPrefix(t, "#") {
			i++
			continue
		}
		if strings.HasPrefix(t, "[") {
			return out, i
		}
		end := i + 1
		var m map[string]any
		for ; end <= len(e.lines); end++ {
			m = nil
			if toml.Unmarshal([]byte(strings.Join(e.lines[i:end], "\n")), &m) == nil {
				break
			}
		}
		if end > len(e.lines) { // cannot happen in a file docs read; leave the rest alone
			return out, len(e.lines)
		}
		if loc := tomlKeyLine.FindStringSubmatchIndex(e.lines[i]); loc != nil && len(m) == 1 {
			for k := range m {
				out = append(out, tomlEntry{key: k, start: i, end: end, col: loc[1]})
			}
		}
		i = end
	}
	return out, len(e.lines)
}

func (e *tomlEditor) find(key string) (tomlEntry, []tomlEntry, int) {
	es, tables := e.entries()
	for _, en := range es {
		if en.key == key {
			return en, es, tables
		}
	}
	return tomlEntry{start: -1}, es, tables
}

func (e *tomlEditor) set(key string, value any) {
	en, es, tables := e.find(key)
	if en.start < 0 {
		at := tables
		if len(es) > 0 {
			at = es[len(es)-1].end
		}
		line := key + " = " + tomlValue(value, "")
		e.lines = append(e.lines[:at:at], append([]string{line}, e.lines[at:]...)...)
		return
	}
	first := e.lines[en.start]
	if en.end == en.start+1 {
		// One line: keep the key as written and a comment after the value.
		val, comment := first[en.col:], ""
		for i := 0; i < len(first); i++ {
			if first[i] == '#' && i >= en.col {
				var m map[string]any
				if toml.Unmarshal([]byte(first[:i]), &m) == nil {
					val, comment = first[en.col:i], first[i:]
					break
				}
			}
		}
		trimmed := strings.TrimRight(val, " \t")
		e.lines[en.start] = first[:en.col] + tomlValue(value, trimmed) + val[len(trimmed):] + comment
		return
	}
	old := strings.Join(append([]string{first[en.col:]}, e.lines[en.start+1:en.end]...), "\n")
	repl := strings.Split(first[:en.col]+tomlValue(value, old), "\n")
	e.lines = append(e.lines[:en.start:en.start], append(repl, e.lines[en.end:]...)...)
}

func (e *tomlEditor) drop(key string) {
	if en, _, _ := e.find(key); en.start >= 0 {
		e.lines = append(e.lines[:en.start:en.start], e.lines[en.end:]...)
	}
}

func (e *tomlEditor) text() string {
	if len(e.lines) == 0 {
		return ""
	}
	return strings.Join(e.lines, "\n") + "\n"
}

// tomlValue encodes a string or a list of strings as TOML, in the style of old (the value it replaces, ""
// for a new key): a literal 'string' stays literal when the text allows it, a list kept in a string stays a
// comma-separated string, a list spanning lines keeps one item a line.
func tomlValue(v any, old string) string {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(old, "'") && !strings.HasPrefix(old, "'''") && !strings.ContainsAny(x, "'\x7f") &&
			strings.IndexFunc(x, func(r rune) bool { return r < 0x20 && r != '\t' }) < 0 {
			return "'" + x + "'"
		}
		return tomlString(x)
	case []string:
		if strings.HasPrefix(old, `"`) || strings.HasPrefix(old, "'") {
			return tomlValue(strings.Join(x, ", "), old)
		}
		items := make([]string, len(x))
		for i, s := range x {
			items[i] = tomlString(s)
		}
		return listLayout(old, items)
	}
	return tomlString(fmt.Sprint(v))
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
