package cli_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
	"github.com/atender/atender/internal/redact/redacttest"
)

// The key of these tests, built by concatenation (no fixture holds a key); its secret part is what must
// not show.
var (
	hostileKey    = "sa_" + "test_" + "Wm4Tq9Xv2Bn7Kp3Rz8Lc5Hd6Gf1"
	hostileSecret = hostileKey[len("sa_test_"):]
)

// Forms a server or its libraries turn a key into when they echo it.
var echoForms = map[string]func(string) string{
	"upper":         strings.ToUpper,
	"percent":       func(k string) string { return strings.ToUpper(percentEvery(k)) },
	"query-escaped": url.QueryEscape,
	"cut short":     func(k string) string { return k[:len(k)-3] },
	"split, space":  func(k string) string { return k[:17] + " " + k[17:] },
	"split, lines":  func(k string) string { return k[:14] + "\n" + k[14:25] + "\r\n" + k[25:] },
	"html entities": func(k string) string { return entities(k) },
	"base64":        func(k string) string { return base64.StdEncoding.EncodeToString([]byte("user:" + k)) },
	"base64url":     func(k string) string { return base64.RawURLEncoding.EncodeToString([]byte("t=" + k)) },
	"hex":           func(k string) string { return hex.EncodeToString([]byte(k)) },
	"HEX":           func(k string) string { return strings.ToUpper(hex.EncodeToString([]byte(" " + k))) },
}

func percentEvery(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02x", s[i])
	}
	return b.String()
}

// entities writes every character of s as an HTML character reference: named for _, decimal and hex for
// the others in turn.
func entities(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '_':
			b.WriteString("&lowbar;")
		case i%2 == 0:
			fmt.Fprintf(&b, "&#%d;", s[i])
		default:
			fmt.Fprintf(&b, "&#x%X;", s[i])
		}
	}
	return b.String()
}

