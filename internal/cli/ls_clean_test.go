package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
)

// F4: a title from JSON frontmatter with ESC, BEL and "\n::error file=README.md,line=1::pwned" was printed
// raw by `kb ls` (an annotation on README.md in GitHub Actions, a cleared terminal elsewhere), and so was a
// file name that starts a workflow command. The field is now an error, and every cell is shown escaped.
func TestLsEscapesEveryCell(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	g := filepath.Join(dir, "docs", "general")
	os.MkdirAll(g, 0o755)
	os.WriteFile(filepath.Join(g, "j.md"), []byte("{\"title\": \"Evil \\u001b[2J\\u0007 | col \\n::error file=README.md,line=1::pwned from title\", \"tags\": [\"t\\u001b\"]}\n\nbody text\n"), 0o644)
	os.WriteFile(filepath.Join(g, "::error file=x::pwned.md"), []byte("# Name\n\nbody\n"), 0o644)
	for _, env := range []map[string]string{{}, {"GITHUB_ACTIONS": "true"}} {
		f, out, errOut := cmdutil.NewForTest(env, dir)
		code := cli.Run(context.Background(), f, []string{"kb", "ls", filepath.Join(dir, "docs")})
		if code == 0 {
			t.Fatalf("exit 0 with a control character in a title:\n%s", errOut)
		}
		if !strings.Contains(errOut.String(), "field `title`: control characters are not allowed (U+001B)") {
			t.Errorf("no error for the title:\n%s", errOut)
		}
		for _, l := range strings.Split(out.String()+errOut.String(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "::error file=README.md") || strings.HasPrefix(strings.TrimSpace(l), "::error file=x") {
				t.Errorf("%v: a line starts a workflow command: %q", env, l)
			}
		}
		if strings.ContainsAny(out.String(), "\x1b\x07") || !strings.Contains(out.String(), `Evil \x1b[2J\x07 | col \n::error`) {
			t.Errorf("%v: stdout:\n%q", env, out)
		}
	}
}
