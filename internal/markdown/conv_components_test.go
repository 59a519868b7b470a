package markdown

import (
	"context"
	"strings"
	"testing"
)

// A component no converter knows keeps the text its attributes show the reader, and counts as text then
// (not as a component whose rendering is missing); a text attribute it cannot read is named by a warning.
func TestUnknownComponentKeepsAttributeText(t *testing.T) {
	src := "<HeroCard filename=\"rocket\" title=\"Quickstart\" href=\"/quickstart\" />\n\n<Widget id=\"w1\" />\n\n" +
		"<Panel title={props.heading}>\n  Shown.\n</Panel>\n\n<Panel title={`x ${y}`}>\n  Again.\n</Panel>\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	body := string(r.Body)
	if !strings.Contains(body, "**[Quickstart](/quickstart)**") || strings.Contains(body, "rocket") || strings.Contains(body, "w1") {
		t.Errorf("body:\n%s", body)
	}
	if r.Components["HeroCard"] != 1 || r.NoText["HeroCard"] != 0 || r.NoText["Widget"] != 1 || r.Components["Panel"] != 2 {
		t.Errorf("components %v, no text %v", r.Components, r.NoText)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Line != 5 || r.Diagnostics[0].Code != "jsx" ||
		!strings.Contains(r.Diagnostics[0].Message, "the title attribute of <Panel> is an expression atender cannot read (title={props.heading}): its text is not in the article") {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
	// the link of the card is a link of the page, resolved as any other
	if len(r.Doc.Refs) != 1 || r.Doc.Refs[0].Dest != "/quickstart" {
		t.Errorf("refs %+v", r.Doc.Refs)
	}
}
