package preset

import (
	"regexp"
	"slices"
	"strings"
)

// objectKeys reads the keys of the first object literal written as the value of the property name (`name:
// {…}`) in a JavaScript or TypeScript source whose keys include must ("" for any): the keys as written
// (identifiers, quoted strings, shorthand properties), spreads and values skipped. It is not a JavaScript
// parser: a generator's config is code, and only a literal written in place can be read; ok is false when
// there is none.
func objectKeys(src, name, must string) (keys []string, ok bool) {
	re := regexp.MustCompile(`(?:^|[^\w$.])["']?` + regexp.QuoteMeta(name) + `["']?\s*:\s*\{`)
	for _, loc := range re.FindAllStringIndex(src, -1) {
		keys, closed := literalKeys(src[loc[1]:])
		if closed && (must == "" || slices.Contains(keys, must)) {
			return keys, true
		}
	}
	return nil, false
}

// literalKeys reads the keys of an object literal from just after its opening brace up to its closing one
// (closed false when the source ends first).
func literalKeys(s string) (keys []string, closed bool) {
	k := &keyScan{s: s, expectKey: true}
	for ; k.i < len(s); k.i++ {
		if k.skipped() {
			continue
		}
		switch c := s[k.i]; {
		case c == '{' || c == '[' || c == '(':
			k.depth++
		case c == '}' || c == ']' || c == ')':
			if k.depth == 0 {
				return k.keys, true
			}
			k.depth--
		case c == ',' && k.depth == 0:
			k.expectKey = true
		case c == '.' && k.depth == 0: // a spread (...other) or a member access: not a key
			k.expectKey = false
		case isIdentStart(c):
			k.ident()
		}
	}
	return k.keys, false
}

// keyScan is literalKeys' place in the source: at byte i, inside depth brackets of the literal's values.
type keyScan struct {
	s         string
	i, depth  int
	expectKey bool // at the literal's own level, after its brace or a comma
	keys      []string
}

// skipped moves past a comment or a string literal at i (a quoted key is kept), reporting whether there was
// one.
func (k *keyScan) skipped() bool {
	s, i := k.s, k.i
	switch {
	case strings.HasPrefix(s[i:], "//"):
		k.i = skipTo(s, i, "\n")
	case strings.HasPrefix(s[i:], "/*"):
		k.i = skipTo(s, i+2, "*/")
	case s[i] == '"' || s[i] == '\'' || s[i] == '`':
		end := stringEnd(s, i)
		if k.depth == 0 && k.expectKey && s[i] != '`' && followedBy(s[end+1:], ':') {
			k.keys, k.expectKey = append(k.keys, s[i+1:end]), false
		}
		k.i = end
	default:
		return false
	}
	return true
}

// ident reads the identifier at i: a key when it is written where one is expected and followed by a colon
// (or, a shorthand property, by a comma or the closing brace).
func (k *keyScan) ident() {
	s, j := k.s, k.i
	for j < len(s) && (isIdentStart(s[j]) || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if k.depth == 0 && k.expectKey {
		rest := strings.TrimLeft(s[j:], " \t\r\n")
		if followedBy(rest, ':') || strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "}") {
			k.keys = append(k.keys, s[k.i:j])
		}
		k.expectKey = false
	}
	k.i = j - 1
}

// stringEnd is the index of the quote that closes the string literal opening at i (the last index when none).
func stringEnd(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j
		}
	}
	return len(s) - 1
}

// skipTo is the index of the last byte of the first end at or after i (the last index when none).
func skipTo(s string, i int, end string) int {
	if k := strings.Index(s[i:], end); k >= 0 {
		return i + k + len(end) - 1
	}
	return len(s) - 1
}

func followedBy(s string, c byte) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return s != "" && s[0] == c
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
