package markdown

import (
	"fmt"
	"strings"
)

// Mintlify's <Steps><Step title="Install">…</Step></Steps> becomes a numbered list: each step an item with
// its title in bold, its content indented under it. Starlight's <Steps> holds a numbered list already: its
// tags are dropped.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Steps"}, Convert: convertSteps})
}

func convertSteps(x *Editor, e *Element) {
	dropTags(x, e)
	n := 0
	for _, s := range e.Children {
		if s.Name != "Step" {
			continue
		}
		n++
		x.Dedent(s)
		title := fmt.Sprintf("Step %d", n)
		if a, ok := s.Open.Attr("title"); ok && !a.Expr && strings.TrimSpace(a.Value) != "" {
			title = strings.TrimSpace(a.Value)
		}
		marker := fmt.Sprintf("%d. ", n)
		x.Label(s, marker+"**"+title+"**")
		x.ReplaceClose(s, "")
		x.Prefix(s, strings.Repeat(" ", len(marker)), false)
		x.Count("steps")
		x.Handled(s)
	}
	if n == 0 {
		x.Count("steps")
	}
}
