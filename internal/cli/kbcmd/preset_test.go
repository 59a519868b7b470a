package kbcmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/report"
)

// kb validate says which preset it used and what became of the pages, in text and in JSON; --preset wins
// over detection and over the config file.
func TestValidateSaysThePresetAndThePagesLeftOut(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for p, c := range map[string]string{
		"docusaurus.config.js":   "module.exports = {}\n",
		"docs/guide/a.mdx":       "---\nsidebar_position: 2\n---\n# A\n\ntext\n",
		"docs/guide/_partial.md": "shared\n",
		"docs/guide/b.md":        "---\ndraft: true\n---\n# B\n\ntext\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(c), 0o644)
	}
	validate := func(env map[string]string, args ...string) (string, string, error) {
		f, out, errOut := cmdutil.NewForTest(env, t.TempDir())
		cmd := NewCmdValidate(f, nil)
		cmd.PersistentFlags().String("output", "", "")
		cmd.SetArgs(append([]string{filepath.Join(root, "docs")}, args...))
		cmd.SetOut(f.IO.Out)
		cmd.SetErr(f.IO.ErrOut)
		err := cmd.ExecuteContext(context.Background())
		return out.String(), errOut.String(), err
	}
	_, errOut, err := validate(nil)
	if err != nil || !strings.Contains(errOut, "3 pages read, 1 articles; 2 left out (1 draft, 1 partial); preset docusaurus (detected from ../docusaurus.config.js)") {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if strings.Contains(errOut, "sidebar_position") {
		t.Errorf("a Docusaurus field under the Docusaurus preset is no warning:\n%s", errOut)
	}
	out, _, err := validate(map[string]string{"ATENDER_OUTPUT": "json"}, "--preset", "none")
	var res report.DiagnosticsJSON
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Pages.Preset != "" || res.Pages.Read != 3 || res.Articles != 3 {
		t.Fatalf("--preset none: %v %+v\n%s", err, res.Pages, out)
	}
	if _, _, err := validate(nil, "--preset", "jekyll"); err == nil || !strings.Contains(err.Error(), "expected one of docusaurus, starlight, mintlify, mkdocs, vitepress, hugo, none") {
		t.Fatalf("--preset jekyll: %v", err)
	}
}

// kb sync says what became of the pages after its verdict, in text and in the job summary.
func TestSyncSummariesCountThePages(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for p, c := range map[string]string{
		"docs/guide/a.md":        "# A\n\n:::tip\nHi.\n:::\n",
		"docs/guide/_partial.md": "shared\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(c), 0o644)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	os.WriteFile(summary, nil, 0o644)
	want := "2 pages read, 1 articles; 1 left out (1 partial); converted 1 admonitions; preset docusaurus (set in the config)"
	for _, env := range []map[string]string{{"ATENDER_PRESET": "docusaurus"}, {"ATENDER_PRESET": "docusaurus", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}} {
		h := emulatortest.Start(t, emulatortest.Options{})
		env["ATENDER_BASE_URL"], env["ATENDER_API_KEY"] = h.URL, h.WriteKey
		f, _, errOut := cmdutil.NewForTest(env, t.TempDir())
		if err := run(t, f, filepath.Join(root, "docs")); err != nil {
			t.Fatalf("%v\n%s", err, errOut)
		}
		if env["GITHUB_ACTIONS"] == "" && !strings.Contains(errOut.String(), want) {
			t.Errorf("text summary:\n%s", errOut)
		}
	}
	if b, _ := os.ReadFile(summary); !strings.Contains(string(b), want) {
		t.Errorf("job summary:\n%s", b)
	}
}
