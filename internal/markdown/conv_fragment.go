package markdown

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/atender/atender/internal/escape"
)

// Astro's <Fragment set:html={"…"} /> puts a string of HTML on the page: Starlight sites generate the
// output of examples so (biome's rule pages: a linter's diagnostics, as <pre><code>…</code></pre>). A
// <pre> becomes a code block of its text (tags left out, line breaks kept, entities decoded), as the page
// shows it; other HTML is kept as raw HTML. A Fragment without set:html only groups its children, whose
// tags are all that is dropped.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Fragment"}, Convert: convertFragment})
}

var langRe = regexp.MustCompile(`language-([\w+-]+)`)

func convertFragment(x *Editor, e *Element) {
	a, ok := e.Open.Attr("set:html")
	if !ok {
		dropTags(x, e)
		return
	}
	s, ok := jsString(strings.TrimSpace(a.Value))
	if !a.Expr {
		s, ok = a.Value, true
	}
	if !ok {
		x.Warn(e, "jsx", "<Fragment set:html={"+short(a.Value)+"}> is an expression atender cannot evaluate: the HTML it makes is left out")
		x.ReplaceElement(e, "")
		return
	}
	x.ReplaceElement(e, x.indentPieces(e, fragmentMarkdown(s)))
	x.Count("HTML fragments")
}

// fragmentMarkdown is what a string of HTML shows, in Markdown: the text of a <pre> as a code block, other
// HTML as it is.
func fragmentMarkdown(s string) string {
	codeAttrs, inner, ok := preElement(s)
	if !ok {
		return strings.TrimSpace(s)
	}
	lang := "text"
	if l := langRe.FindStringSubmatch(codeAttrs); l != nil {
		lang = l[1]
	}
	text := html.UnescapeString(withoutTags(breaksAsNewlines(inner)))
	text = strings.TrimRight(text, " \n")
	return fenced(text, lang)
}

// fenced is text as a fenced code block of language lang, its fence longer than any run of backticks in it.
func fenced(text, lang string) string {
	fence := escape.CodeFence(text)
	return fence + lang + "\n" + text + "\n" + fence
}

// regexpSpace is what \s matches in a regexp: ASCII white space.
const regexpSpace = "\t\n\f\r "

// preElement reads s as one <pre> element with only white space around it: the attributes of a <code> tag
// right inside it, and the text between the tags (a </code> just before </pre> left out). It reads s as
// `(?s)^\s*<pre\b[^>]*>\s*(?:<code\b([^>]*)>)?(.*?)(?:</code>)?\s*</pre>\s*$` does (a test holds the two
// alike), in one pass: that expression's lazy middle made it a third of a Starlight tree's conversion time.
func preElement(s string) (codeAttrs, inner string, ok bool) {
	start := len(s) - len(strings.TrimLeft(s, regexpSpace))
	_, n, ok := openTag(s[start:], "pre")
	if !ok {
		return "", "", false
	}
	start += n
	end := len(strings.TrimRight(s, regexpSpace))
	closing := end - len("</pre>")
	if closing < start || s[closing:end] != "</pre>" {
		return "", "", false
	}
	body := s[start:closing]
	body = body[len(body)-len(strings.TrimLeft(body, regexpSpace)):]
	if attrs, n, ok := openTag(body, "code"); ok {
		codeAttrs, body = attrs, body[n:]
	}
	text := strings.TrimRight(body, regexpSpace)
	if t, ok := strings.CutSuffix(text, "</code>"); ok {
		return codeAttrs, t, true
	}
	return codeAttrs, text, true
}

// breaksAsNewlines replaces each <br>, <br/> or <BR /> (`(?i)<br\s*/?>`) by a line break.
func breaksAsNewlines(s string) string {
	return replaceTags(s, func(rest string) (string, int) {
		if len(rest) < 3 || !strings.EqualFold(rest[1:3], "br") {
			return "", 0
		}
		j := 3 + len(rest[3:]) - len(strings.TrimLeft(rest[3:], regexpSpace))
		if j < len(rest) && rest[j] == '/' {
			j++
		}
		if j < len(rest) && rest[j] == '>' {
			return "\n", j + 1
		}
		return "", 0
	})
}

