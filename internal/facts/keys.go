package facts

import (
	"regexp"
	"strings"
)

// keyInText finds what looks like an Atender API key: the prefix of an environment and a long random tail.
// The key in use has this shape too (atender refuses any other), so it is caught with every other one.
var keyInText = regexp.MustCompile(`sa_(?:live|test)_[A-Za-z0-9]{16,}`)

// KeysIn returns where every API key written in s starts and ends, placeholders left out
// (sa_test_XXXXXXXXXXXXXXXX in an example is no key).
func KeysIn(s string) [][2]int {
	if !strings.Contains(s, "sa_") {
		return nil
	}
	var out [][2]int
	for _, m := range keyInText.FindAllStringIndex(s, -1) {
		if !placeholderKey(s[m[0]:m[1]]) {
			out = append(out, [2]int{m[0], m[1]})
		}
	}
	return out
}

// MaskKeys is s with every API key in it, whoever's, shown as MaskKey shows it: for text from a server or
// a file that a sink shows (an article's content in a diff, a title in a report).
func MaskKeys(s string) string {
	keys := KeysIn(s)
	if len(keys) == 0 {
		return s
	}
	var b strings.Builder
	at := 0
	for _, k := range keys {
		b.WriteString(s[at:k[0]])
		b.WriteString(MaskKey(s[k[0]:k[1]]))
		at = k[1]
	}
	b.WriteString(s[at:])
	return b.String()
}

// placeholderKey reports a tail too uniform to be a key: sa_test_XXXXXXXXXXXXXXXX or 0000… in an example.
// Real keys are random (the emulator's are 40 hex digits), so they always have many distinct characters.
func placeholderKey(key string) bool {
	tail := key[len(KeyPrefix(key)):]
	seen := map[rune]bool{}
	for _, r := range strings.ToLower(tail) {
		seen[r] = true
	}
	return len(seen) < 6
}
