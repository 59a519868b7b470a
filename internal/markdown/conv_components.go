package markdown

import (
	"strings"
	"unicode"
)

// A component no converter knows loses its tags and keeps its children; what its text attributes say (a
// title, a label, a description, a tooltip's tip: text its site shows the reader) is kept too, as a card's
// is: on a line of its own, the first in bold (linked when the component has an href), the others below it;
// among text, in parentheses after the children (<Tooltip tip="Software development kit">SDK</Tooltip> →
// "SDK (Software development kit)"). Which attributes are text is decided by their name, once, here: ids,
// hrefs, classes, styles, icons and flags are not. A text attribute written as an expression that is not a
// string literal cannot be shown; the component's warning says so.
//
//	<HeroCard title="Quickstart" description="Deploy in minutes" href="/quickstart" />
//	→ **[Quickstart](/quickstart)**
//
//	  Deploy in minutes

// textAttrs are the attribute names whose value is text the reader sees, the one shown first first. cta is a
// call to action: the text of the component's link.
var textAttrs = []string{"title", "label", "heading", "headline", "header", "name", "subtitle", "description",
	"caption", "tip", "tooltip", "content", "text", "summary", "question", "answer", "message", "hint", "note",
	"alt", "cta"}

// attrText is what the text attributes of t say, by name in textAttrs' order, as Markdown text, and the names
// of those written as expressions other than a string literal (not shown). name is text only beside another
// text attribute or when it holds a space: alone, it is mostly an identifier (<Icon name="check">).
func attrText(t *Tag) (texts [][2]string, hidden []string) {
	for _, n := range textAttrs {
		a, ok := t.Attr(n)
		if !ok {
			continue
		}
		s := strings.Join(strings.Fields(t.String(n)), " ")
		if s == "" && a.Expr && strings.TrimSpace(a.Value) != "" {
			hidden = append(hidden, n)
			continue
		}
		if isText(s) && (n != "name" || strings.Contains(s, " ")) {
			texts = append(texts, [2]string{n, strings.ReplaceAll(escapeText(s), "|", "\\|")})
		}
	}
	return texts, hidden
}

// isText reports whether an attribute's value reads as text: it has a letter or a digit and is no URL, path
// or anchor alone (a sentence that mentions one is text).
func isText(s string) bool {
	if s == "" || !strings.Contains(s, " ") && (strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "#")) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// convertUnknown drops the tags of a component no converter knows, keeps its children, and shows the text of
// its attributes. It reports whether the component shows any text.
func convertUnknown(x *Editor, e *Element) (hasText bool) {
	all, hidden := attrText(&e.Open)
	if len(hidden) > 0 && !x.warned[e.Name] {
		x.warned[e.Name] = true
		a, _ := e.Open.Attr(hidden[0])
		x.Warn(e, "jsx", "the "+strings.Join(hidden, ", ")+" attribute of "+openName(e.Name)+" is an expression atender cannot read ("+
			hidden[0]+"={"+short(a.Value)+"}): its text is not in the article")
	}
	inner := strings.Join(strings.Fields(x.Children(e)), " ")
	var texts []string
	href := strings.TrimSpace(e.Open.String("href"))
	for i, t := range all {
		if t[1] == escapeText(inner) {
			continue // a tooltip's headline that repeats the word it explains
		}
		if href != "" && (t[0] == "cta" || i == 0 && all[len(all)-1][0] != "cta") {
			t[1] = "[" + t[1] + "](" + linkDest(href) + ")"
		}
		texts = append(texts, t[1])
	}
	if len(texts) == 0 {
		x.ReplaceOpen(e, "")
		x.ReplaceClose(e, "")
		return inner != ""
	}
	if !e.Block {
		// among text: the children, then what the attributes say in parentheses
		said := strings.Join(texts, " — ")
		if inner == "" {
			x.ReplaceElement(e, said)
			return true
		}
		x.ReplaceOpen(e, "")
		x.ReplaceClose(e, " ("+said+")")
		return true
	}
	label := "**" + texts[0] + "**"
	for _, t := range texts[1:] {
		label += "\n\n" + t
	}
	x.Label(e, label)
	x.ReplaceClose(e, "")
	return true
}
