package docs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/atender/atender/internal/safefile"
	yaml "go.yaml.in/yaml/v3"
)

// A Mintlify page whose frontmatter names an OpenAPI operation (`openapi: "GET /users"`, or with the spec
// file first: `openapi: "openapi.json GET /users"`) is rendered by Mintlify from that operation. When the
// spec is in the repository (named, else a file called like openapi*.json/yaml in the site folder, as
// Mintlify finds it), the page's article is written the same way: the method and path, the summary and
// description, the parameters, the request body's fields and the responses. Nothing else is read.

// writeOperations gives each page that names an OpenAPI operation and has no text of its own the operation's
// Markdown as its body, when a spec of the repository holds it: its links are then resolved like any
// page's. A page whose operation no spec holds keeps its empty body (and is left out, named).
func (l *treeLoad) writeOperations(results []*parsed) {
	site := l.o.site
	if site == "" {
		site = absDir(l.root)
	}
	for _, p := range results {
		if p.page == nil || p.skip || p.genBy.operation == "" {
			continue
		}
		body := p.body
		if body == nil && p.abs != "" {
			raw, err := os.ReadFile(p.abs)
			if err != nil || p.bodyOffset > len(raw) {
				continue
			}
			body = raw[p.bodyOffset:]
		}
		if strings.TrimSpace(string(body)) != "" {
			continue
		}
		if l.specs == nil {
			l.specs = openAPISpecs{}
		}
		if md, spec, ok := l.specs.operationPage(site, p.genBy.operation); ok {
			p.body, p.abs = []byte(md), "" // read from here on, not from the file
			rel, _ := filepath.Rel(site, spec)
			where := fmt.Sprintf("is in the OpenAPI spec %s (operation %s), which this page is written from", filepath.ToSlash(rel), p.genBy.operation)
			reportKeys(p.rel, p.body, where, func(int) (int, int) { return p.genBy.line, 1 }, &l.ds)
		}
	}
}

// openAPISpecs are the parsed specs of one tree, by path (nil: unreadable).
type openAPISpecs map[string]map[string]any

// maxSpecs bounds how many spec files are looked for in the site folder.
const maxSpecs = 20

// operationPage is the Markdown of the operation ref names and the spec file it was found in (false when
// no spec of the repository has it). site is the folder its paths are relative to.
func (s openAPISpecs) operationPage(site, ref string) (md, spec string, found bool) {
	file, method, opPath, ok := splitOperation(ref)
	if !ok {
		return "", "", false
	}
	var files []string
	if file != "" {
		if strings.Contains(file, "://") {
			return "", "", false
		}
		files = []string{filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(file, "/")))}
	} else {
		files = findSpecs(site)
	}
	for _, f := range files {
		spec := s.load(site, f)
		paths, _ := spec["paths"].(map[string]any)
		item, _ := paths[opPath].(map[string]any)
		op, _ := item[strings.ToLower(method)].(map[string]any)
		if op != nil {
			return renderOperation(spec, item, op, method, opPath), f, true
		}
	}
	return "", "", false
}

// splitOperation reads "[file] METHOD /path".
func splitOperation(ref string) (file, method, opPath string, ok bool) {
	f := strings.Fields(ref)
	switch {
	case len(f) == 2:
		method, opPath = f[0], f[1]
	case len(f) == 3:
		file, method, opPath = f[0], f[1], f[2]
	default:
		return "", "", "", false
	}
	switch strings.ToUpper(method) {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE":
	default:
		return "", "", "", false
	}
	return file, strings.ToUpper(method), opPath, strings.HasPrefix(opPath, "/")
}

