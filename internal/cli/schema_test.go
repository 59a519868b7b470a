package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

const schemaDir = "../../docs/schema"

// schemas loads docs/schema/*.json by file name.
func schemas(t *testing.T) map[string]map[string]any {
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s (%v)", schemaDir, err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = s
	}
	return out
}

// validator checks a document against the subset of JSON Schema the files use; a keyword outside the
// subset fails the test, so the check never passes by ignoring a rule.
type validator struct {
	all  map[string]map[string]any
	errs []string
}

var annotations = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true, "$defs": true}

func (v *validator) resolve(file string, ref string) (string, map[string]any) {
	target, frag, _ := strings.Cut(ref, "#")
	if target != "" {
		file = target
	}
	node := any(v.all[file])
	for _, p := range strings.Split(strings.Trim(frag, "/"), "/") {
		if p == "" {
			continue
		}
		m, _ := node.(map[string]any)
		node = m[p]
	}
	m, ok := node.(map[string]any)
	if !ok {
		v.errs = append(v.errs, fmt.Sprintf("%s: unresolved $ref %s", file, ref))
	}
	return file, m
}

func typeOf(x any) string {
	switch n := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if n == float64(int64(n)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func (v *validator) check(file string, s map[string]any, x any, at string) {
	if ref, ok := s["$ref"].(string); ok {
		f, target := v.resolve(file, ref)
		if target != nil {
			v.check(f, target, x, at)
		}
		return
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rule := s[k]
		switch k {
		case "type":
			types := []string{}
			switch r := rule.(type) {
			case string:
				types = append(types, r)
			case []any:
				for _, t := range r {
					types = append(types, t.(string))
				}
			}
			got, ok := typeOf(x), false
			for _, t := range types {
				ok = ok || t == got || t == "number" && got == "integer"
			}
			if !ok {
				v.errs = append(v.errs, fmt.Sprintf("%s: %s, want %v", at, got, types))
				return
			}
		case "const":
			if fmt.Sprint(rule) != fmt.Sprint(x) {
				v.errs = append(v.errs, fmt.Sprintf("%s: %v, want %v", at, x, rule))
			}
		case "enum":
			found := false
			for _, e := range rule.([]any) {
				found = found || fmt.Sprint(e) == fmt.Sprint(x)
			}
			if !found {
				v.errs = append(v.errs, fmt.Sprintf("%s: %v is not one of %v", at, x, rule))
			}
		case "required":
			if m, ok := x.(map[string]any); ok {
				for _, r := range rule.([]any) {
					if _, ok := m[r.(string)]; !ok {
						v.errs = append(v.errs, fmt.Sprintf("%s: missing %s", at, r))
					}
				}
			}
		case "properties", "additionalProperties":
			m, ok := x.(map[string]any)
			if !ok {
				continue
			}
			props, _ := s["properties"].(map[string]any)
			if k == "properties" {
				for name, sub := range props {
					if val, ok := m[name]; ok {
						v.check(file, sub.(map[string]any), val, at+"."+name)
					}
				}
				continue
			}
			for name, val := range m {
				if _, ok := props[name]; ok {
					continue
				}
				switch ap := rule.(type) {
				case bool:
					if !ap {
						v.errs = append(v.errs, fmt.Sprintf("%s: field %q is not in the schema", at, name))
					}
				case map[string]any:
					v.check(file, ap, val, at+"."+name)
				}
			}
		case "items":
			if arr, ok := x.([]any); ok {
				for i, it := range arr {
					v.check(file, rule.(map[string]any), it, fmt.Sprintf("%s[%d]", at, i))
				}
			}
		default:
			if !annotations[k] {
				v.errs = append(v.errs, fmt.Sprintf("%s: schema keyword %q is not supported by this test", file, k))
			}
		}
	}
}

// oneDocument decodes stdout as exactly one JSON document.
func oneDocument(t *testing.T, out []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(out))
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("stdout holds more than one JSON document:\n%s", out)
	}
	return doc
}

