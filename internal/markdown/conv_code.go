package markdown

import (
	"strings"
)

// Starlight's <Code code={`…`} lang="sh" title="install.sh" /> writes a code block as a component: it
// becomes the code block, its title above it as code-fence titles are. A template literal's ${…}
// substitutions cannot be evaluated here: they are shown as written, with a warning.
func init() {
	RegisterElement(ElementConverter{Names: []string{"Code"}, Convert: convertCode})
}

func convertCode(x *Editor, e *Element) {
	a, ok := e.Open.Attr("code")
	if !ok {
		dropTags(x, e)
		return
	}
	code, ok := a.Value, true
	if a.Expr {
		lit := strings.TrimSpace(a.Value)
		if code, ok = jsString(lit); !ok && strings.HasPrefix(lit, "`") && strings.HasSuffix(lit, "`") && len(lit) >= 2 {
			code, ok = templateText(lit[1:len(lit)-1]), true
			x.Warn(e, "jsx", "the code of <Code> holds ${…} substitutions, which atender cannot evaluate: they are shown as written")
		}
	}
	if !ok {
		x.Warn(e, "jsx", "the code of <Code> is an expression ("+short(a.Value)+") atender cannot evaluate: it is left out")
		x.ReplaceElement(e, "")
		return
	}
	code = dedentText(strings.Trim(strings.TrimRight(code, " \t\n"), "\n"))
	md := fenced(code, strings.TrimSpace(e.Open.String("lang")))
	if t := strings.TrimSpace(e.Open.String("title")); t != "" {
		md = "**" + escapeText(t) + "**\n" + md
	}
	x.ReplaceElement(e, x.indentPieces(e, md))
	x.Count("code blocks")
}

// templateText is the text of a template literal's body, its escapes decoded and its ${…} kept as written.
func templateText(body string) string {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' && i+1 < len(body) {
			i++
			switch body[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(body[i])
			}
			continue
		}
		b.WriteByte(body[i])
	}
	return b.String()
}

// dedentText removes the indentation all non-blank lines of s share.
func dedentText(s string) string {
	lines := strings.Split(s, "\n")
	least := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " \t")); least < 0 || n < least {
			least = n
		}
	}
	if least <= 0 {
		return s
	}
	for i, l := range lines {
		if len(l) >= least {
			lines[i] = l[least:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}
