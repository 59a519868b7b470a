package docs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	toml "github.com/pelletier/go-toml/v2"
	yaml "go.yaml.in/yaml/v3"
)

// field is one frontmatter key with its value and where it stands in the file.
type field struct {
	Key       string
	Value     any
	Line, Col int
}

type captured struct {
	format string
	data   []byte
}

// fences are the frontmatter forms accepted (github.com/adrg/frontmatter finds them); the data is then
// decoded here, so that errors and fields carry line numbers.
func fences(c *captured) []*frontmatter.Format {
	capture := func(name string) frontmatter.UnmarshalFunc {
		return func(data []byte, v any) error {
			c.format, c.data = name, append([]byte(nil), data...)
			return nil
		}
	}
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		{Start: "{", End: "}", Unmarshal: capture("json-bare"), UnmarshalDelims: true, RequiresNewLine: true},
	}
}

var openers = map[string]string{"---": "---", "---yaml": "---", "+++": "+++", "---toml": "---", ";;;": ";;;", "---json": "---"}

// parsedFM is the result of splitting a file into frontmatter and body.
type parsedFM struct {
	format     string
	fields     []field
	bodyOffset int // byte offset of the body in the file
	bodyLine   int // 1-based line where the body starts
}

var lineRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// splitFrontmatter finds and decodes the frontmatter of content (BOM stripped, LF line endings).
func splitFrontmatter(path string, content []byte, ds *diags) (*parsedFM, bool) {
	// the first non-blank line says whether there is a frontmatter at all
	fenceLine, first := 1, ""
	for rest := content; len(rest) > 0; fenceLine++ {
		i := bytes.IndexByte(rest, '\n')
		line := rest
		if i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if t := strings.TrimSpace(string(line)); t != "" {
			first = t
			break
		}
	}
	var c captured
	rest, err := frontmatter.Parse(bytes.NewReader(content), nil, fences(&c)...)
	if err != nil {
		ds.errorf("frontmatter", path, fenceLine, 1, "reading frontmatter: %v", err)
		return nil, false
	}
	if c.format == "" {
		if strings.HasPrefix(first, "{") && !strings.HasPrefix(first, "{{") {
			if fm, ok, found := bareJSON(path, content, fenceLine, ds); found {
				return fm, ok
			}
		}
		if closer, ok := openers[first]; ok {
			ds.errorf("frontmatter", path, fenceLine, 1, "frontmatter opened with %q on line %d is never closed: add a line %q after the last field", first, fenceLine, closer)
			return nil, false
		}
		return &parsedFM{bodyLine: 1}, true
	}
	off := len(content) - len(rest)
	fm := &parsedFM{format: c.format, bodyOffset: off, bodyLine: bytes.Count(content[:off], []byte{'\n'}) + 1}
	dataLine := fenceLine + 1
	if c.format == "json-bare" {
		dataLine = fenceLine
		c.format = "json"
	}
	var fields []field
	var ok bool
	switch c.format {
	case "yaml":
		fields, ok = decodeYAML(path, c.data, dataLine, ds)
	case "toml":
		fields, ok = decodeTOML(path, c.data, dataLine, ds)
	default:
		fields, ok = decodeJSON(path, c.data, dataLine, ds)
	}
	fm.fields = fields
	fm.format = c.format
	return fm, ok
}

func decodeYAML(path string, data []byte, dataLine int, ds *diags) ([]field, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, col := dataLine, 1
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := lineRe.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			if isParserError(msg) {
				n++ // go-yaml reports parser errors with a 0-based line, scanner errors with a 1-based one
			}
			line = dataLine + n - 1
			if m[2] != "" {
				col, _ = strconv.Atoi(m[2])
			}
			msg = strings.TrimSpace(lineRe.ReplaceAllString(msg, ""))
			msg = strings.TrimPrefix(msg, ": ")
		}
		ds.errorf("frontmatter", path, line, col, "invalid YAML frontmatter: %s (quote values that contain \": \" or \" #\", and close every [ and {)", msg)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, true // empty frontmatter
	}
	m := doc.Content[0]
	if m.Kind == yaml.ScalarNode && m.Value == "" {
		return nil, true
	}
	if m.Kind != yaml.MappingNode {
		ds.errorf("frontmatter", path, dataLine+m.Line-1, m.Column, "frontmatter must be `key: value` fields, not a %s", kindName(m.Kind))
		return nil, false
	}
	var out []field
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		val, err := yamlValue(v)
		if err != nil {
			ds.errorf("frontmatter", path, dataLine+v.Line-1, v.Column, "field `%s`: %v", k.Value, err)
			continue
		}
		out = append(out, field{Key: k.Value, Value: val, Line: dataLine + k.Line - 1, Col: k.Column})
	}
	return out, true
}

