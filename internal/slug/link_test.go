package slug

import "testing"

// The one reading of links to an article's public page, under the rules of each of its callers: pull
// (what kb sync writes, with the configured base), the preview (what a browser follows) and conflict
// detection (what kb sync wrote under any base).
func TestFromLink(t *testing.T) {
	const base = "https://help.example.com"
	sync := LinkRules{}
	syncBase := LinkRules{BaseURL: base + "/"}
	preview := LinkRules{BaseURL: base, AlsoBare: true, Lenient: true}
	anyBase := LinkRules{AnyBase: true}
	tests := []struct {
		name       string
		dest       string
		rules      LinkRules
		slug, rest string // slug "" means not an article link
	}{
		{"bare path", "/knowledge/getting-started", sync, "getting-started", ""},
		{"fragment kept", "/knowledge/cards#limits", sync, "cards", "#limits"},
		{"empty fragment kept for the caller", "/knowledge/cards#", sync, "cards", "#"},
		{"second hash is the fragment's", "/knowledge/cards#a#b", sync, "cards", "#a#b"},
		{"no slug", "/knowledge/", sync, "", ""},
		{"not a slug: capitals", "/knowledge/Cards", sync, "", ""},
		{"not a slug: a folder", "/knowledge/a/b", sync, "", ""},
		{"query: sync never writes one", "/knowledge/cards?x=1", sync, "", ""},
		{"trailing slash: sync never writes one", "/knowledge/cards/", sync, "", ""},
		{"relative path", "knowledge/cards", sync, "", ""},
		{"another site", "https://other.example/knowledge/cards", sync, "", ""},
		{"an other path", "/guide/cards", sync, "", ""},

		{"with the base", base + "/knowledge/cards#x", syncBase, "cards", "#x"},
		{"base set: bare path is not what sync writes", "/knowledge/cards", syncBase, "", ""},
		{"base set: another host", "https://other.example/knowledge/cards", syncBase, "", ""},
		{"base set: base is a prefix of the host", base + ".evil/knowledge/cards", syncBase, "", ""},

		{"preview: with the base", base + "/knowledge/cards", preview, "cards", ""},
		{"preview: bare path too", "/knowledge/cards#x", preview, "cards", "#x"},
		{"preview: query kept", "/knowledge/cards?tab=2#x", preview, "cards", "?tab=2#x"},
		{"preview: trailing slashes", "/knowledge/cards//", preview, "cards", ""},
		{"preview: slash before the fragment", "/knowledge/cards/#x", preview, "cards", "#x"},
		{"preview: another host", "https://other.example/knowledge/cards", preview, "", ""},
		{"preview: still a slug", "/knowledge/a/b", preview, "", ""},

		{"any base: bare", "/knowledge/cards#x", anyBase, "cards", "#x"},
		{"any base: an earlier base", "https://old.example/docs/knowledge/cards", anyBase, "cards", ""},
		{"any base: a relative prefix is not a base", "/docs/knowledge/cards", anyBase, "", ""},
		{"any base: the last prefix", "https://h.example/knowledge/knowledge/cards", anyBase, "cards", ""},
		{"any base: query", "https://h.example/knowledge/cards?x", anyBase, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rest, ok := FromLink(tt.dest, tt.rules)
			if ok != (tt.slug != "") || s != tt.slug || rest != tt.rest {
				t.Errorf("FromLink(%q, %+v) = %q, %q, %v; want %q, %q", tt.dest, tt.rules, s, rest, ok, tt.slug, tt.rest)
			}
		})
	}
}
