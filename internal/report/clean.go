package report

import (
	"fmt"
	"strings"
	"unicode"
)

// Clean makes a string that may come from the server (an id, a slug, an error message) or from a file name
// safe to print on one line of a terminal or a CI log: control characters are shown as escapes (\n, \r,
// \x1b …) instead of moving the cursor, changing colours, or starting a new line that GitHub would read as
// a workflow command. Tabs and printable text, any script, pass unchanged.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !isControl(r):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// CleanLine is Clean for what starts a line of a terminal or a CI log: nor can it start a GitHub workflow
// command (the runner reads `::name::` at the start of a line on stdout and stderr).
func CleanLine(l string) string {
	l = Clean(l)
	if t := strings.TrimLeft(l, " \t"); strings.HasPrefix(t, "::") {
		l = strings.Replace(l, "::", ": :", 1)
	}
	return l
}

// isControl: C0 and C1 controls but tab, DEL, the bidirectional embeddings, overrides, isolates and marks
// that reorder what a terminal shows, and the zero-width and invisible characters that hide text or split
// a word (a key, a command) without showing it.
func isControl(r rune) bool {
	if r == '\t' {
		return false
	}
	if unicode.IsControl(r) {
		return true
	}
	switch r {
	case '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	case '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029', '\ufeff':
		return true
	}
	if r >= '\u2060' && r <= '\u2064' {
		return true
	}
	return false
}
