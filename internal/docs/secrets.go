package docs

import (
	"bytes"

	"github.com/atender/atender/internal/facts"
)

// checkSecrets reports every API key written in a page (frontmatter or body) as an error: the KB is the one
// place atender sends text to that nobody masks, and a published article is public and in AI answers. The
// message shows the key masked, as every other output does. raw is the whole normalised file.
func checkSecrets(rel string, raw []byte, ds *diags) {
	reportKeys(rel, raw, "is written in the page", func(off int) (int, int) { return lineCol(raw, off) }, ds)
}

// reportKeys is one secret error for each API key in text that page rel would publish: where says where
// the key is written, at gives the page's line and column of the key at an offset of text.
func reportKeys(rel string, text []byte, where string, at func(off int) (int, int), ds *diags) {
	if !bytes.Contains(text, []byte("sa_")) {
		return // most pages: no copy of the file to look further
	}
	for _, m := range facts.KeysIn(string(text)) {
		key := string(text[m[0]:m[1]])
		line, col := at(m[0])
		ds.errorf("secret", rel, line, col, "an API key (%s) %s, and would be published with it: replace it with a placeholder such as %sYOUR_KEY, and revoke the key if it was ever committed or pushed", facts.MaskKey(key), where, facts.KeyPrefix(key))
	}
}
