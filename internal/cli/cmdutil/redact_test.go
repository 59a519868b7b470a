package cmdutil

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A key echoed by a server in another case, percent-encoded or JSON-escaped is masked like the key itself
// (adversarial F16): keys are long and random, so matching them loosely masks nothing else.
func TestRedactorMasksEchoedForms(t *testing.T) {
	key := "sa_" + "test_3cf6a0b1d2e3f40516273849aabbccdd00112233" // built here: no fixture holds a key
	r := &Redactor{}
	r.Add(key, "sa_test_3c…33")
	jsonEscaped := strings.ReplaceAll(key, "_", `\u005f`)
	forms := map[string]string{
		"verbatim":       key,
		"upper":          strings.ToUpper(key),
		"lower":          strings.ToLower(strings.ToUpper(key)),
		"url":            url.QueryEscape(key),
		"url-all":        percentAll(key),
		"url-all-upper":  strings.ToUpper(percentAll(key)),
		"json-escaped":   jsonEscaped,
		"json-uppercase": strings.ToUpper(jsonEscaped),
	}
	for name, form := range forms {
		var buf bytes.Buffer
		w := r.Wrap(&buf)
		w.Write([]byte("Atender said: invalid key " + form + " (see docs)\n"))
		got := buf.String()
		if strings.Contains(strings.ToLower(got), "3cf6a0b1d2e3f405") || !strings.Contains(got, "invalid key sa_test_3c…33 (see docs)") {
			t.Errorf("%s: %q", name, got)
		}
		if red := r.Redact("x=" + form); red != "x=sa_test_3c…33" {
			t.Errorf("%s: Redact gave %q", name, red)
		}
	}
	// Other text, similar prefixes included, is left alone.
	other := "sa_test_3cf6a0b1 is not the key; SA_TEST_ either; %5F and \\u005f alone neither"
	if got := r.Redact(other); got != other {
		t.Errorf("unrelated text changed: %q", got)
	}
}

func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02x", s[i])
	}
	return b.String()
}
