package cli_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/escape/escapetest"
)

// What a file's title, a server's error message and its request id may hold to make the job summary show
// a link, an image or HTML of their own, or close the article link the summary writes.
var summaryAttacks = []string{
	"Evil](https://evil.example/x) <img src=https://evil.example/p.png> [x",
	"[Re-authenticate here](https://evil.example/login) <details open><summary>x",
	"x` | <img src=https://evil.example/c.png> | `y ![p](https://evil.example/p.png) www.evil.example",
	"</details><details open><summary>x</summary> @octocat #1",
}

// programHTML is the HTML the job summary itself writes: <sub> around its footer, and <details> blocks
// on lines of their own whose <summary> holds the program's words and, in <code>, text escaped for it.
var programHTML = regexp.MustCompile(`^(</?sub>|<details><summary>(?:[^<>]|<code>[^<>]*</code>)*</summary>\n|</details>\n)$`)

// The job summary that kb sync writes under GitHub Actions, read as GitHub renders it: against a server
// whose error messages, request ids and article titles carry the attacks, and a tree whose file titles do,
// no link, image or HTML of theirs is in it, and the table keeps its columns. The attack text does show,
// as text: in the tables, in the <summary> of its file's diff block (the file is named after the attack)
// and in the diff itself (--diff).
func TestJobSummaryKeepsHostileTextAsText(t *testing.T) {
	for i, evil := range summaryAttacks {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			srv := textServer(t, evil)
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
			title, _ := json.Marshal(evil)
			os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("---\ntitle: "+string(title)+"\n---\n\nText.\n"), 0o644)
			// A file the attack names, taking over the listed article: an update with a diff.
			name := strings.ReplaceAll(evil, "/", "_") + ".md"
			os.WriteFile(filepath.Join(dir, "docs", "c", name), []byte("---\ntitle: "+string(title)+"\nslug: listed\n---\n\nText.\n"), 0o644)
			summary := filepath.Join(dir, "summary.md")
			env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": filepath.Join(dir, "out"), "RUNNER_TEMP": dir}
			_, stderr, code := hostileRun(t, dir, env, "kb", "sync", filepath.Join(dir, "docs"), "--prune", "--prune-scope", "categories",
				"--adopt", "listed", "--diff", "-o", "github", "--base-url", srv.URL+"/api/v1/kb")
			if code == 0 {
				t.Fatalf("every write was refused, yet exit 0:\n%s", stderr)
			}
			b, err := os.ReadFile(summary)
			if err != nil {
				t.Fatal(err)
			}
			md := string(b)
			m := escapetest.Parse(md)
			for _, l := range m.Links {
				if strings.Contains(l, "evil") {
					t.Errorf("the summary links to the attacker: %s\n%s", l, md)
				}
			}
			if len(m.Mentions) != 0 || len(m.References) != 0 {
				t.Errorf("the summary (posted as a pull-request comment by kb-plan.yml) mentions or references: %s\n%s", m, md)
			}
			for _, h := range m.HTML {
				if !programHTML.MatchString(h) {
					t.Errorf("the summary holds HTML the program did not write: %q\n%s", h, md)
				}
			}
			diffShown := false
			for _, c := range m.Code {
				diffShown = diffShown || strings.Contains(c, "\n+"+evil+"\n")
			}
			if !diffShown {
				t.Errorf("the diff of the title is not in the summary:\n%s", md)
			}
			for _, rows := range m.Table {
				for _, cells := range rows {
					if cells != rows[0] {
						t.Errorf("a row of the table has %d cells, the header %d:\n%s", cells, rows[0], md)
					}
				}
			}
			// Not empty: the file's title (linked to its article), the listed title, the server's message and
			// request id got in, as text.
			for _, want := range []string{"| create | [" + escape.Markdown(evil) + "](" + srv.URL + "/", "| archive | [Gone ", "told you ", "(request req-",
				"<details><summary>" + escape.HTMLCode("c/"+name) + " → <code>listed</code>: title, summary, content"} {
				if !strings.Contains(md, want) {
					t.Errorf("the summary lacks %q; the check would be empty:\n%s", want, md)
				}
			}
		})
	}
}

// textServer is a KB on loopback whose every string carries evil: the titles of the articles it lists, and
// the message, request id (body and header) of the refusal it answers every write with.
func textServer(t *testing.T, evil string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Limit", "1000000")
		w.Header().Set("X-Request-Id", "req-"+evil)
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"error":{"code":"bad","message":%s,"requestId":%s}}`, q("told you "+evil), q("req-"+evil))
			return
		}
		switch strings.TrimPrefix(r.URL.Path, "/api/v1/kb") {
		case "/categories":
			fmt.Fprint(w, `{"data":[{"id":"cat_1","slug":"c","title":"C"}],"total":1,"hasMore":false}`)
		case "/articles":
			fmt.Fprintf(w, `{"data":[{"id":"art_1","slug":"listed","title":%s,"content":"x","categoryId":"cat_1","status":"published"},`+
				`{"id":"art_2","slug":"gone","title":%s,"content":"y","categoryId":"cat_1","status":"published"}],"total":2,"hasMore":false}`, q("Listed "+evil), q("Gone "+evil))
		default:
			fmt.Fprint(w, `{"data":[],"total":0,"hasMore":false}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}
