package kb

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// The listing of a large KB is read once as JSON (json.Valid on each reply) and then taken apart by the
// scanner below instead of being parsed again for every check: the reply into its envelope and items, each
// item into its top-level members. It reads only JSON already found valid, and it reads it exactly as
// encoding/json does (keys unescaped, the last of repeated keys wins, values verbatim), without copying a
// value or building a map per item.

// member is one top-level key of a JSON object and its value, verbatim (a sub-slice of the object).
type member struct {
	key string
	val json.RawMessage
}

// object is a JSON object's members in order; nil is not an object (a JSON null, a string, a list…).
type object []member

// get returns the value of key, the last one when the key repeats (as encoding/json reads it).
func (o object) get(key string) (json.RawMessage, bool) {
	for j := len(o) - 1; j >= 0; j-- {
		if o[j].key == key {
			return o[j].val, true
		}
	}
	return nil, false
}

// asMap is the object as encoding/json decodes it into a map (for messages naming its keys).
func (o object) asMap() map[string]json.RawMessage {
	m := make(map[string]json.RawMessage, len(o))
	for _, mb := range o {
		m[mb.key] = mb.val
	}
	return m
}

// scanObject splits valid JSON into its top-level members; nil when it is not an object.
func scanObject(b []byte) object {
	var buf [24]member
	ms, ok := scanMembers(buf[:0], b)
	if !ok {
		return nil
	}
	return slices.Clone(ms)
}

// scanMembers appends the top-level members of valid JSON to ms; false when it is not an object. A caller
// that only looks at the members passes a buffer of its own and copies nothing.
func scanMembers(ms []member, b []byte) ([]member, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	for i = skipSpace(b, i+1); i < len(b) && b[i] == '"'; {
		end := skipString(b, i)
		if end-i < 2 || end >= len(b) {
			return nil, false // not JSON (the scanner reads valid JSON, but never panics on other input)
		}
		key := unquoteKey(b[i:end])
		if i = skipSpace(b, skipSpace(b, end)+1); i >= len(b) { // past the colon
			return nil, false
		}
		vend := skipValue(b, i)
		ms = append(ms, member{key: key, val: b[i:vend:vend]})
		if i = skipSpace(b, vend); i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return ms, true
}

// scanArray splits a valid JSON array into its elements, verbatim.
func scanArray(b []byte) []json.RawMessage {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil
	}
	out := []json.RawMessage{}
	for i = skipSpace(b, i+1); i < len(b) && b[i] != ']'; {
		end := skipValue(b, i)
		out = append(out, b[i:end:end])
		if i = skipSpace(b, end); i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return out
}

// knownKeys are the keys the listed items carry, so that reading one allocates nothing.
var knownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"id", "slug", "title", "name", "summary", "content", "categoryId", "subcategoryId", "tagIds", "keywords",
		"status", "createdAt", "updatedAt", "publishedAt", "lastReviewedAt", "description", "sortOrder", "data", "items", "results",
		"articles", "categories", "subcategories", "tags", "meta", "page", "limit", "total", "hasMore"} {
		m[k] = k
	}
	return m
}()

// unquoteKey is a quoted key as encoding/json reads it: escapes resolved, invalid UTF-8 replaced.
func unquoteKey(q []byte) string {
	raw := q[1 : len(q)-1]
	for _, c := range raw {
		if c == '\\' || c >= 0x80 {
			var s string
			_ = json.Unmarshal(q, &s)
			return s
		}
	}
	if k, ok := knownKeys[string(raw)]; ok {
		return k
	}
	return string(raw)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string whose opening quote is b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index just past the JSON value that starts at b[i].
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	// A number, true, false or null ends at a delimiter.
	if j := bytes.IndexAny(b[i:], ",}] \t\n\r"); j >= 0 {
		return i + j
	}
	return len(b)
}

// itemHead splits an item into its members (nil when it is not an object) and reads its "id" and "slug" as
// encoding/json decodes them into struct fields of those names (a key in another letter case matches too;
// the last match wins). ok is false when the item is neither an object nor null.
func itemHead(it json.RawMessage) (o object, id, slug json.RawMessage, ok bool) {
	if o = scanObject(it); o == nil {
		return nil, nil, nil, string(bytes.TrimSpace(it)) == "null"
	}
	for _, m := range o {
		switch {
		case strings.EqualFold(m.key, "id"):
			id = m.val
		case strings.EqualFold(m.key, "slug"):
			slug = m.val
		}
	}
	return o, id, slug, true
}