// sourced is a scalar that is not a string (a number, a boolean, a date) with the text it was written as:
// where text is expected (a title, a slug, a tag), the text is what the author wrote — `title: 0x1F` is
// "0x1F", not "31", and `slug: 1e3` is "1e3", not "1000".
type sourced struct {
	text  string
	value any
}

// yamlValue decodes a field's value, keeping the source text of scalars that are not strings, at the top
// and in lists (tags: [2024, v1.0]).
func yamlValue(v *yaml.Node) (any, error) {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag != "!!str" && v.Tag != "!!null":
		var val any
		err := v.Decode(&val)
		return sourced{text: v.Value, value: val}, err
	case v.Kind == yaml.SequenceNode:
		out := make([]any, 0, len(v.Content))
		for _, e := range v.Content {
			x, err := yamlValue(e)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	}
	var val any
	err := v.Decode(&val)
	return val, err
}

// parserErrors are go-yaml's parser messages (as opposed to its scanner's).
var parserErrors = []string{
	"did not find expected <document start>", "did not find expected node content", "did not find expected key",
	"did not find expected '-' indicator", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found undefined tag handle", "found duplicate %YAML directive", "found incompatible YAML document",
}

func isParserError(msg string) bool {
	for _, p := range parserErrors {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	}
	return "document"
}

// keyLine finds the line of key in data for formats whose decoders keep no positions.
func keyLine(data []byte, key string, dataLine int, pattern string) (int, int) {
	re := regexp.MustCompile(fmt.Sprintf(pattern, regexp.QuoteMeta(key)))
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		if loc := re.FindIndex(line); loc != nil {
			return dataLine + i, loc[0] + 1 + len(line[loc[0]:]) - len(bytes.TrimLeft(line[loc[0]:], " \t"))
		}
	}
	return dataLine, 1
}

func decodeTOML(path string, data []byte, dataLine int, ds *diags) ([]field, bool) {
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		line, col := dataLine, 1
		var de *toml.DecodeError
		if errors.As(err, &de) {
			r, c := de.Position()
			line, col = dataLine+r-1, c
		}
		ds.errorf("frontmatter", path, line, col, "invalid TOML frontmatter: %v", err)
		return nil, false
	}
	var out []field
	for k, v := range m {
		l, c := keyLine(data, k, dataLine, `^\s*"?%s"?\s*=`)
		switch v.(type) {
		case string, map[string]any, []any, nil:
		default: // a number, boolean or date: keep how it was written
			v = sourced{text: tomlText(data, l-dataLine, fmt.Sprint(v)), value: v}
		}
		out = append(out, field{Key: k, Value: v, Line: l, Col: c})
	}
	sortFields(out)
	return out, true
}

// tomlText is the text of the value on line i of data (`key = 0x1F  # comment` → "0x1F"), or def when the
// line does not hold one.
func tomlText(data []byte, i int, def string) string {
	lines := bytes.Split(data, []byte{'\n'})
	if i < 0 || i >= len(lines) {
		return def
	}
	_, val, ok := bytes.Cut(lines[i], []byte("="))
	if !ok {
		return def
	}
	if j := bytes.IndexByte(val, '#'); j >= 0 {
		val = val[:j]
	}
	if t := strings.TrimSpace(string(val)); t != "" {
		return t
	}
	return def
}

func decodeJSON(path string, data []byte, dataLine int, ds *diags) ([]field, bool) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		line, col := dataLine, 1
		var se *json.SyntaxError
		if errors.As(err, &se) {
			before := data[:min(int(se.Offset), len(data))]
			line = dataLine + bytes.Count(before, []byte{'\n'})
			col = len(before) - bytes.LastIndexByte(before, '\n')
		}
		ds.errorf("frontmatter", path, line, col, "invalid JSON frontmatter: %v", err)
		return nil, false
	}
	// The object is valid; its keys are read again one by one, each with its position, because
	// json.Unmarshal keeps the last of two equal keys silently (the caller reports duplicates, as for YAML).
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // 1e3 stays "1e3" where text is expected
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, true // null
	}
	var out []field
	for dec.More() {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		key, isKey := tok.(string)
		var val any
		if err != nil || !isKey || dec.Decode(&val) != nil {
			break // cannot happen: Unmarshal accepted the object
		}
		at := off
		if i := bytes.IndexByte(data[off:], '"'); i >= 0 {
			at += i
		}
		l, c := lineCol(data, at)
		if n, ok := val.(json.Number); ok {
			val = sourced{text: n.String(), value: n}
		}
		out = append(out, field{Key: key, Value: val, Line: dataLine + l - 1, Col: c})
	}
	return out, true
}

