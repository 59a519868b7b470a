package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaDir = "../../docs/schema"

// schemas compiles docs/schema/*.json, by file name, with a JSON Schema 2020-12 validator
// (santhosh-tekuri/jsonschema): the published schemas are checked as any consumer would check them, every
// keyword included, and $ref between the files resolves as it does for a reader of docs/schema.
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s (%v)", schemaDir, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	out := map[string]*jsonschema.Schema{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(abs)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = sch
	}
	return out
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
	t.Parallel()
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
		{"sync blocked by max-delete", "sync.json", h.WriteKey, []string{"kb", "sync", filepath.Join(dir, "less"), "--prune", "--prune-scope", "categories", "--max-delete", "0", "--dry-run"},
			func() { write("less/billing/refunds.md", "---\ntags: [money]\n---\n# Refunds\n\nHow refunds work.\n") }, `"result": "blocked"`},
		{"sync read-only key", "sync.json", h.ReadKey, []string{"kb", "sync", docs}, func() { write("docs/billing/new.md", "# New\n\nNew.\n") }, `"result": "failed"`},
		{"status", "status.json", h.ReadKey, []string{"kb", "status", docs}, nil, `"state": "in-sync"`},
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
			if err := all[c.schema].Validate(doc); err != nil {
				t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", c.schema, err, out, errOut)
			}
		})
	}
}

// The validator is not a rubber stamp: it rejects a missing field, a wrong type, an unknown field and a
// wrong schemaVersion.
func TestSchemaValidatorRejects(t *testing.T) {
	t.Parallel()
	all := schemas(t)
	for name, doc := range map[string]string{
		"missing version": `{"schemaVersion":1}`,
		"wrong type":      `{"schemaVersion":1,"version":2}`,
		"unknown field":   `{"schemaVersion":1,"version":"x","extra":true}`,
		"schemaVersion 2": `{"schemaVersion":2,"version":"x"}`,
	} {
		var x any
		json.Unmarshal([]byte(doc), &x)
		if all["version.json"].Validate(x) == nil {
			t.Errorf("%s: %s accepted", name, doc)
		}
	}
}
