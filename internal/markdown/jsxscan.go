package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Attr is one attribute of a JSX tag: name="text", name='text', name={expression}, a bare name (true), or a
// spread {...props} (Name "", Expr set).
type Attr struct {
	Name  string
	Value string // the quoted text, or the expression's source without its braces
	Expr  bool
	// Start:End is the byte range of Value in the source (inside the quotes or braces); -1 for a bare name.
	Start, End int
}

// Tag is one JSX tag of the source: <Name a="b">, </Name>, <Name />, or a fragment's <> and </>.
type Tag struct {
	Name      string // "" for a fragment
	Close     bool   // </Name>
	SelfClose bool   // <Name />
	Attrs     []Attr
	// Start:End is the byte range of the tag, from its '<' to past its '>'.
	Start, End int
}

// Attr returns the value of the named attribute and whether the tag has it.
func (t *Tag) Attr(name string) (Attr, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// String returns the value of a quoted attribute ("" when it is missing or an expression). An expression
// that is only a string literal ({"Linux"}, {'x'}, {`x`}) counts as quoted.
func (t *Tag) String(name string) string {
	a, ok := t.Attr(name)
	if !ok {
		return ""
	}
	if !a.Expr {
		return a.Value
	}
	v := strings.TrimSpace(a.Value)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'' || v[0] == '`') && v[len(v)-1] == v[0] && !strings.ContainsAny(v[1:len(v)-1], string(v[0])+"${") {
		return v[1 : len(v)-1]
	}
	return ""
}

// scanner scans the tags and expressions of one source. Every scan is linear in what it reads, and all scans
// together may read at most a few times the source: a hostile page of unclosed `<A {` would otherwise read to
// its end from each of them.
type scanner struct {
	src          []byte
	spent, limit int
	// the last search for a comment's "-->": from cmtFrom, found at cmtAt (-1: none after cmtFrom)
	cmtFrom, cmtAt int
}

// scanBudget is how many times its length the scans of a source may read in all, plus a constant.
const scanBudget = 8

func newScanner(src []byte) *scanner {
	return &scanner{src: src, limit: scanBudget*len(src) + 1<<20, cmtFrom: -1}
}

// commentEnd returns the offset past the first "-->" at or after from, or -1. Searches go forward, and one
// that found nothing answers every later one, so a page of unclosed `<!--` is read once.
func (s *scanner) commentEnd(from int) int {
	if s.cmtFrom < 0 || from < s.cmtFrom || s.cmtAt >= 0 && s.cmtAt < from {
		s.cmtFrom, s.cmtAt = from, -1
		if i := bytes.Index(s.src[from:], []byte("-->")); i >= 0 {
			s.cmtAt = from + i
			s.charge(from, s.cmtAt)
		} else {
			s.charge(from, len(s.src))
		}
	}
	if s.cmtAt < 0 {
		return -1
	}
	return s.cmtAt + 3
}

// charge counts n bytes read, and stops the parse with a *ComplexityError when the budget is spent.
func (s *scanner) charge(from, to int) {
	if s.spent += to - from; s.spent > s.limit {
		line := bytes.Count(s.src[:from], []byte{'\n'}) + 1
		panic(&ComplexityError{Line: line, Reason: fmt.Sprintf("JSX tags or `{…}` expressions read over %d times the page's length by here: some `<` or `{` are probably never closed", scanBudget)})
	}
}

func isJSXNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c >= 0x80
}

func isJSXNameChar(c byte) bool {
	return isJSXNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == ':' || c == '-'
}

func isJSXSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (s *scanner) skipSpace(i int) int {
	for i < len(s.src) && isJSXSpace(s.src[i]) {
		i++
	}
	return i
}

// tagName returns the name of the tag that may start at src[i] ('<'), and whether it is a closing tag; ok is
// false when no tag name (or fragment) follows.
func tagName(src []byte, i int) (name string, closing, ok bool) {
	j := i + 1
	if j < len(src) && src[j] == '/' {
		closing = true
		j++
	}
	if j < len(src) && src[j] == '>' {
		return "", closing, true // a fragment
	}
	if j >= len(src) || !isJSXNameStart(src[j]) {
		return "", false, false
	}
	k := j
	for k < len(src) && isJSXNameChar(src[k]) {
		k++
	}
	return string(src[j:k]), closing, true
}