// Every JSON document a command prints matches its schema in docs/schema, success and failure alike, and
// carries schemaVersion.
func TestJSONOutputMatchesTheSchemas(t *testing.T) {
	all := schemas(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/billing/refunds.md", "---\ntags: [money]\n---\n# Refunds\n\nHow refunds work. <b>raw</b>\n")
	write("docs/billing/payments/cards.md", "# Cards\n\nWe take cards.\n")
	write("bad/billing/x.md", "---\nstatus: live\n---\nx\n")

	type tc struct {
		name, schema string
		key          string
		args         []string
		setup        func()
		want         string // a substring of stdout that shows the case did what it says
	}
	docs, bad := filepath.Join(dir, "docs"), filepath.Join(dir, "bad")
	cases := []tc{
		{"version", "version.json", "", []string{"version"}, nil, ""},
		{"validate", "validate.json", "", []string{"kb", "validate", docs}, nil, ""},
		{"validate invalid", "validate.json", "", []string{"kb", "validate", bad}, nil, ""},
		{"ls", "ls.json", "", []string{"kb", "ls", docs}, nil, ""},
		{"sync dry run", "sync.json", h.WriteKey, []string{"kb", "sync", docs, "--dry-run"}, nil, ""},
		{"sync", "sync.json", h.WriteKey, []string{"kb", "sync", docs}, nil, ""},
		{"sync invalid tree", "sync.json", h.WriteKey, []string{"kb", "sync", bad}, nil, `"code": "invalid_docs"`},
		{"sync blocked by max-delete", "sync.json", h.WriteKey, []string{"kb", "sync", filepath.Join(dir, "less"), "--prune", "--max-delete", "0", "--dry-run"},
			func() { write("less/billing/refunds.md", "---\ntags: [money]\n---\n# Refunds\n\nHow refunds work.\n") }, `"result": "blocked"`},
		{"sync read-only key", "sync.json", h.ReadKey, []string{"kb", "sync", docs}, func() { write("docs/billing/new.md", "# New\n\nNew.\n") }, `"result": "failed"`},
		{"pull", "pull.json", h.WriteKey, []string{"kb", "pull", filepath.Join(dir, "pulled")}, nil, ""},
		{"verify", "verify.json", h.WriteKey, []string{"keys", "verify"}, nil, ""},
		{"verify read-only", "verify.json", h.ReadKey, []string{"keys", "verify"}, nil, ""},
		{"error: no key", "error.json", "", []string{"kb", "sync", docs}, nil, ""},
		{"error: verify without a key", "error.json", "", []string{"keys", "verify"}, nil, ""},
		{"error: usage", "error.json", h.WriteKey, []string{"kb", "sync", docs, "--max-delete", "-1"}, nil, ""},
		{"error: unknown category", "error.json", h.WriteKey, []string{"kb", "pull", filepath.Join(dir, "p2"), "--category", "nope"}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_API_KEY": c.key, "ATENDER_BASE_URL": h.URL}, dir)
			cli.Run(context.Background(), f, append(c.args, "-o", "json"))
			doc := oneDocument(t, out.Bytes())
			if c.want != "" && !strings.Contains(out.String(), c.want) {
				t.Fatalf("stdout lacks %s:\n%s\nstderr:\n%s", c.want, out, errOut)
			}
			v := &validator{all: all}
			v.check(c.schema, all[c.schema], doc, c.schema)
			if len(v.errs) > 0 {
				t.Fatalf("%s:\n  %s\nstdout:\n%s\nstderr:\n%s", c.schema, strings.Join(v.errs, "\n  "), out, errOut)
			}
		})
	}
}

// The validator is not a rubber stamp: it rejects a missing field, a wrong type, an unknown field and a
// wrong schemaVersion.
func TestSchemaValidatorRejects(t *testing.T) {
	all := schemas(t)
	for name, doc := range map[string]string{
		"missing version": `{"schemaVersion":1}`,
		"wrong type":      `{"schemaVersion":1,"version":2}`,
		"unknown field":   `{"schemaVersion":1,"version":"x","extra":true}`,
		"schemaVersion 2": `{"schemaVersion":2,"version":"x"}`,
	} {
		var x any
		json.Unmarshal([]byte(doc), &x)
		v := &validator{all: all}
		v.check("version.json", all["version.json"], x, "version.json")
		if len(v.errs) == 0 {
			t.Errorf("%s: %s accepted", name, doc)
		}
	}
}
