package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kb render --out of a tree whose article quotes the user's key, in the forms a copy-paste or a tool turns
// it into: no page of the site holds it (masked as kb pull masks it), the article keeps its text, and a
// warning names the article, its file and the page; a summary holding it (shown on the home page) is
// masked there too, and named.
func TestRenderMasksTheKeyInTheSite(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"upper", "cut short", "split, space", "html entities", "base64", "hex"} {
		t.Run(name, func(t *testing.T) {
			echo := echoForms[name](hostileKey)
			dir := t.TempDir()
			docs := filepath.Join(dir, "docs", "guides")
			os.MkdirAll(docs, 0o755)
			os.WriteFile(filepath.Join(docs, "leak.md"), []byte("# Leak\n\nYour key: "+echo+"\n"), 0o644)
			os.WriteFile(filepath.Join(docs, "home.md"), []byte("---\nsummary: \"token "+strings.ReplaceAll(echo, "\n", " ")+"\"\n---\n\n# Home\n\nText.\n"), 0o644)
			site := filepath.Join(dir, "site")
			stdout, stderr, code := hostileRun(t, dir, map[string]string{}, "kb", "render", filepath.Join(dir, "docs"), "--out", site)
			if code != 0 && code != 3 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			sinks := map[string]string{"stdout": stdout, "stderr": stderr}
			filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					b, _ := os.ReadFile(p)
					sinks[p] = string(b)
				}
				return nil
			})
			checkNoLeak(t, sinks)
			page := sinks[filepath.Join(site, "knowledge", "leak", "index.html")]
			if !strings.Contains(page, "Your key: ") {
				t.Fatalf("the article's page lost its text (or is missing):\n%.2000s", page)
			}
			want := "warning: the article leak (" + filepath.Join(dir, "docs", "guides", "leak.md") + ") holds the API key this run uses; it is masked in " +
				filepath.Join(site, "knowledge", "leak", "index.html")
			if !strings.Contains(stderr, want) {
				t.Errorf("no warning names the article and its page:\n%s", stderr)
			}
			// A summary is text, not Markdown: entities in it are shown as written (&amp;lowbar; …), so the home
			// page holds no key in that form, and says nothing.
			if name != "html entities" && !strings.Contains(stderr, "warning: "+filepath.Join(site, "index.html")+" would show the API key") {
				t.Errorf("no warning names the home page, which shows the summary:\n%s", stderr)
			}
		})
	}
}