// bareJSON reads a JSON object that opens the file without a blank line after it (Hugo accepts that):
// found reports whether the file starts with one; a `{` followed by a quote that is not valid JSON is an
// error at its position rather than the start of the article's text.
func bareJSON(path string, content []byte, fenceLine int, ds *diags) (fm *parsedFM, ok, found bool) {
	start := 0
	for i := 1; i < fenceLine; i++ {
		start += bytes.IndexByte(content[start:], '\n') + 1
	}
	dec := json.NewDecoder(bytes.NewReader(content[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		after := bytes.TrimLeft(content[start+bytes.IndexByte(content[start:], '{')+1:], " \t\r\n")
		if len(after) == 0 || after[0] != '"' {
			return nil, false, false // not JSON: the body starts with a brace
		}
		// Let decodeJSON place and word the error: give it the text up to the first line that is "}".
		end := len(content)
		if i := bytes.Index(content[start:], []byte("\n}")); i >= 0 {
			end = start + i + 2
		}
		decodeJSON(path, content[start:end], fenceLine, ds)
		return nil, false, true
	}
	endObj := start + int(dec.InputOffset())
	lineEnd := len(content)
	if i := bytes.IndexByte(content[endObj:], '\n'); i >= 0 {
		lineEnd = endObj + i + 1
	}
	if len(bytes.TrimSpace(content[endObj:lineEnd])) != 0 {
		return nil, false, false // `{…} text` on one line is Markdown
	}
	fields, ok := decodeJSON(path, content[start:endObj], fenceLine, ds)
	return &parsedFM{format: "json", fields: fields, bodyOffset: lineEnd, bodyLine: bytes.Count(content[:lineEnd], []byte{'\n'}) + 1}, ok, true
}

func sortFields(fs []field) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && (fs[j].Line < fs[j-1].Line || fs[j].Line == fs[j-1].Line && fs[j].Key < fs[j-1].Key); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// typeName describes a decoded value for an error message.
func typeName(v any) string {
	if s, ok := v.(sourced); ok {
		v = s.value
	}
	switch v.(type) {
	case map[string]any:
		return "a map"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "true/false"
	case nil:
		return "empty"
	}
	return "a number"
}

// asString accepts strings and scalars (a title of 404 is "404").
func asString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case sourced:
		return x.text, true
	case json.Number:
		return x.String(), true
	case nil:
		return "", true
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(x), true
	}
	return "", false
}

// asList accepts a list of scalars or a comma-separated string.
func asList(v any) ([]string, bool) {
	var out []string
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		for _, p := range strings.Split(x, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, true
	case []any:
		for _, e := range x {
			s, ok := asString(e)
			if !ok {
				return nil, false
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

func asBool(v any) (bool, bool) {
	if s, ok := v.(sourced); ok {
		v = s.value
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

// textFields are the fields whose text goes to Atender and into `kb ls`.
var textFields = []string{"title", "summary", "description", "category", "subcategory", "slug", "status", "tags", "keywords"}

// checkControl reports a control character (ESC, BEL, DEL, CR, a newline but in a summary; a tab is text, as
// for report.Clean) in a text field, in every frontmatter format alike: YAML's scanner refuses a raw one, but an escape ("\u001b", "\n") passed in
// YAML, JSON and TOML, and would reach the terminal of `kb ls`, a workflow command in GitHub Actions, and
// Atender. Space around a value (the newline a YAML block scalar ends with) is trimmed anyway.
func checkControl(code Code, rel string, fields map[string]field, ds *diags) {
	for _, k := range textFields {
		fd, ok := fields[k]
		if !ok {
			continue
		}
		vals, ok := asList(fd.Value)
		if s, isStr := asString(fd.Value); isStr {
			vals, ok = []string{strings.TrimSpace(s)}, true
		}
		if !ok {
			continue // not text: field-type says so
		}
		multiline := k == "summary" || k == "description" // Atender's summaries may hold line breaks (kb pull writes them)
		bad := func(r rune) bool { return unicode.IsControl(r) && r != '\t' && !(multiline && r == '\n') }
		for _, v := range vals {
			if i := strings.IndexFunc(v, bad); i >= 0 {
				r, _ := utf8.DecodeRuneInString(v[i:])
				ds.errorf(code, rel, fd.Line, fd.Col, "field `%s`: control characters are not allowed (%U); write the text on one line, without escapes such as \\n or \\u001b", k, r)
				break
			}
		}
	}
}