// formServer is a hostile KB on loopback that echoes the caller's key, turned by form, in every header and
// every string it sends: request ids, error codes and messages, the ids, titles, summaries and content of
// the articles it lists.
func formServer(t *testing.T, form func(string) string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echo := form(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Limit", "1000000")
		if !strings.ContainsAny(echo, "\r\n") {
			w.Header().Set("X-Request-Id", "req-"+echo)
			w.Header().Set("X-Echo-Authorization", echo)
		}
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"error":{"code":"bad","message":%s,"requestId":%s,"details":%s}}`, q("you sent "+echo+"; fix it"), q("req-"+echo), q(echo))
			return
		}
		switch strings.TrimPrefix(r.URL.Path, "/api/v1/kb") {
		case "/categories":
			fmt.Fprint(w, `{"data":[{"id":"cat_1","slug":"c","title":"C"}],"total":1,"hasMore":false}`)
		case "/articles":
			fmt.Fprintf(w, `{"data":[{"id":"art_1","slug":"leak","title":%s,"summary":%s,"content":%s,"categoryId":"cat_1","status":"published"}],"total":1,"hasMore":false}`,
				q("Leaked "+echo), q(echo), q("Your key: "+echo+"\n"))
		default:
			fmt.Fprint(w, `{"data":[],"total":0,"hasMore":false}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hostileRun runs atender in-process with the production streams (redacting) and returns stdout, stderr
// and the exit code.
func hostileRun(t *testing.T, dir string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	env["ATENDER_API_KEY"] = hostileKey
	f, out, errOut := cmdutil.NewForTest(env, dir)
	f.IO.Out, f.IO.ErrOut = f.Redactor.Wrap(out), f.Redactor.Wrap(errOut)
	f.ClientOptions = func(o *kb.Options) { o.Clock, o.Timeout = fakeclock.New(), 5*time.Second } // back-off takes no wall time
	code := cli.Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

func checkNoLeak(t *testing.T, sinks map[string]string) {
	t.Helper()
	for name, text := range sinks {
		if l := redacttest.Leaks(text, hostileSecret); len(l) > 0 {
			t.Errorf("%s shows the key: %v", name, l)
		}
	}
}

// atender doctor --capture against a server that echoes the key in its body and headers, in any of the
// forms: the key is in no file and no output, and the capture did record the server's (masked) text.
func TestDoctorCaptureAgainstAnEchoingServer(t *testing.T) {
	t.Parallel()
	for name, form := range echoForms {
		t.Run(name, func(t *testing.T) {
			srv := formServer(t, form)
			dir := t.TempDir()
			capture := filepath.Join(dir, "cap.jsonl")
			for _, mode := range []string{"text", "json"} {
				stdout, stderr, _ := hostileRun(t, dir, map[string]string{}, "doctor", "--capture", capture, "-o", mode, "--base-url", srv.URL+"/api/v1/kb")
				b, err := os.ReadFile(capture)
				if err != nil {
					t.Fatalf("no capture file: %v\n%s", err, stderr)
				}
				checkNoLeak(t, map[string]string{"stdout": stdout, "stderr": stderr, "capture": string(b)})
				if !strings.Contains(string(b), "Leaked ") || !strings.Contains(string(b), `"method":"GET"`) {
					t.Fatalf("the capture lacks the server's replies; the check would be empty:\n%.2000s", b)
				}
				if strings.Count(string(b), "\n") < 2 || !strings.Contains(stderr, "written to "+capture) {
					t.Errorf("%s: the capture holds too little or doctor did not say where it is:\n%s", mode, stderr)
				}
			}
		})
	}
}

// kb sync against the same servers, in every output mode: no run of the key's secret part in stdout,
// stderr, the job summary, the step outputs or the result JSON. The tree is not in Git, so prune is scoped
// to the tree's categories (prune outside Git refuses before listing anything); the server's article is
// then pruned, so its echoed title reaches the plan, and the refused writes bring its echoed errors.
func TestSyncAgainstEchoingServersLeaksNoKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	summary, outputs, result := filepath.Join(dir, "summary.md"), filepath.Join(dir, "outputs"), filepath.Join(dir, "result.json")
	for name, form := range echoForms {
		t.Run(name, func(t *testing.T) {
			srv := formServer(t, form)
			for _, mode := range []string{"github", "json", "text"} {
				env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs, "RUNNER_TEMP": dir}
				stdout, stderr, code := hostileRun(t, dir, env, "kb", "sync", filepath.Join(dir, "docs"), "--prune", "--prune-scope", "categories", "-o", mode,
					"--debug", "--diff", "--base-url", srv.URL+"/api/v1/kb", "--result-json", result)
				if code == 0 {
					t.Fatalf("every write was refused, yet exit 0:\n%s", stderr)
				}
				sinks := map[string]string{"stdout": stdout, "stderr": stderr}
				for name, p := range map[string]string{"job summary": summary, "step outputs": outputs, "result file": result} {
					b, err := os.ReadFile(p)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					sinks[name] = string(b)
					os.Remove(p)
				}
				checkNoLeak(t, sinks)
				// The error replies reach the files, and the listed article's title (the article pruned) the
				// output: both carry the echo, so both checks above saw it.
				if !strings.Contains(sinks["result file"], "you sent ") || !strings.Contains(sinks["job summary"], "you sent ") ||
					!strings.Contains(stdout, "Leaked ") || !strings.Contains(sinks["result file"], "Leaked ") {
					t.Errorf("%s: the server's text did not reach the files; the check would be empty:\n%s", mode, sinks["result file"])
				}
			}
		})
	}
}

// kb pull of an article that holds the user's key writes no key: the file has it masked, and a warning
// names the article.
func TestPullMasksTheKeyInArticles(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"upper", "cut short", "html entities", "base64"} {
		t.Run(name, func(t *testing.T) {
			srv := formServer(t, echoForms[name])
			dir := t.TempDir()
			docs := filepath.Join(dir, "docs")
			stdout, stderr, code := hostileRun(t, dir, map[string]string{}, "kb", "pull", docs, "--base-url", srv.URL+"/api/v1/kb")
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			b, err := os.ReadFile(filepath.Join(docs, "c", "leak.md"))
			if err != nil {
				t.Fatalf("the article was not pulled: %v\n%s", err, stderr)
			}
			checkNoLeak(t, map[string]string{"stdout": stdout, "stderr": stderr, "leak.md": string(b)})
			if !strings.Contains(string(b), "Your key: ") {
				t.Errorf("the article lost its text:\n%s", b)
			}
			if !strings.Contains(stderr, "warning: the article leak ("+filepath.Join(docs, "c", "leak.md")+") holds the API key") {
				t.Errorf("no warning names the article:\n%s", stderr)
			}
		})
	}
}
