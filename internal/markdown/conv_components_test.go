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

// A VitePress page's Vue components go through the same conversion as an MDX page's (named, their text
// kept), while what is MDX syntax only stays text: an import line, braces; a component never closed (Vue
// refuses it) is left as written for the analysis to name.
func TestVitePressComponentsAreConverted(t *testing.T) {
	src := "<MasteringPiniaLink\n  href=\"https://masteringpinia.com/x\"\n  title=\"Learn all about state in Pinia\"\n/>\n\n" +
		"import is a word here, {braces} too.\n\n<vue-school-link title=\"Options API\" :href=\"link\" />\n\nA Store<T> in text.\n"
	r, err := Process(context.Background(), []byte(src), Options{Vue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "**[Learn all about state in Pinia](https://masteringpinia.com/x)**\n\n\nimport is a word here, {braces} too.\n\n**Options API**\n\nA Store<T> in text.\n"
	if string(r.Body) != want {
		t.Errorf("body:\n%q\nwant\n%q", r.Body, want)
	}
	if r.Components["MasteringPiniaLink"] != 1 || r.Components["vue-school-link"] != 1 || r.Components["T"] != 0 || r.ESM != 0 {
		t.Errorf("components %v, ESM %d", r.Components, r.ESM)
	}
	var jsx bool
	for _, f := range r.Doc.Findings {
		jsx = jsx || f.Kind == FindingJSX && f.Text == "<T>"
	}
	if !jsx {
		t.Errorf("<T> not found by the analysis: %+v", r.Doc.Findings)
	}
}

// A card with nothing to show in the article (a VitePress site's own <LinkCard link> that shows the linked
// page's title) is named, not counted as converted in silence.
func TestEmptyCardIsNamed(t *testing.T) {
	r, err := Process(context.Background(), []byte("<LinkCard link=\"features/canvas-size\" />\n"), Options{Vue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Message, "<LinkCard> has no title, link or text here: what it shows is not in the article") {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
}

// An MDX expression a reader would see as written ({props.x}) is named, once for the page with a count;
// literals become their text; expressions inside an element replaced as a whole are not counted.
func TestExpressionsInTextAreNamed(t *testing.T) {
	src := "A {'/'} B {props.x} and {count}.\n\n<Snippet file=\"missing.mdx\" />\n\n<img src=\"/a.png\" alt=\"a\" />\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(r.Body), "A / B {props.x} and {count}.\n") {
		t.Errorf("body %q", r.Body)
	}
	var msgs []string
	for _, d := range r.Diagnostics {
		if d.Code == "jsx" {
			msgs = append(msgs, d.Message)
			if d.Line != 1 || d.Col != 11 {
				t.Errorf("at %d:%d", d.Line, d.Col)
			}
		}
	}
	if len(msgs) != 1 || msgs[0] != "the expression {props.x} (and 1 more) is shown as written: its value is computed by the site's build" {
		t.Errorf("jsx diagnostics %q", msgs)
	}
}

// <CommandTabs> keeps its commands as labelled code blocks; a command it cannot read is named.
func TestCommandTabsKeepTheirCommands(t *testing.T) {
	r, err := Process(context.Background(), []byte("<CommandTabs npm=\"npm run tauri dev\" bun={cmd} />\n"), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "**npm**\n\n```sh\nnpm run tauri dev\n```\n"; string(r.Body) != want || r.Converted["tabs"] != 1 {
		t.Errorf("body %q, converted %v", r.Body, r.Converted)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Message != "the command of <CommandTabs> bun={cmd} cannot be read: not in the article" {
		t.Errorf("diagnostics %+v", r.Diagnostics)
	}
}

// A title on <CommandTabs> is shown as a component's title, and its class or id is no command.
func TestCommandTabsTitleAndClassAreNoCommands(t *testing.T) {
	src := "<CommandTabs title=\"Start the app\" class=\"wide\" id=\"dev\" npm=\"npm run dev\" cargo=\"cargo run\" />\n"
	r, err := Process(context.Background(), []byte(src), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "**Start the app**\n\n**npm**\n\n```sh\nnpm run dev\n```\n\n**cargo**\n\n```sh\ncargo run\n```\n"
	if string(r.Body) != want || r.Converted["tabs"] != 2 || len(r.Diagnostics) != 0 {
		t.Errorf("body %q (want %q), converted %v, diagnostics %+v", r.Body, want, r.Converted, r.Diagnostics)
	}
}

// A text attribute that mentions a URL or a path is text; one that is only an address is not.
func TestTextAttributeMentioningAURL(t *testing.T) {
	r, err := Process(context.Background(), []byte("<Panel title=\"/etc/hosts\" description=\"The base URL is https://api.example.com/v1\" />\n"), Options{MDX: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "**The base URL is https://api.example.com/v1**\n"; string(r.Body) != want {
		t.Errorf("body %q, want %q", r.Body, want)
	}
}

// In a VitePress page (CommonMark), a component shown in an indented code block stays as written.
func TestVitePressIndentedCodeIsCode(t *testing.T) {
	src := "Use it so:\n\n    <MyButton title=\"Save\" />\n\n<MyButton title=\"Save\" />\n"
	// and in a list item, four columns past its content
	if r, err := Process(context.Background(), []byte("- Step one\n\n      <Other label=\"L\">inner</Other>\n"), Options{Vue: true}); err != nil || string(r.Body) != "- Step one\n\n      <Other label=\"L\">inner</Other>\n" {
		t.Errorf("in an item: %v %q", err, r.Body)
	}
	r, err := Process(context.Background(), []byte(src), Options{Vue: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Use it so:\n\n    <MyButton title=\"Save\" />\n\n**Save**\n"; string(r.Body) != want {
		t.Errorf("body %q, want %q", r.Body, want)
	}
}
