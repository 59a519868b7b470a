package docs

import (
	"bytes"

	"github.com/atender/atender/internal/facts"
)

// checkSecrets reports every API key written in a page (frontmatter or body) as an error: the KB is the one
// place atender sends text to that nobody masks, and a published article is public and in AI answers. The
// message shows the key masked, as every other output does. raw is the whole normalised file.
func checkSecrets(rel string, raw []byte, ds *diags) {
	if !bytes.Contains(raw, []byte("sa_")) {
		return // most pages: no copy of the file to look further
	}
	for _, m := range facts.KeysIn(string(raw)) {
		key := string(raw[m[0]:m[1]])
		line, col := lineCol(raw, m[0])
		ds.errorf("secret", rel, line, col, "an API key (%s) is written in the page, and would be published with it: replace it with a placeholder such as %sYOUR_KEY, and revoke the key if it was ever committed or pushed", facts.MaskKey(key), facts.KeyPrefix(key))
	}
}
