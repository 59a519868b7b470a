package docs

import (
	"strings"
	"testing"
)

// A key anywhere in a page, frontmatter included, is an error naming its line, with the key masked; uniform
// placeholders are not keys (adversarial F21).
func TestAKeyInAPageIsAnError(t *testing.T) {
	live := "sa_" + "live_" + "9f8e7d6c5b4a39281706f5e4d3c2b1a0" // built here: no fixture holds a key
	test := "sa_" + "test_" + "Ab3dEf9hIjKlMnOpQr"
	dir := writeTree(t, map[string]string{
		"general/a.md": "---\ntitle: Key " + live + "\n---\nText.\n",
		"general/b.md": "# B\n\nFirst.\n\n`" + test + "`\n",
		"general/c.md": "# C\n\nUse sa_" + "live_XXXXXXXXXXXXXXXXXXXX or sa_test_0000000000000000 or sa_test_YOUR_KEY.\n",
	})
	tr, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range tr.Diagnostics {
		if d.Code == "secret" {
			got = append(got, d.String())
		}
	}
	want := []string{
		"general/a.md:2:12: error: an API key (sa_live_9f…a0)",
		"general/b.md:5:2: error: an API key (sa_test_Ab…Qr)",
	}
	if len(got) != len(want) {
		t.Fatalf("secret diagnostics %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) || strings.Contains(got[i], live) || strings.Contains(got[i], test) {
			t.Errorf("diagnostic %q, want it to start %q and not show the key", got[i], want[i])
		}
	}
	if tr.Errors() != 2 {
		t.Errorf("%d errors, want 2: %v", tr.Errors(), tr.Diagnostics)
	}
}
