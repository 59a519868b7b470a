package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
)

// A frontmatter key holding a RIGHT-TO-LEFT OVERRIDE (or an isolate, or a zero-width character) would make
// its own diagnostic read backwards, or hide part of it. kb validate shows each as an escape, on the
// terminal, in the GitHub annotations, in the job summary and in -o json (as JSON escapes, so the
// document still decodes to the key as written); so does a file name holding one.
func TestValidateShowsBidiAndInvisibleCharactersEscaped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs", "guides")
	os.MkdirAll(docs, 0o755)
	fm := "---\ntitle: A\n\"evil\u202egnp.exe\": 1\n\"iso\u2066late\": 2\n\"zero\u200bwidth\": 3\n---\n\nText.\n"
	os.WriteFile(filepath.Join(docs, "a.md"), []byte(fm), 0o644)
	os.WriteFile(filepath.Join(docs, "b\u202eenil.md"), []byte(fm), 0o644)
	hidden := []rune{'\u202e', '\u2066', '\u200b'}
	for _, mode := range []string{"text", "github", "json"} {
		summary := filepath.Join(dir, "summary.md")
		env := map[string]string{}
		if mode == "github" {
			env = map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
		}
		f, out, errOut := cmdutil.NewForTest(env, dir)
		code := cli.Run(context.Background(), f, []string{"kb", "validate", filepath.Join(dir, "docs"), "-o", mode})
		if code != 0 {
			t.Fatalf("%s: exit %d (the keys are warnings):\n%s%s", mode, code, out, errOut)
		}
		sinks := map[string]string{"stdout": out.String(), "stderr": errOut.String()}
		if mode == "github" {
			b, err := os.ReadFile(summary)
			if err != nil {
				t.Fatal(err)
			}
			sinks["job summary"] = string(b)
			if !strings.Contains(string(b), "\\u202e") {
				t.Errorf("the job summary does not show the override escaped:\n%s", b)
			}
		}
		for name, s := range sinks {
			for _, r := range hidden {
				if strings.ContainsRune(s, r) {
					t.Errorf("%s: %s holds %U raw:\n%s", mode, name, r, s)
				}
			}
		}
		if mode == "json" {
			// The document shows the characters as \u escapes and decodes to the key as written.
			var doc struct{ Diagnostics []struct{ Message string } }
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatalf("json: %v\n%s", err, out)
			}
			var all string
			for _, d := range doc.Diagnostics {
				all += d.Message + "\n"
			}
			if !strings.Contains(all, "`evil\u202egnp.exe`") || !strings.Contains(out.String(), "evil\\u202egnp.exe") {
				t.Errorf("json: the key is not kept as written, escaped:\n%s", out)
			}
			continue
		}
		shown := out.String() + errOut.String()
		for _, want := range []string{"evil\\u202egnp.exe", "iso\\u2066late", "zero\\u200bwidth", "b\\u202eenil.md"} {
			if !strings.Contains(shown, want) {
				t.Errorf("%s: the diagnostics do not show %q escaped:\n%s", mode, want, shown)
			}
		}
	}
}
