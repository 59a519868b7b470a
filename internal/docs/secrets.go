package docs

import (
	"regexp"
	"strings"

	"github.com/atender/atender/internal/facts"
)

// keyInText finds what looks like an Atender API key: the prefix of an environment and a long random tail.
// The key in use has this shape too (atender refuses any other), so it is caught with every other one.
var keyInText = regexp.MustCompile(`sa_(?:live|test)_[A-Za-z0-9]{16,}`)

// checkSecrets reports every API key written in a page (frontmatter or body) as an error: the KB is the one
// place atender sends text to that nobody masks, and a published article is public and in AI answers. The
// message shows the key masked, as every other output does. raw is the whole normalised file.
func checkSecrets(rel string, raw []byte, ds *diags) {
	if !strings.Contains(string(raw), "sa_") {
		return
	}
	for _, m := range keyInText.FindAllIndex(raw, -1) {
		key := string(raw[m[0]:m[1]])
		if placeholderKey(key) {
			continue
		}
		line, col := lineCol(raw, m[0])
		ds.errorf("secret", rel, line, col, "an API key (%s) is written in the page, and would be published with it: replace it with a placeholder such as %sYOUR_KEY, and revoke the key if it was ever committed or pushed", facts.MaskKey(key), facts.KeyPrefix(key))
	}
}

// placeholderKey reports a tail too uniform to be a key: sa_test_XXXXXXXXXXXXXXXX or 0000… in an example.
// Real keys are random (the emulator's are 40 hex digits), so they always have many distinct characters.
func placeholderKey(key string) bool {
	tail := key[len(facts.KeyPrefix(key)):]
	seen := map[rune]bool{}
	for _, r := range strings.ToLower(tail) {
		seen[r] = true
	}
	return len(seen) < 6
}
