package markdown

import "strings"

// <details><summary>Title</summary>…</details> and Mintlify's <Accordion title="…"> become a labelled
// section: the title in bold, the content below it (Atender has no collapsed sections, so it is shown).
// <AccordionGroup> only groups them: its tags are dropped.
func init() {
	RegisterElement(ElementConverter{Names: []string{"details"}, Count: "accordions", Convert: convertDetails})
	RegisterElement(ElementConverter{Names: []string{"Accordion"}, Count: "accordions", Convert: convertAccordion})
	RegisterElement(ElementConverter{Names: []string{"AccordionGroup"}, Convert: dropTags})
}

func convertDetails(x *Editor, e *Element) {
	dropTags(x, e)
	for _, s := range e.Children {
		if s.Name == "summary" && s.Close != nil {
			x.ReplaceElement(s, "**"+strings.Join(strings.Fields(x.Children(s)), " ")+"**")
			break
		}
	}
}

func convertAccordion(x *Editor, e *Element) {
	label := ""
	if a, ok := e.Open.Attr("title"); ok && !a.Expr && strings.TrimSpace(a.Value) != "" {
		label = "**" + strings.TrimSpace(a.Value) + "**"
	}
	x.Label(e, label)
	x.ReplaceClose(e, "")
}
