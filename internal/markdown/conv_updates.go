package markdown

import "strings"

// Mintlify's changelog entries, <Update label="August 21, 2026" description="v2.1">, become what its site
// shows: the label (the release date or version; the site makes an anchor of it, as of a heading) as a
// level-2 heading, the description below it, then the entry's content. The tags and the rss text only
// feed the page's filters and its RSS feed.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Update"}, Count: "changelog entries", Convert: convertUpdate})
}

func convertUpdate(x *Editor, e *Element) {
	label := strings.Join(strings.Fields(e.Open.String("label")), " ")
	desc := strings.Join(strings.Fields(e.Open.String("description")), " ")
	var head []string
	if label != "" {
		head = append(head, "## "+escapeText(label))
	}
	if desc != "" {
		head = append(head, escapeText(desc))
	}
	if len(head) == 0 {
		x.Warn(e, "jsx", openName(e.Name)+" has no label: its entry is shown without a heading")
	}
	if !x.startsLine(&e.Open) && len(head) > 0 {
		head[0] = "\n\n" + head[0] // a heading starts its line
	}
	x.Label(e, strings.Join(head, "\n\n"))
	x.ReplaceClose(e, "")
}
