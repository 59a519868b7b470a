package markdown

import "strings"

// Victory's Docusaurus site states each prop's type and default in badges: <Badges><TypeBadge
// value="string" /><DefaultsBadge value="0" /></Badges>. They become the text they show ("Type: `string`",
// "Default: `0`"); without them the article would lose what each prop is.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Badges"}, Convert: dropTags})
	RegisterElement(ElementConverter{Names: []string{"TypeBadge", "DefaultsBadge"}, Count: "badges", Convert: convertBadge})
}

func convertBadge(x *Editor, e *Element) {
	label := map[string]string{"TypeBadge": "Type", "DefaultsBadge": "Default"}[e.Name]
	v := strings.Join(strings.Fields(e.Open.String("value")), " ")
	if v == "" {
		if a, ok := e.Open.Attr("value"); ok && a.Expr {
			v = strings.Join(strings.Fields(a.Value), " ")
		}
	}
	if v == "" {
		x.Warn(e, "jsx", openName(e.Name)+" has no value: it is left out")
		x.ReplaceElement(e, "")
		return
	}
	x.ReplaceElement(e, "*"+label+":* "+codeSpan(v))
}
