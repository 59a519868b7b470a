package markdown

import (
	"slices"
	"strings"
)

// <CommandTabs npm="npm run tauri dev" yarn="yarn tauri dev" cargo="cargo tauri dev" /> (a common site
// component of Starlight sites: Tauri's) shows one tab per package manager, each the command of its
// attribute in a code block. It becomes what <Tabs> of code become: each command a code block under its
// package manager's name in bold. A text attribute (title, label…: textAttrs) is shown as other components'
// are, above the commands, and markup attributes (class, id, key, style) are no command. An attribute that is
// no string is named in a warning.
func init() {
	RegisterElement(ElementConverter{Names: []string{"CommandTabs"}, Convert: convertCommandTabs})
}

// markupAttrs are attributes any component may carry that hold no command.
var markupAttrs = []string{"class", "className", "id", "key", "style"}

func convertCommandTabs(x *Editor, e *Element) {
	var parts, unread []string
	texts, _ := attrText(&e.Open)
	for i, t := range texts {
		if i == 0 {
			t[1] = "**" + t[1] + "**"
		}
		parts = append(parts, t[1])
	}
	for _, a := range e.Open.Attrs {
		if slices.Contains(textAttrs, a.Name) || slices.Contains(markupAttrs, a.Name) {
			continue
		}
		cmd := strings.TrimSpace(e.Open.String(a.Name))
		switch {
		case cmd != "":
			parts = append(parts, "**"+escapeText(a.Name)+"**\n\n"+fenced(cmd, "sh"))
			x.Count("tabs")
		case a.Expr:
			unread = append(unread, a.Name+"={"+short(a.Value)+"}")
		}
	}
	if len(unread) > 0 {
		x.Warn(e, "jsx", "the command"+map[bool]string{true: "s", false: ""}[len(unread) > 1]+" of "+openName(e.Name)+" "+strings.Join(unread, ", ")+
			" cannot be read: not in the article")
	}
	if len(parts) == len(texts) {
		x.Warn(e, "jsx", openName(e.Name)+" has no command atender can read: what it shows is not in the article")
	}
	x.ReplaceElement(e, x.indentPieces(e, strings.Join(parts, "\n\n")))
}
