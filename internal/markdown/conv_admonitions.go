package markdown

import "strings"

// The admonition components of Mintlify (<Note>, <Tip>, <Warning>, <Info>, <Check>, <Danger>, <Callout>),
// Starlight (<Aside type="caution" title="…">) and Docusaurus (<Admonition type="tip" title="…">) become
// the block quote with a bold label that `:::tip` admonitions become:
//
//	<Note>                > **Note:**
//	  Text.        →      > Text.
//	</Note>               (an empty line)
func init() {
	RegisterElement(ElementConverter{Names: []string{"Note", "Tip", "Warning", "Info", "Check", "Danger", "Callout", "Aside", "Admonition"},
		Count: "admonitions", Convert: convertAdmonition})
}

func convertAdmonition(x *Editor, e *Element) {
	label := admonitionLabel(e)
	if !x.startsLine(&e.Open) {
		// among text: a bold label where the tag was
		if label == "" {
			label = " "
		}
		x.ReplaceOpen(e, label+" ")
		x.ReplaceClose(e, "")
		return
	}
	x.Prefix(e, "> ", true)
	if !x.Alone(&e.Open) && label != "" {
		label += "\n" // `<Note>Text`: the label on its own line, as `:::note` gives
	}
	x.ReplaceOpen(e, label)
	x.ReplaceClose(e, "")
}

// admonitionLabel is what the `:::` converter labels the same admonition with: its title in bold, else its
// type ("**Warning:**"); "" for a <Callout> without a title.
func admonitionLabel(e *Element) string {
	if a, ok := e.Open.Attr("title"); ok && strings.TrimSpace(a.Value) != "" && !a.Expr {
		return "**" + strings.TrimSpace(a.Value) + "**"
	}
	kind := e.Name
	switch e.Name {
	case "Aside", "Admonition":
		kind = "note" // Starlight's default type
		if a, ok := e.Open.Attr("type"); ok && a.Value != "" && !a.Expr {
			kind = a.Value
		}
	case "Callout":
		return ""
	}
	return "**" + capitalize(kind) + ":**"
}

// startsLine reports whether only indentation stands before the tag on its line.
func (x *Editor) startsLine(t *Tag) bool {
	return blank(x.src[x.lineStart(t.Start):t.Start])
}