// isComponent reports whether a tag name is a component or fragment (an uppercase first letter, a member
// expression like Foo.Bar, or ""), as opposed to an HTML element.
func isComponent(name string) bool {
	if name == "" || strings.Contains(name, ".") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// jsxInline are the HTML elements parsed as JSX inside a paragraph too (converters read them); other HTML
// elements in text stay raw HTML.
var jsxInline = map[string]bool{"details": true, "summary": true, "img": true}

// scanTag reads the JSX tag at s.src[i] ('<'); ok is false when there is none there.
func (s *scanner) scanTag(i int) (t Tag, ok bool) {
	src := s.src
	t.Start = i
	j := i + 1
	defer func() { s.charge(i, max(j, i+1)) }()
	if j < len(src) && src[j] == '/' {
		t.Close = true
		j++
	}
	ns := j
	for j < len(src) && isJSXNameChar(src[j]) && (j > ns || isJSXNameStart(src[j])) {
		j++
	}
	t.Name = string(src[ns:j])
	for {
		j = s.skipSpace(j)
		if j >= len(src) {
			return t, false
		}
		c := src[j]
		switch {
		case c == '>':
			j++
			t.End = j
			return t, true
		case c == '/' && !t.Close && t.Name != "":
			if j+1 < len(src) && src[j+1] == '>' {
				j += 2
				t.SelfClose, t.End = true, j
				return t, true
			}
			return t, false
		case t.Close || t.Name == "":
			return t, false
		case c == '{':
			e, ok := s.skipExpr(j)
			if !ok {
				return t, false
			}
			t.Attrs = append(t.Attrs, Attr{Value: string(src[j+1 : e-1]), Expr: true, Start: j + 1, End: e - 1})
			j = e
		case isJSXNameStart(c) || c == ':' || c == '@' || c == '#': // Vue: :prop, @event, #slot
			var a Attr
			if a, j, ok = s.scanAttr(j); !ok {
				return t, false
			}
			t.Attrs = append(t.Attrs, a)
		default:
			return t, false
		}
	}
}

// scanAttr reads the attribute at s.src[j] (a name start): its name and value, and where it ends.
func (s *scanner) scanAttr(j int) (Attr, int, bool) {
	src := s.src
	as := j
	for j++; j < len(src) && isJSXNameChar(src[j]); j++ { // past the first character: a name start, or Vue's : @ #
	}
	a := Attr{Name: string(src[as:j]), Start: -1, End: -1}
	k := s.skipSpace(j)
	if k >= len(src) || src[k] != '=' {
		return a, j, true
	}
	k = s.skipSpace(k + 1)
	if k >= len(src) {
		return a, k, false
	}
	switch q := src[k]; q {
	case '"', '\'':
		e := bytes.IndexByte(src[k+1:], q)
		if e < 0 {
			return a, len(src), false
		}
		a.Value, a.Start, a.End = string(src[k+1:k+1+e]), k+1, k+1+e
		return a, k + 2 + e, true
	case '{':
		e, ok := s.skipExpr(k)
		if !ok {
			return a, len(src), false
		}
		a.Value, a.Expr, a.Start, a.End = string(src[k+1:e-1]), true, k+1, e-1
		return a, e, true
	}
	return a, k, false
}

// skipExpr reads the JavaScript expression in braces at s.src[i] ('{') by matching braces, past strings,
// template literals and comments: where it ends (past its '}'). A quote that is not closed on its line is
// taken as a character of text (JSX text inside the expression: {<p>don't</p>}).
func (s *scanner) skipExpr(i int) (end int, ok bool) {
	src := s.src
	depth := 0
	j := i
	defer func() { s.charge(i, max(j, i+1)) }()
	for ; j < len(src); j++ {
		switch c := src[j]; c {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				j++
				return j, true
			}
		case '"', '\'':
			k := j + 1
			for k < len(src) && src[k] != c && src[k] != '\n' {
				if src[k] == '\\' {
					k++
				}
				k++
			}
			if k < len(src) && src[k] == c {
				j = k
			}
		case '`':
			k := bytes.IndexByte(src[j+1:], '`')
			if k < 0 {
				j = len(src)
				return 0, false
			}
			j += k + 1
		case '/':
			if j+1 < len(src) && src[j+1] == '*' {
				k := bytes.Index(src[j+2:], []byte("*/"))
				if k < 0 {
					j = len(src)
					return 0, false
				}
				j += k + 3
			} else if j+1 < len(src) && src[j+1] == '/' {
				k := bytes.IndexByte(src[j:], '\n')
				if k < 0 {
					j = len(src)
					return 0, false
				}
				j += k
			}
		}
	}
	return 0, false
}

// isComment reports whether an expression's source (without braces) is only comments: {/* … */}.
func isComment(expr []byte) bool {
	e := bytes.TrimSpace(expr)
	if len(e) == 0 {
		return false
	}
	for len(e) > 0 {
		if !bytes.HasPrefix(e, []byte("/*")) {
			return false
		}
		k := bytes.Index(e[2:], []byte("*/"))
		if k < 0 {
			return false
		}
		e = bytes.TrimSpace(e[k+4:])
	}
	return true
}
