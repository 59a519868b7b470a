package pull

import (
	"bytes"
	"encoding/json"
	"strings"
)

// jsonEditor edits a JSON frontmatter object in its text: a top-level value is replaced where it stands, a
// missing key is added after the last one, with the object's own indentation and spacing.
type jsonEditor struct{ src string }

// jsonEntry is a top-level member: the key's opening quote at key, the value at src[val:end].
type jsonEntry struct {
	name          string
	key, val, end int
}

// members lists the object's top-level members and where its closing brace is (-1 when src is not an
// object, which docs would have refused).
func (e *jsonEditor) members() (out []jsonEntry, closing int) {
	dec := json.NewDecoder(strings.NewReader(e.src))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, -1
	}
	for dec.More() {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		name, ok := tok.(string)
		if err != nil || !ok {
			return nil, -1
		}
		afterKey := int(dec.InputOffset())
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return nil, -1
		}
		end := int(dec.InputOffset())
		key := off + strings.IndexByte(e.src[off:], '"')
		colon := afterKey + strings.IndexByte(e.src[afterKey:], ':')
		val := colon + 1 + len(e.src[colon+1:]) - len(strings.TrimLeft(e.src[colon+1:], " \t\r\n"))
		out = append(out, jsonEntry{name: name, key: key, val: val, end: end})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, -1
	}
	return out, int(dec.InputOffset()) - 1
}

func (e *jsonEditor) set(key string, value any) {
	ms, closing := e.members()
	if closing < 0 {
		return
	}
	for _, m := range ms {
		if m.name == key {
			e.src = e.src[:m.val] + jsonValue(value, e.src[m.val:m.end]) + e.src[m.end:]
			return
		}
	}
	if len(ms) == 0 {
		inner := e.src[1:closing]
		member := jsonString(key) + ": " + jsonValue(value, "")
		if strings.Contains(inner, "\n") || strings.TrimSpace(inner) == "" && strings.Contains(e.src, "\n") {
			e.src = "{\n  " + member + "\n}" + e.src[closing+1:]
		} else {
			e.src = "{" + member + "}" + e.src[closing+1:]
		}
		return
	}
	last := ms[len(ms)-1]
	// The new member copies the last one's separator before its key (", " or ",\n  ") and after it (": ").
	sep := ", "
	if i := strings.LastIndexByte(e.src[:last.key], '\n'); i >= 0 {
		sep = "," + e.src[i:last.key]
	} else if len(ms) > 1 {
		prev := ms[len(ms)-2]
		sep = strings.TrimLeft(e.src[prev.end:last.key], " \t")
		if !strings.HasPrefix(sep, ",") {
			sep = ", "
		}
	}
	keyEnd := last.key + len(jsonString(last.name)) // a key written with escapes is longer; then ": " is used
	colon := ": "
	if keyEnd <= last.val && strings.TrimSpace(e.src[keyEnd:last.val]) == ":" {
		colon = e.src[keyEnd:last.val]
	}
	e.src = e.src[:last.end] + sep + jsonString(key) + colon + jsonValue(value, "") + e.src[last.end:]
}

func (e *jsonEditor) drop(key string) {
	ms, _ := e.members()
	for i, m := range ms {
		if m.name != key {
			continue
		}
		switch {
		case i > 0: // from the end of the member before: its comma and the line go
			e.src = e.src[:ms[i-1].end] + e.src[m.end:]
		case len(ms) > 1: // the first member: up to the next key
			e.src = e.src[:m.key] + e.src[ms[1].key:]
		default:
			e.src = e.src[:m.key] + e.src[m.end:]
		}
		return
	}
}

func (e *jsonEditor) text() string { return e.src }

// jsonValue encodes a string or a list of strings as JSON, a list laid out like old (the value it
// replaces) and a list kept in a string staying a comma-separated string.
func jsonValue(v any, old string) string {
	if x, ok := v.([]string); ok {
		if strings.HasPrefix(old, `"`) {
			return jsonString(strings.Join(x, ", "))
		}
		items := make([]string, len(x))
		for i, s := range x {
			items[i] = jsonString(s)
		}
		return listLayout(old, items)
	}
	s, _ := v.(string)
	return jsonString(s)
}

// jsonString writes s as a JSON string (encoding/json, without escaping <, > and & for HTML).
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
