package cli_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/atender/atender/internal/redact/redacttest"
)

// A password in the base URL (http://user:PASSWORD@host/…), by flag, variable or config file, is refused before any
// request, in every output mode, by kb sync and doctor alike; the error names the URL without it, and the
// password is in no output and no file (job summary, step outputs, result JSON, capture).
func TestBaseURLPasswordIsRefusedAndShownNowhere(t *testing.T) {
	t.Parallel()
	password := "Pw" + "9fQ2xLm7Rt4Zk"
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	base := strings.Replace(srv.URL, "http://", "http://deploy:"+password+"@", 1) + "/api/v1/kb"
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "c", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	summary, outputs, result, capture := filepath.Join(dir, "summary.md"), filepath.Join(dir, "outputs"), filepath.Join(dir, "result.json"), filepath.Join(dir, "cap.jsonl")
	actions := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs, "RUNNER_TEMP": dir}
	sinks := map[string]string{}
	for _, mode := range []string{"github", "json", "text"} {
		for _, by := range []string{"flag", "variable", "config file"} {
			env, args := map[string]string{}, []string{"-o", mode}
			for k, v := range actions {
				env[k] = v
			}
			os.Remove(filepath.Join(dir, ".atender.yaml"))
			switch by {
			case "flag":
				args = append(args, "--base-url", base)
			case "variable":
				env["ATENDER_BASE_URL"] = base
			default:
				os.WriteFile(filepath.Join(dir, ".atender.yaml"), []byte("base-url: "+base+"\n"), 0o644)
			}
			for _, cmd := range [][]string{{"kb", "sync", filepath.Join(dir, "docs"), "--debug", "--result-json", result}, {"doctor", "--capture", capture}} {
				stdout, stderr, code := hostileRun(t, dir, env, append(cmd, args...)...)
				name := cmd[0] + " " + mode + " " + by
				if code == 0 || !strings.Contains(stdout+stderr, "holds a user name or password") || !strings.Contains(stdout+stderr, strings.TrimPrefix(srv.URL, "http://")) {
					t.Errorf("%s: exit %d, want a refusal that names the URL:\n%s%s", name, code, stdout, stderr)
				}
				sinks[name+" stdout"], sinks[name+" stderr"] = stdout, stderr
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server; the URL is refused before any", n)
	}
	for name, p := range map[string]string{"job summary": summary, "step outputs": outputs, "result file": result, "capture": capture} {
		if b, err := os.ReadFile(p); err == nil {
			sinks[name] = string(b)
		}
	}
	for name, text := range sinks {
		if l := redacttest.Leaks(text, password); len(l) > 0 || strings.Contains(strings.ToLower(text), strings.ToLower(password)) {
			t.Errorf("%s shows the URL's password: %v", name, l)
		}
	}
}