// findSpecs lists the files of the site folder (and its subfolders, dot-folders and node_modules left
// out) whose name holds "openapi" and ends in .json, .yaml or .yml, sorted.
func findSpecs(site string) []string {
	var out []string
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxSpecs {
			return filepath.SkipDir
		}
		name := strings.ToLower(d.Name())
		if d.IsDir() {
			if p != site && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.Contains(name, "openapi") && (strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// load parses the spec file f once (JSON is YAML); one outside site, too large or unreadable is nil.
func (s openAPISpecs) load(site, f string) map[string]any {
	if spec, seen := s[f]; seen {
		return spec
	}
	s[f] = nil
	real, err := filepath.EvalSymlinks(f) // a link is followed only to a file inside the site folder
	if err != nil || !safefile.Within(site, real) {
		return nil
	}
	b, err := safefile.Read(real, 16<<20)
	if err != nil {
		return nil
	}
	var spec map[string]any
	if yaml.Unmarshal(b, &spec) != nil {
		return nil
	}
	s[f] = spec
	return spec
}

// renderOperation writes an operation as Markdown.
func renderOperation(spec, item, op map[string]any, method, opPath string) string {
	var b strings.Builder
	if t := specText(op["summary"]); t != "" { // the first paragraph: the article's summary
		b.WriteString(t + "\n\n")
	}
	fmt.Fprintf(&b, "`%s %s`\n", method, opPath)
	if t := specText(op["description"]); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	params := append(specList(item["parameters"]), specList(op["parameters"])...)
	if len(params) > 0 {
		b.WriteString("\n**Parameters**\n\n")
		for _, p := range params {
			pm := deref(spec, p, 0)
			name := specText(pm["name"])
			if name == "" {
				continue
			}
			fmt.Fprintf(&b, "- `%s`%s%s\n", name, paren(specText(pm["in"]), typeOf(spec, deref(spec, pm["schema"], 0)), requiredWord(pm["required"] == true)), descAfter(specText(pm["description"])))
		}
	}
	if body := deref(spec, op["requestBody"], 0); body != nil {
		for _, ct := range specKeys(specMap(body["content"])) {
			schema := deref(spec, specMap(specMap(body["content"])[ct])["schema"], 0)
			fmt.Fprintf(&b, "\n**Request body** (%s)%s\n", ct, descAfter(specText(body["description"])))
			writeFields(&b, spec, schema)
			break
		}
	}
	if resp := specMap(op["responses"]); len(resp) > 0 {
		b.WriteString("\n**Responses**\n\n")
		for _, code := range specKeys(resp) {
			fmt.Fprintf(&b, "- `%s`%s\n", code, descAfter(specText(deref(spec, resp[code], 0)["description"])))
		}
	}
	return b.String()
}

// writeFields lists the properties of an object schema (one level: a field's own fields are not listed).
func writeFields(b *strings.Builder, spec, schema map[string]any) {
	props := specMap(schema["properties"])
	if len(props) == 0 {
		return
	}
	req := map[string]bool{}
	for _, r := range specList(schema["required"]) {
		req[specText(r)] = true
	}
	b.WriteString("\n")
	for _, name := range specKeys(props) {
		f := deref(spec, props[name], 0)
		fmt.Fprintf(b, "- `%s`%s%s\n", name, paren(typeOf(spec, f), requiredWord(req[name])), descAfter(specText(f["description"])))
	}
}

// deref follows a local $ref (#/components/…) a few times; anything else is returned as a map.
func deref(spec map[string]any, v any, depth int) map[string]any {
	m := specMap(v)
	ref, ok := m["$ref"].(string)
	if !ok || depth > 4 || !strings.HasPrefix(ref, "#/") {
		return m
	}
	var cur any = spec
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = specMap(cur)[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	return deref(spec, cur, depth+1)
}

// typeOf is a schema's type as a reader knows it: array of X, the referenced schema's name, or its type.
func typeOf(spec, s map[string]any) string {
	if t := specText(s["type"]); t == "array" {
		items := specMap(s["items"])
		if ref, ok := items["$ref"].(string); ok {
			return "array of " + ref[strings.LastIndex(ref, "/")+1:]
		}
		return "array of " + typeOf(spec, items)
	} else if t != "" {
		return t
	}
	return ""
}

func specMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func specList(v any) []any {
	l, _ := v.([]any)
	return l
}

func specText(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

func requiredWord(b bool) string {
	if b {
		return "required"
	}
	return ""
}

// paren is " (a, b)" of the non-empty parts, "" when all are empty.
func paren(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (" + strings.Join(out, ", ") + ")"
}

// descAfter is ": text" for a description after a list entry ("" when there is none).
func descAfter(s string) string {
	if s == "" {
		return ""
	}
	return ": " + strings.ReplaceAll(s, "\n", " ")
}

func specKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