// withoutTags leaves out every tag, opening or closing (`</?[A-Za-z][^>]*>`), and keeps the text.
func withoutTags(s string) string {
	return replaceTags(s, func(rest string) (string, int) {
		name := strings.TrimPrefix(rest[1:], "/")
		if name != "" && ('a' <= name[0] && name[0] <= 'z' || 'A' <= name[0] && name[0] <= 'Z') {
			if end := strings.IndexByte(name, '>'); end >= 0 {
				return "", len(rest) - len(name) + end + 1
			}
		}
		return "", 0
	})
}

// replaceTags writes s with each tag that tag reads replaced: tag is given s from a '<' on and says what
// replaces how many bytes of it (0: no tag there, the '<' is text).
func replaceTags(s string, tag func(rest string) (repl string, n int)) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			if b.Len() == 0 {
				return s
			}
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if repl, n := tag(s[i:]); n > 0 {
			b.WriteString(repl)
			s = s[i+n:]
			continue
		}
		b.WriteByte('<')
		s = s[i+1:]
	}
}

// openTag reads the opening tag <name …> at the start of s: its attributes (what follows the name, up to
// the first '>') and its length.
func openTag(s, name string) (attrs string, n int, ok bool) {
	if !strings.HasPrefix(s, "<"+name) {
		return "", 0, false
	}
	rest := s[1+len(name):]
	if rest != "" && isWordByte(rest[0]) { // <preview> is not a <pre>
		return "", 0, false
	}
	i := strings.IndexByte(rest, '>')
	if i < 0 {
		return "", 0, false
	}
	return rest[:i], 1 + len(name) + i + 1, true
}

// isWordByte is what \w matches in a regexp.
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// indentPieces puts the indentation of e's line (what is left of it once the enclosing elements' shared
// indentation is removed) in front of every line of text after its first, so that a multi-line
// replacement stays inside the list item it stands in.
func (x *Editor) indentPieces(e *Element, text string) string {
	l := x.lineOf(e.Open.Start)
	lead := string(x.src[x.lineStart(e.Open.Start):e.Open.Start])
	if strings.TrimSpace(lead) != "" || !strings.Contains(text, "\n") {
		return text
	}
	cut := min(x.cut[l], len(lead))
	if lead = lead[cut:]; lead == "" {
		return text
	}
	return strings.ReplaceAll(text, "\n", "\n"+lead)
}

// jsString decodes a JavaScript string literal ("…", '…', or a template literal without substitutions).
func jsString(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != lit[len(lit)-1] || !strings.ContainsRune(`"'`+"`", rune(lit[0])) {
		return "", false
	}
	q, body := lit[0], lit[1:len(lit)-1]
	if q == '`' && strings.Contains(body, "${") {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == q {
			return "", false // the literal ends before its last quote: an expression of several parts
		}
		if c != '\\' || i+1 == len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'u', 'x':
			r, n := jsEscape(body[i:])
			if n == 0 {
				return "", false
			}
			b.WriteRune(r)
			i += n - 1
		case '\n':
			// a line continuation
		default:
			b.WriteByte(body[i]) // \" \' \\ \/ and the rest stand for themselves
		}
	}
	return b.String(), true
}

// jsEscape decodes the \u or \x escape at s (s[0] is 'u' or 'x'): the rune and how many bytes of s it
// takes (0: not an escape).
func jsEscape(s string) (rune, int) {
	digits, n := "", 0
	switch {
	case s[0] == 'x' && len(s) >= 3:
		digits, n = s[1:3], 3
	case strings.HasPrefix(s, "u{"):
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return 0, 0
		}
		digits, n = s[2:end], end+1
	case s[0] == 'u' && len(s) >= 5:
		digits, n = s[1:5], 5
	default:
		return 0, 0
	}
	v, err := strconv.ParseUint(digits, 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) && (v < 0xD800 || v > 0xDFFF) {
		return 0, 0
	}
	if v >= 0xD800 && v < 0xDC00 && len(s) >= n+6 && s[n] == '\\' && s[n+1] == 'u' {
		if lo, err := strconv.ParseUint(s[n+2:n+6], 16, 32); err == nil {
			if r := utf16.DecodeRune(rune(v), rune(lo)); r != utf8.RuneError {
				return r, n + 6 // a surrogate pair
			}
		}
	}
	if v >= 0xD800 && v <= 0xDFFF {
		return utf8.RuneError, n // half of a surrogate pair
	}
	return rune(v), n
}
