package markdown

import (
	"bytes"
	"context"
	"regexp"
	"strings"
)

// The meta of a code fence is for the generator's highlighter: a title (```js title="app.js", VitePress'
// ```ts [app.ts], Hugo's ```go {file="main.go"}, Mintlify's ```bash npm), line highlights ({1,3-4},
// hl_lines="2", ins={3}) and switches (showLineNumbers, live, wrap). Atender would show none of it, and
// some renderers take the whole info string for the language. The meta is removed, leaving the language;
// a title is shown in bold on a line of its own above the code.
func init() {
	RegisterText(TextConverter{Name: "code-meta", Order: 30, Lines: convertCodeMeta})
}

// metaSwitches are the words of a fence's meta that switch a feature on and are no title: shown above the
// code, one would be text the page does not show.
var metaSwitches = map[string]bool{"live": true, "noinline": true, "showlinenumbers": true, "wrap": true,
	"twoslash": true, "copy": true, "nocopy": true, "no-copy": true, "lines": true, "expandable": true,
	"numberlines": true, "linenums": true, "collapse": true, "frame": true,
	// remark-typescript-tools (redux, redux-toolkit): the TypeScript block is not turned into a JS tab
	"no-transpile": true, "no-emit": true}

// metaTokenRe is one token of a fence's meta: key=value (quoted, in braces or bare), {…}, […] or a word.
var metaTokenRe = regexp.MustCompile(`[\w-]+=(?:"[^"]*"|'[^']*'|\{[^}]*\}|\S+)|\{[^}]*\}|\[[^\]]*\]|\S+`)

// fenceMeta splits the info string of a code fence into its language and the title its meta gives ("" for
// none); changed says the meta holds anything besides the language.
func fenceMeta(info string) (lang, title string, changed bool) {
	info = strings.TrimSpace(info)
	tokens := metaTokenRe.FindAllString(info, -1)
	if len(tokens) == 0 {
		return "", "", false
	}
	if t := tokens[0]; !strings.ContainsAny(t[:1], "{[") && !strings.Contains(t, "=") {
		lang, tokens = t, tokens[1:]
	}
	if l, _, ok := strings.Cut(lang, ":"); ok && strings.Contains(lang, "line-numbers") {
		lang, changed = l, true // VitePress: ts:line-numbers
	}
	var words []string
	for _, t := range tokens {
		changed = true
		switch {
		case strings.HasPrefix(t, "["):
			title = strings.TrimSpace(t[1 : len(t)-1])
		case strings.HasPrefix(t, "{"):
			if v := metaValue(t[1:len(t)-1], "file", "title"); v != "" {
				title = v
			}
		case strings.Contains(t, "="):
			k, v, _ := strings.Cut(t, "=")
			if k == "title" || k == "file" || k == "filename" {
				title = strings.Trim(v, `"'`)
			}
		case !metaSwitches[strings.ToLower(t)]:
			words = append(words, t) // Mintlify: the words after the language are the title
		}
	}
	if title == "" {
		title = strings.Join(words, " ")
	}
	return lang, title, changed
}

