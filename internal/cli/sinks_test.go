package cli_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/kb"
)

// echoServer is a hostile KB on loopback that echoes the caller's key everywhere it can: in request ids,
// error codes and messages, in the titles and ids of the articles it lists.
func echoServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-"+key)
		w.Header().Set("X-RateLimit-Limit", "1000000")
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"error":{"code":"echo_%s","message":"you sent %s; fix %s","requestId":"req-%s"}}`, key, key, key, key)
			return
		}
		switch strings.TrimPrefix(r.URL.Path, "/api/v1/kb") {
		case "/categories":
			fmt.Fprint(w, `{"data":[{"id":"cat_1","slug":"c","title":"C"}],"total":1,"hasMore":false}`)
		case "/articles":
			fmt.Fprintf(w, `{"data":[{"id":"art_%s","slug":"leak","title":"Leaked %s","summary":"%s","content":"%s","categoryId":"cat_1","status":"published"}],"total":1,"hasMore":false}`, key, key, key, key)
		default:
			fmt.Fprint(w, `{"data":[],"total":0,"hasMore":false}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Every sink goes through the one redactor: stdout, stderr (with --debug), the job summary and its copy
// for a pull-request comment, the step outputs and the result JSON file, with a server that echoes the key in everything it says.
func TestEverySinkRedactsAnEchoedKey(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	key := "sa_test_" + strings.Repeat("k3Y", 10)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	summary, outputs, result := filepath.Join(dir, "summary.md"), filepath.Join(dir, "outputs"), filepath.Join(dir, "result.json")

	for _, mode := range []string{"github", "json", "text"} {
		t.Run(mode, func(t *testing.T) {
			env := map[string]string{"ATENDER_API_KEY": key, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary,
				"GITHUB_OUTPUT": outputs, "RUNNER_TEMP": dir}
			f, out, errOut := cmdutil.NewForTest(env, dir)
			// The streams as production wraps them.
			f.IO.Out, f.IO.ErrOut = f.Redactor.Wrap(out), f.Redactor.Wrap(errOut)
			f.ClientOptions = func(o *kb.Options) { o.MaxRetries, o.BackoffBase, o.Timeout = 0, time.Millisecond, 5*time.Second }
			code := cli.Run(context.Background(), f, []string{"kb", "sync", filepath.Join(dir, "docs"), "--prune", "--prune-scope", "categories", "-o", mode,
				"--debug", "--base-url", srv.URL + "/api/v1/kb", "--result-json", result})
			if code == 0 {
				t.Fatalf("every write was refused, yet exit 0:\n%s", errOut)
			}
			sinks := map[string]string{"stdout": out.String(), "stderr": errOut.String()}
			summaryMD := filepath.Join(dir, "atender-summary.md")
			for name, p := range map[string]string{"job summary": summary, "step outputs": outputs, "result file": result, "summary-md file": summaryMD} {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				sinks[name] = string(b)
			}
			for name, text := range sinks {
				if strings.Contains(text, key) {
					t.Errorf("%s shows the key:\n%s", name, text)
				}
			}
			// The echoed text did reach the files, masked: the check is not empty.
			for _, name := range []string{"job summary", "result file", "summary-md file"} {
				if !strings.Contains(sinks[name], "you sent sa_test_") || !strings.Contains(sinks[name], "Leaked") {
					t.Errorf("%s lacks the (masked) server text:\n%s", name, sinks[name])
				}
			}
			for _, p := range []string{summary, outputs, result, summaryMD} {
				os.Remove(p)
			}
		})
	}
}

// Strings the server controls are escaped for their sink: an id or message carrying a newline and a
// workflow command cannot inject one in GitHub mode, and no escape sequence reaches a terminal.
func TestServerStringsAreEscapedForTheSink(t *testing.T) {
	t.Parallel()
	evil := `x\n::error file=README.md,line=1::injected\u001b[2J`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Limit", "1000000")
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"error":{"code":"bad","message":"%s","requestId":"%s"}}`, evil, evil)
			return
		}
		switch strings.TrimPrefix(r.URL.Path, "/api/v1/kb") {
		case "/categories":
			fmt.Fprint(w, `{"data":[{"id":"cat_1","slug":"c","title":"C"}],"total":1,"hasMore":false}`)
		case "/articles":
			fmt.Fprintf(w, `{"data":[{"id":"art_1%s","slug":"gone","title":"T%s","content":"x","categoryId":"cat_1","status":"published"}],"total":1,"hasMore":false}`, evil, evil)
		default:
			fmt.Fprint(w, `{"data":[],"total":0,"hasMore":false}`)
		}
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	for _, mode := range []string{"github", "text"} {
		t.Run(mode, func(t *testing.T) {
			f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_API_KEY": "sa_test_" + strings.Repeat("a", 24)}, dir)
			f.ClientOptions = func(o *kb.Options) { o.MaxRetries, o.BackoffBase = 0, time.Millisecond }
			code := cli.Run(context.Background(), f, []string{"kb", "sync", filepath.Join(dir, "docs"), "--prune", "--prune-scope", "categories", "-o", mode, "--base-url", srv.URL + "/api/v1/kb"})
			if code == 0 {
				t.Fatalf("exit 0:\n%s", errOut)
			}
			all := out.String() + errOut.String()
			if !strings.Contains(all, "injected") {
				t.Fatalf("the server's text never reached the output; the check would be empty:\n%s", all)
			}
			for _, line := range strings.Split(all, "\n") {
				if strings.Contains(line, "::error file=README.md") && strings.HasPrefix(strings.TrimSpace(line), "::error file=README.md") {
					t.Errorf("an injected workflow command starts a line: %q", line)
				}
				if strings.Contains(line, "\x1b") {
					t.Errorf("an escape sequence reached the output: %q", line)
				}
			}
		})
	}
}
