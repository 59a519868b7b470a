package cli_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/kb"
)

// Adversarial finding F3, the rest: a create answered 2xx without a body, that the listing afterwards does
// not show either, may exist in Atender or not. It is neither "created" nor a plain failure: the text summary,
// the JSON result (counts and the article's result, valid against docs/schema/sync.json) and the job summary
// say "unknown", and the run exits 1.
func TestUnreadableCreateNotFoundAfterwardsIsUnknown(t *testing.T) {
	t.Parallel()
	all := schemas(t)
	h := emulatortest.Start(t, emulatortest.Options{})
	u, err := url.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	// A loopback server in front of the emulator that answers every create 204 without a body and stores
	// nothing; everything else passes through.
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/articles") {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "c"), 0o755)
	for _, n := range []string{"a", "b", "c"} {
		os.WriteFile(filepath.Join(dir, "docs", "c", n+".md"), []byte("# "+strings.ToUpper(n)+"\n\nText.\n"), 0o644)
	}
	summary := filepath.Join(dir, "summary.md")
	for _, mode := range []string{"json", "text", "github"} {
		t.Run(mode, func(t *testing.T) {
			env := map[string]string{"ATENDER_API_KEY": h.WriteKey}
			if mode == "github" {
				env["GITHUB_ACTIONS"], env["GITHUB_STEP_SUMMARY"], env["RUNNER_TEMP"] = "true", summary, dir
			}
			f, out, errOut := cmdutil.NewForTest(env, dir)
			f.ClientOptions = func(o *kb.Options) { o.BackoffBase, o.Timeout = time.Millisecond, 5*time.Second }
			code := cli.Run(context.Background(), f, []string{"kb", "sync", filepath.Join(dir, "docs"), "--concurrency", "1",
				"-o", mode, "--base-url", srv.URL + u.Path})
			if code != 1 {
				t.Fatalf("exit %d; want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			switch mode {
			case "json":
				doc := oneDocument(t, out.Bytes())
				if err := all["sync.json"].Validate(doc); err != nil {
					t.Fatalf("sync.json: %v\nstdout:\n%s", err, out)
				}
				var res struct {
					Counts   struct{ Created, Failed, Unknown, Skipped int }
					Articles []struct{ Slug, Result, Error string }
				}
				if err := json.Unmarshal(out.Bytes(), &res); err != nil {
					t.Fatal(err)
				}
				if c := res.Counts; c.Created != 0 || c.Failed != 0 || c.Unknown != 1 || c.Skipped != 2 {
					t.Fatalf("counts %+v; want 1 unknown, 2 skipped, nothing created or failed\n%s", c, out)
				}
				unknown := 0
				for _, a := range res.Articles {
					if a.Result == "unknown" {
						unknown++
						if !strings.Contains(a.Error, "id unknown") {
							t.Errorf("%s: error %q does not say the id is unknown", a.Slug, a.Error)
						}
					}
				}
				if unknown != 1 {
					t.Fatalf("%d articles with result unknown; want 1\n%s", unknown, out)
				}
			case "text":
				s := errOut.String()
				for _, w := range []string{"Synced: 0 created, 0 updated, 0 unchanged, 0 archived, 0 deleted, 0 failed, 1 unknown, 2 not started",
					": outcome unknown: it may exist in Atender; check "} {
					if !strings.Contains(s, w) {
						t.Errorf("stderr lacks %q:\n%s", w, s)
					}
				}
			case "github":
				b, err := os.ReadFile(summary)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range []string{"**1 unknown** (outcome unknown", "| unknown: creating "} {
					if !strings.Contains(string(b), w) {
						t.Errorf("job summary lacks %q:\n%s", w, b)
					}
				}
			}
		})
	}
	if n := len(h.Articles()); n != 0 {
		t.Fatalf("the emulator holds %d articles; the fake server stored none", n)
	}
}