// metaValue is the value of the first of keys in an attribute list (file="main.go" linenos=true).
func metaValue(attrs string, keys ...string) string {
	for _, k := range keys {
		for _, t := range metaTokenRe.FindAllString(attrs, -1) {
			if name, v, ok := strings.Cut(t, "="); ok && name == k {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return ""
}

// convertCodeMeta removes the meta of src's code fences, and puts each title in bold on a line of its own
// above its code (with an empty line before it when text precedes). It returns, for each line of the
// result, the line of src it comes from (nil when no line was added), and counts the titles.
func convertCodeMeta(ctx context.Context, src []byte) (*TextEdit, error) {
	if !bytes.Contains(src, []byte("```")) && !bytes.Contains(src, []byte("~~~")) {
		return &TextEdit{Body: src}, nil
	}
	var out bytes.Buffer
	var lineMap []int
	var fence Fence
	changed, titles := false, 0
	prevBlank := true
	n := 0
	for rest := src; len(rest) > 0; {
		n++
		if n%ctxEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var line []byte
		line, rest = CutLine(rest)
		quote := QuotePrefix(line)
		inner := line[len(quote):]
		opens := !fence.Open()
		if fence.LineBytes(inner) && opens && fence.Open() {
			if label, fixed, ok := metaLabel(inner); ok {
				changed = true
				if label != "" {
					titles++
					pre := string(quote) + strings.Repeat(" ", len(inner)-len(bytes.TrimLeft(inner, " \t")))
					if !prevBlank {
						out.WriteString(strings.TrimRight(string(quote), " ") + "\n")
						lineMap = append(lineMap, n)
					}
					out.WriteString(pre + "**" + escapeText(label) + "**\n")
					lineMap = append(lineMap, n)
				}
				line = append(append([]byte(nil), quote...), fixed...)
			}
		}
		out.Write(line)
		lineMap = append(lineMap, n)
		prevBlank = len(bytes.Trim(line, " \t\n>")) == 0
	}
	if !changed {
		return &TextEdit{Body: src}, nil
	}
	if titles == 0 {
		return &TextEdit{Body: out.Bytes()}, nil
	}
	return &TextEdit{Body: out.Bytes(), LineMap: lineMap, Converted: map[string]int{"code titles": titles}}, nil
}

// QuotePrefix is the block quote markers (and one space after the last) that start line: "> " for a fence
// inside a converted admonition. The indentation after them is not part of it: a fence reads it.
func QuotePrefix(line []byte) []byte {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
		i++
	}
	j := bytes.LastIndexByte(line[:i], '>')
	if j < 0 {
		return nil
	}
	if j+1 < len(line) && line[j+1] == ' ' {
		j++
	}
	return line[:j+1]
}

// metaLabel is the title of the fence that opens on line and the line without its meta; ok is false when it
// has no meta.
func metaLabel(line []byte) (label string, fixed []byte, ok bool) {
	trimmed := bytes.TrimLeft(line, " \t")
	indent := len(line) - len(trimmed)
	marks := 0
	for marks < len(trimmed) && trimmed[marks] == trimmed[0] {
		marks++
	}
	body := bytes.TrimRight(trimmed[marks:], "\n")
	lang, title, changed := fenceMeta(string(body))
	if !changed {
		return "", nil, false
	}
	fixed = append(append(append([]byte(nil), line[:indent+marks]...), lang...), '\n')
	if !bytes.HasSuffix(line, []byte("\n")) {
		fixed = fixed[:len(fixed)-1]
	}
	return title, fixed, true
}

// TextEdit is what a text converter that may add lines made of a body: the text, the column shift of each
// of its lines, the line of the body each comes from (nil: every line is its own), and what it converted.
type TextEdit struct {
	Body           []byte
	Shift, LineMap []int
	Converted      map[string]int
}

// apply takes a text converter's edit of Body: the line map and the column shifts are carried over onto
// the new lines.
func (r *Result) apply(te *TextEdit) {
	if te.LineMap != nil {
		m := make([]int, len(te.LineMap))
		var shift []int
		if r.Shift != nil {
			shift = make([]int, len(te.LineMap))
		}
		for i, l := range te.LineMap {
			m[i] = l
			if r.LineMap != nil && l >= 1 && l <= len(r.LineMap) {
				m[i] = r.LineMap[l-1]
			}
			if shift != nil && l >= 1 && l <= len(r.Shift) {
				shift[i] = r.Shift[l-1]
			}
		}
		r.LineMap, r.Shift = m, shift
	}
	r.Body, r.Shift = te.Body, addShifts(r.Shift, te.Shift)
	for k, v := range te.Converted {
		if r.Converted == nil {
			r.Converted = map[string]int{}
		}
		r.Converted[k] += v
	}
}
