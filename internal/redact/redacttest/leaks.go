// Package redacttest checks, for tests of any package, that a text shows nothing of a secret: it reads the
// text the ways a person or a program could (as it is, lower-cased, without whitespace, with escapes and
// entities undone, decoded from base64 or hex at every offset) with the standard library's decoders, not
// with package redact's own.
package redacttest

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"strings"
)

// RunLen is the length of a run of the secret that counts as showing it (redact.GramLen).
const RunLen = 12

// Leaks returns, for each reading of out that shows RunLen consecutive characters of secret (in any case),
// the run and the reading; nil when out shows none.
func Leaks(out, secret string) []string {
	readings := []string{out}
	if u, err := url.PathUnescape(out); err == nil {
		readings = append(readings, u)
	}
	readings = append(readings, html.UnescapeString(out), unescape(out, 'u', 4), unescape(out, 'x', 2))
	for _, r := range append([]string(nil), readings...) {
		readings = append(readings, strings.Join(strings.Fields(r), ""), strings.ReplaceAll(r, `\n`, ""))
	}
	for _, word := range strings.FieldsFunc(out, func(c rune) bool { return !isB64(c) }) {
		for o := 0; o < 4 && o < len(word); o++ {
			w := word[o:]
			w = w[:len(w)/4*4]
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				if d, err := enc.DecodeString(w); err == nil {
					readings = append(readings, string(d))
				}
			}
			if o < 2 {
				h := word[o:]
				if d, err := hex.DecodeString(h[:len(h)/2*2]); err == nil {
					readings = append(readings, string(d))
				}
			}
		}
	}
	var found []string
	low := strings.ToLower(secret)
	for _, r := range readings {
		r = strings.ToLower(r)
		for i := 0; i+RunLen <= len(low); i++ {
			if strings.Contains(r, low[i:i+RunLen]) {
				found = append(found, low[i:i+RunLen]+" in "+fmt.Sprintf("%.300q", r))
				break
			}
		}
	}
	return found
}

// unescape undoes \u00XX (letter u, 4 digits) or \xXX (x, 2) escapes of ASCII characters.
func unescape(s string, letter byte, digits int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1+digits < len(s) && (s[i+1]|0x20) == letter {
			if v, err := hex.DecodeString(s[i+2 : i+2+digits]); err == nil && v[0] < 0x80 && (len(v) == 1 || v[1] < 0x80) {
				b.WriteByte(v[len(v)-1])
				i += 1 + digits
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isB64(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' || c == '='
}
