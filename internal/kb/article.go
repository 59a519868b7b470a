package kb

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// articleWire is what Article.UnmarshalJSON decodes: the article, with its timestamps kept raw for
// ParseTimestamp.
type articleWire struct {
	plainArticle
	CreatedAt      json.RawMessage `json:"createdAt"`
	UpdatedAt      json.RawMessage `json:"updatedAt"`
	PublishedAt    json.RawMessage `json:"publishedAt"`
	LastReviewedAt json.RawMessage `json:"lastReviewedAt"`
}

// plainArticle is Article without its decoder.
type plainArticle Article

// articleNames are the json names of articleWire's fields.
var articleNames = []string{"id", "title", "slug", "summary", "content", "categoryId", "subcategoryId", "tagIds", "keywords", "status",
	"createdAt", "updatedAt", "publishedAt", "lastReviewedAt"}

// scanArticle reads b into w as encoding/json would, without reflection, in the case of every listed item
// of a server that speaks the assumed dialect: each key exactly the name of a field or no field's name in
// any letter case, a string (or null) where a string belongs, a list of strings (or null) where a list
// does. Anything else (ok false) is left to encoding/json, whose reading (and error) it then is.
func scanArticle(b []byte, w *articleWire) bool {
	return json.Valid(b) && articleMembers(scanObject(b), w)
}

// articleMembers is scanArticle on the members of an object already split (nil: not an object).
func articleMembers(o object, w *articleWire) bool {
	if o == nil {
		return false
	}
	for _, m := range o {
		ok := true
		switch m.key {
		case "id":
			ok = readString(m.val, &w.ID)
		case "title":
			ok = readString(m.val, &w.Title)
		case "slug":
			ok = readString(m.val, &w.Slug)
		case "summary":
			ok = readString(m.val, &w.Summary)
		case "content":
			ok = readString(m.val, &w.Content)
		case "categoryId":
			ok = readString(m.val, &w.CategoryID)
		case "subcategoryId":
			ok = readString(m.val, &w.SubcategoryID)
		case "status":
			ok = readString(m.val, &w.Status)
		case "tagIds":
			ok = readStrings(m.val, &w.TagIDs)
		case "keywords":
			ok = readStrings(m.val, &w.Keywords)
		case "createdAt":
			w.CreatedAt = m.val
		case "updatedAt":
			w.UpdatedAt = m.val
		case "publishedAt":
			w.PublishedAt = m.val
		case "lastReviewedAt":
			w.LastReviewedAt = m.val
		default:
			for _, n := range articleNames {
				if strings.EqualFold(m.key, n) {
					return false // encoding/json matches a field's name in another letter case
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// readString reads a JSON string into dst; null leaves dst as it is (as encoding/json does). false for any
// other value.
func readString(v json.RawMessage, dst *string) bool {
	switch {
	case isNullRaw(v):
		return true
	case len(v) < 2 || v[0] != '"':
		return false
	}
	s, ok := unquote(v[1 : len(v)-1])
	if ok {
		*dst = s
	}
	return ok
}

// unquote resolves the escapes of the inside of a JSON string (valid JSON) as encoding/json does: a
// surrogate pair is one character, a lone surrogate and invalid UTF-8 become U+FFFD.
func unquote(s []byte) (string, bool) {
	if bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
		return string(s), true
	}
	b := make([]byte, 0, len(s))
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			if r+1 >= len(s) {
				return "", false
			}
			if e, ok := escapes[s[r+1]]; ok {
				b, r = append(b, e), r+2
				continue
			}
			rr := u4(s[r:])
			if rr < 0 {
				return "", false
			}
			r += 6
			if utf16.IsSurrogate(rr) {
				if dec := utf16.DecodeRune(rr, u4(s[r:])); dec != unicode.ReplacementChar {
					b, r = utf8.AppendRune(b, dec), r+6
					continue
				}
				rr = unicode.ReplacementChar
			}
			b = utf8.AppendRune(b, rr)
		case c < utf8.RuneSelf:
			b, r = append(b, c), r+1
		default:
			rr, size := utf8.DecodeRune(s[r:])
			b, r = utf8.AppendRune(b, rr), r+size
		}
	}
	return string(b), true
}

// escapes are JSON's one-letter escapes.
var escapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// u4 reads the \uXXXX escape at the start of s, or -1.
func u4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	r, err := strconv.ParseUint(string(s[2:6]), 16, 32)
	if err != nil {
		return -1
	}
	return rune(r)
}

// readStrings reads a JSON list of strings into dst; null makes it nil. false for any other value, or a
// list holding anything but strings.
func readStrings(v json.RawMessage, dst *[]string) bool {
	if isNullRaw(v) {
		*dst = nil
		return true
	}
	elems := scanArray(v)
	if elems == nil {
		return false
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if isNullRaw(e) || !readString(e, &out[i]) {
			return false
		}
	}
	*dst = out
	return true
}

func isNullRaw(v json.RawMessage) bool { return len(v) == 4 && string(v) == "null" }
