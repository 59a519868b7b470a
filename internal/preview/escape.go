package preview

import (
	"bytes"
	"fmt"
	"strings"
)

// The pages written by Go code rather than by a template (an article's, the home page's list of articles)
// escape what they show as html/template would, so that they read exactly as the templates' pages do.

// textEscaper escapes text as html/template does in an element's text and in <title> (its
// htmlReplacementTable, for a string), so that a page written here reads as a template's would. Each byte
// it replaces is ASCII: the bytes of other characters, and of invalid UTF-8, pass through, as they do there.
var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// writeText writes s to b as text of an HTML element.
func writeText(b *bytes.Buffer, s string) {
	_, _ = textEscaper.WriteString(b, s) // a bytes.Buffer takes every write
}

// writeURL writes s to b as the value of a URL attribute (href), as html/template writes a string there: a
// scheme other than http, https or mailto becomes #ZgotmplZ, bytes outside a URL's characters are
// percent-encoded (an existing %XX kept), and the result is escaped for the attribute.
func writeURL(b *bytes.Buffer, s string) {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") &&
		!strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
		s = "#ZgotmplZ"
	}
	var norm strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; !urlByteKept(s, i) {
			norm.WriteString(s[written:i])
			fmt.Fprintf(&norm, "%%%02x", c)
			written = i + 1
		}
	}
	if written > 0 {
		norm.WriteString(s[written:])
		s = norm.String()
	}
	writeText(b, s)
}

// urlByteKept says whether html/template's URL normalizer keeps s[i] as it is: a letter, a digit, one of
// -._~ or of a URL's reserved characters, or the % of a %XX escape.
func urlByteKept(s string, i int) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
		return true
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
