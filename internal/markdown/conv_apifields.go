package markdown

import (
	"strings"
)

// Mintlify's API fields — <ParamField path|query|body|header="name" type required default>, <ResponseField
// name type required> and the <Expandable title> that holds the fields of an object — become a list of
// definitions: each field an item with its name in code and bold, then its type, where it goes, whether it
// is required and its default, its description indented below it; the fields of an <Expandable> are a list
// inside the item, under its title.
//
//	<ParamField query="limit" type="number" default="50">   →   - **`limit`** · number · query · default: `50`
//	  How many to return.                                         (an empty line)
//	</ParamField>                                                 How many to return.
func init() {
	RegisterElement(ElementConverter{Names: []string{"ParamField", "ResponseField"}, Count: "API fields", Convert: convertAPIField})
	RegisterElement(ElementConverter{Names: []string{"Expandable"}, Convert: convertExpandable})
}

// paramPlaces are the attributes of a <ParamField> that name it and say where it goes.
var paramPlaces = []string{"path", "query", "body", "header", "cookie"}

func convertAPIField(x *Editor, e *Element) {
	name, place := "", ""
	if e.Name == "ParamField" {
		for _, p := range paramPlaces {
			if v := e.Open.String(p); v != "" {
				name, place = v, p
				break
			}
		}
	} else {
		name = e.Open.String("name")
	}
	parts := []string{}
	if name != "" {
		parts = append(parts, "**"+codeSpan(name)+"**")
	}
	if t := strings.TrimSpace(e.Open.String("type")); t != "" {
		parts = append(parts, escapeText(t))
	}
	if place != "" {
		parts = append(parts, place)
	}
	if isSet(e, "required") {
		parts = append(parts, "required")
	}
	if isSet(e, "deprecated") {
		parts = append(parts, "deprecated")
	}
	if d, ok := e.Open.Attr("default"); ok && strings.TrimSpace(d.Value) != "" {
		parts = append(parts, "default: "+codeSpan(strings.TrimSpace(d.Value)))
	}
	item := "- " + strings.Join(parts, " · ")
	if !x.startsLine(&e.Open) || e.Close != nil && !x.Alone(&e.Open) {
		// among text, or its description on the tag's line: all on one line
		if e.Close != nil && strings.TrimSpace(x.Children(e)) != "" {
			item += " — "
		}
		if !x.startsLine(&e.Open) {
			item = strings.TrimPrefix(item, "- ")
		}
		x.ReplaceOpen(e, item)
		x.ReplaceClose(e, "")
		return
	}
	x.Replace(x.lineStart(e.Open.Start), e.Open.Start, "") // a list item starts its line
	x.Label(e, item)
	x.Prefix(e, "  ", false)
	x.ReplaceClose(e, "")
}

func convertExpandable(x *Editor, e *Element) {
	title := strings.Join(strings.Fields(e.Open.String("title")), " ")
	if title == "" {
		title = "properties"
	}
	x.Label(e, "*"+escapeText(title)+"*")
	x.ReplaceClose(e, "")
}

// codeSpan is s as a code span whose backticks outlast any run in s.
func codeSpan(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// isSet reports whether a boolean attribute is set: written bare (required), or anything but false.
func isSet(e *Element, name string) bool {
	a, ok := e.Open.Attr(name)
	v := strings.TrimSpace(a.Value)
	return ok && v != "false" && v != `"false"`
}
