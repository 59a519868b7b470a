package markdown

import (
	"strconv"
	"strings"
)

// In an MDX page an HTML element is JSX: its children are Markdown and its indentation means nothing, and
// its attributes may be JSX (className, style={{…}}, value={x}) that HTML cannot hold, so that the page sent
// as written would show `{{…}}` and indented lines as code. Such elements become HTML the help center reads:
//   - layout elements (<div>, <span>, <section>… with only className, style, id-less presentational
//     attributes) only hold their children: their tags are dropped, the children unindented, as a fragment's;
//   - any other element keeps its tags, its children unindented (but in <pre>), and a tag with JSX
//     attributes is written again as HTML: className → class, htmlFor → for, a literal {"x"} or {3} quoted,
//     {true} a bare name; style={{…}} is left out (the help center drops styles), and so are event handlers,
//     key and ref; any other expression is left out with a warning that names it;
//   - a picture inside an element kept as HTML stays an <img> (a Markdown image there would be text).
//
// A VitePress page's HTML is HTML, and is left as written.

// layoutElements only lay out what they hold.
var layoutElements = map[string]bool{"div": true, "span": true, "section": true, "center": true, "main": true,
	"article": true, "header": true, "footer": true}

// literalHTML are the elements whose text is shown as written: their lines are not unindented.
var literalHTML = map[string]bool{"pre": true, "code": true, "textarea": true, "script": true, "style": true}

// convertHTML converts an HTML element of an MDX page that no converter has. It reports whether e is kept as
// HTML (the elements inside it are then inside HTML).
func convertHTML(x *Editor, e *Element) (kept bool) {
	if layoutElements[e.Name] && presentational(&e.Open) {
		x.Dedent(e)
		dropTags(x, e)
		x.Count("layout elements")
		return false
	}
	if !literalHTML[e.Name] {
		x.Dedent(e)
	}
	if html, ok := x.htmlTag(e); ok {
		x.ReplaceOpen(e, html)
	}
	return true
}

// presentational reports whether a tag has only attributes that style it: what it holds is all it shows.
func presentational(t *Tag) bool {
	for _, a := range t.Attrs {
		switch n := a.Name; {
		case n == "className" || n == "class" || n == "style" || n == "key" || n == "align" || n == "role" || n == "dir":
		case strings.HasPrefix(n, "data-") || strings.HasPrefix(n, "aria-"):
		default:
			return false
		}
	}
	return true
}

// htmlTag is e's opening tag written as HTML, when it has JSX attributes (ok false: it is HTML already).
func (x *Editor) htmlTag(e *Element) (string, bool) {
	if !e.Open.jsx() {
		return "", false
	}
	var b strings.Builder
	var unread []string
	b.WriteString("<" + e.Name)
	for _, a := range e.Open.Attrs {
		name := map[string]string{"className": "class", "htmlFor": "for"}[a.Name]
		if name == "" {
			name = a.Name
		}
		v, bare, ok := a.Value, a.Start < 0, true
		if a.Expr {
			v, bare, ok = literal(a.Value)
		}
		switch {
		case a.Expr && strings.TrimSpace(a.Value) == "false":
			// no attribute
		case !ok && (a.Name == "style" || a.Name == "key" || a.Name == "ref" || strings.HasPrefix(a.Name, "on")):
			// styling and behaviour: nothing the reader reads
		case !ok:
			unread = append(unread, a.Name+"={"+short(a.Value)+"}")
		case bare:
			b.WriteString(" " + name)
		default:
			b.WriteString(" " + name + `="` + attrEscape(v) + `"`)
		}
	}
	if e.Open.SelfClose {
		b.WriteString(" /")
	}
	b.WriteString(">")
	if len(unread) > 0 && !x.warned["<"+e.Name] { // once a page for each element name
		x.warned["<"+e.Name] = true
		x.Warn(e, "jsx", openName(e.Name)+" has JSX attribute"+map[bool]string{true: "s", false: ""}[len(unread) > 1]+" HTML cannot hold ("+
			strings.Join(unread, ", ")+"): left out of the article")
	}
	return b.String(), true
}

// literal reads a JSX attribute expression that is a literal: a string, a number, or true (a bare
// attribute).
func literal(expr string) (v string, bare, ok bool) {
	s := strings.TrimSpace(expr)
	t := Tag{Attrs: []Attr{{Name: "v", Value: s, Expr: true}}}
	if v := t.String("v"); v != "" || s == `""` || s == "''" || s == "``" {
		return v, false, true
	}
	if s == "true" {
		return "", true, true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s, false, true
	}
	return "", false, false
}

// inHTML reports whether e is inside an element kept as HTML.
func (x *Editor) inHTML(e *Element) bool {
	for p := e.Parent; p != nil; p = p.Parent {
		if x.html[p] {
			return true
		}
	}
	return false
}

// attrEscape escapes text for an HTML attribute's quoted value.
func attrEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}

// jsx reports whether a tag has attributes HTML cannot hold as written: expressions, className, htmlFor.
func (t *Tag) jsx() bool {
	for _, a := range t.Attrs {
		if a.Expr || a.Name == "className" || a.Name == "htmlFor" {
			return true
		}
	}
	return false
}
