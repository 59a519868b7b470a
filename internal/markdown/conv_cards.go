package markdown

import (
	"strings"
)

// Cards of Mintlify (<Card title href icon>, <CardGroup>, <Columns>) and Starlight (<Card title icon>,
// <CardGrid>, <LinkCard title href description>) become what they show: the title in bold, a link when the
// card has one, its text below. The cards of a group become the items of a list, so that each keeps its
// title apart from the next card's; a card alone is a bold title over its text. The link is an ordinary
// Markdown link, so it is resolved and rewritten as every other link of the page. Icons are decoration and
// are left out.
//
//	<CardGroup cols={2}>                            (an empty line)
//	  <Card title="Start" href="/quickstart">   →   - **[Start](/quickstart)**
//	    Get started in 5 minutes.                     (an empty line)
//	  </Card>                                         Get started in 5 minutes.
//	</CardGroup>
func init() {
	RegisterElement(ElementConverter{Names: []string{"Card", "LinkCard"}, Count: "cards", Convert: convertCard})
	RegisterElement(ElementConverter{Names: []string{"CardGroup", "CardGrid", "Columns"}, Convert: dropTags})
}

// cardGroups are the elements whose cards are the items of a list.
var cardGroups = map[string]bool{"CardGroup": true, "CardGrid": true, "Columns": true}

func convertCard(x *Editor, e *Element) {
	title := cardTitle(x, e)
	if href := strings.TrimSpace(e.Open.String("href")); href != "" {
		if title == "" {
			title = escapeText(href)
		}
		title = "[" + title + "](" + linkDest(href) + ")"
	}
	if title != "" {
		title = "**" + title + "**"
	}
	if img := strings.TrimSpace(e.Open.String("img")); img != "" { // Mintlify: a picture on top of the card
		title = "![](" + linkDest(img) + ")\n" + title
	}
	desc := strings.Join(strings.Fields(e.Open.String("description")), " ") // LinkCard
	if title == "" && desc == "" && strings.TrimSpace(x.Children(e)) == "" {
		// a site's own card that finds its text elsewhere (<LinkCard link="features/x" />: the page's title)
		x.Warn(e, "jsx", openName(e.Name)+" has no title, link or text here: what it shows is not in the article")
	}
	inGroup := e.Parent != nil && cardGroups[e.Parent.Name]
	switch {
	case !x.startsLine(&e.Open):
		// among text: the title where the tag was, the text after it
		if title != "" && (desc != "" || e.Close != nil) {
			title += " — "
		}
		x.ReplaceOpen(e, title+escapeText(desc))
		x.ReplaceClose(e, "")
	case inGroup:
		item := "- " + title
		if desc != "" {
			item += "\n\n  " + escapeText(desc)
		}
		// a list item starts its line, whatever indentation the tag had
		x.Replace(x.lineStart(e.Open.Start), e.Open.Start, "")
		x.Label(e, strings.ReplaceAll(item, "\n**", "\n  **"))
		x.Prefix(e, "  ", false)
		x.ReplaceClose(e, "")
	default:
		if desc != "" {
			title += "\n\n" + escapeText(desc)
		}
		x.Label(e, title)
		x.ReplaceClose(e, "")
	}
}

// cardTitle is the title of a card in Markdown ("" when it has none). A title written as an expression other
// than a string is kept as written, with a warning.
func cardTitle(x *Editor, e *Element) string {
	a, ok := e.Open.Attr("title")
	if !ok {
		return ""
	}
	if s := e.Open.String("title"); s != "" || !a.Expr {
		return escapeText(strings.Join(strings.Fields(s), " "))
	}
	x.Warn(e, "jsx", "the title of "+openName(e.Name)+" is an expression ("+short(a.Value)+"): it is shown as written")
	return escapeText(strings.Join(strings.Fields(a.Value), " "))
}

// escapeText escapes what would make Markdown of plain text: emphasis, links, code, HTML.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\`*_[]<>", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// linkDest is a URL written as the destination of a Markdown link or image: in <…> when it holds spaces or
// parentheses.
func linkDest(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}

// short is an expression shortened for a message.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:37] + "…"
	}
	return s
}
