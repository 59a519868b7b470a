// Package escape holds the program's escapers, one per kind of sink that shows text from a file or a server
// (a title, a slug, an id, an error message, a request id, a frontmatter key):
//
//   - Terminal, Line and Lines for a terminal and a CI log (diagnostics, the plan, errors): control
//     characters and the invisible Unicode format characters are shown as escapes, and no line can start a
//     GitHub workflow command;
//   - WorkflowData and WorkflowProperty for the two parts of a GitHub workflow command (::error file=…::msg);
//   - Markdown, MarkdownCode and MarkdownURL for the job summary and pull-request comments: text can never
//     open a link, an image or an HTML element there, nor close one the program wrote.
//
// A sink that shows such text uses one of these and nothing of its own.
package escape

import (
	"fmt"
	"strings"
	"unicode"
)

// Hidden reports whether a terminal or a browser would obey r or hide it instead of showing a character:
// C0 and C1 controls but tab, DEL, the bidirectional embeddings, overrides, isolates and marks that reorder
// what is shown, and the zero-width and invisible characters that hide text or split a word (a key, a
// command) without showing it.
func Hidden(r rune) bool {
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
	return r >= '\u2060' && r <= '\u2064'
}

// HasHidden reports whether s holds a character Hidden reports.
func HasHidden(s string) bool { return strings.ContainsFunc(s, Hidden) }

// Terminal makes s safe to print on one line of a terminal or a CI log: every Hidden character is shown as
// an escape (\n, \r, \x1b, \u202e …) instead of moving the cursor, changing colours, reordering the line or
// starting a new line that GitHub would read as a workflow command. Tabs and printable text, any script,
// pass unchanged.
func Terminal(s string) string {
	if !HasHidden(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !Hidden(r):
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

// Line is Terminal for what starts a line of a terminal or a CI log: nor can it start a GitHub workflow
// command (the runner reads `::name::` at the start of a line on stdout and stderr).
func Line(l string) string {
	l = Terminal(l)
	if t := strings.TrimLeft(l, " \t"); strings.HasPrefix(t, "::") {
		l = strings.Replace(l, "::", ": :", 1)
	}
	return l
}

// Lines is Line for each line of a text of several (an error message whose lines are meant): the line
// breaks stay, nothing else Hidden does, and no line starts a workflow command.
func Lines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = Line(l)
	}
	return strings.Join(lines, "\n")
}

var (
	workflowData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	workflowProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// WorkflowData is the message of a GitHub workflow command (after the second ::), encoded as the runner
// decodes it, so that a line break cannot end the command and start another; other Hidden characters are
// shown as escapes, as on a terminal.
func WorkflowData(s string) string { return Terminal(workflowData.Replace(s)) }

// WorkflowProperty is a property value of a GitHub workflow command (file=, title=): as WorkflowData, and
// neither a comma nor a colon can end the value or the property list.
func WorkflowProperty(s string) string { return Terminal(workflowProperty.Replace(s)) }

// JSON rewrites a JSON document so that it shows the same on a terminal as it decodes: every Hidden
// character at or above DEL (C1 controls, bidi overrides, zero-width characters), which encoding/json
// leaves raw, becomes its \uXXXX escape. A decoder reads the same strings back; a terminal showing the
// document (-o json, jq) is not reordered by them. Below DEL encoding/json escapes already, and the line
// breaks left are the document's own.
func JSON(doc []byte) []byte {
	s := string(doc)
	if !strings.ContainsFunc(s, hiddenAbove) {
		return doc
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		if hiddenAbove(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return []byte(b.String())
}

func hiddenAbove(r rune) bool { return r >= 0x7f && Hidden(r) }
