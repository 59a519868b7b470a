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
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// threeArticles writes a small tree (three articles in one category) under dir and returns its docs folder.
func threeArticles(t *testing.T, dir string) string {
	t.Helper()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(filepath.Join(docs, "guides"), 0o755)
	for _, n := range []string{"one", "two", "three"} {
		if err := os.WriteFile(filepath.Join(docs, "guides", n+".md"), []byte("# Article "+n+"\n\nText of "+n+".\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

const cannotWrite = "this key cannot write: the key is live but lacks the knowledge:write scope (403)"

// A dry run whose plan has writes asks once, changing nothing, whether the key may write. A read-only key is
// told so, before anything would be written, once in each sink; the dry run's exit code stays what it was.
func TestDryRunSaysTheKeyCannotWrite(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := threeArticles(t, dir)

	t.Run("text", func(t *testing.T) {
		h.ResetLog()
		stdout, stderr, code := runKey(t, h, h.ReadKey, dir, "kb", "sync", docs, "--dry-run")
		if code != 0 || !strings.Contains(stdout, "+ create") {
			t.Fatalf("exit %d, want 0 with the plan:\n%s\n%s", code, stdout, stderr)
		}
		if n := strings.Count(stderr, "notice:"); n != 1 || !strings.Contains(stderr, "notice: "+cannotWrite) || !strings.Contains(stderr, "stop at its first write (exit 4)") {
			t.Errorf("%d notices on stderr, want one saying the key cannot write:\n%s", n, stderr)
		}
		if strings.Contains(stdout, "notice") {
			t.Errorf("the notice is on stdout:\n%s", stdout)
		}
		h.ExpectDryRun(t, 1)
	})
	t.Run("the exit code is the dry run's", func(t *testing.T) {
		h.ResetLog()
		_, stderr, code := runKey(t, h, h.ReadKey, dir, "kb", "sync", docs, "--dry-run", "--detailed-exitcode")
		if code != cmdutil.ExitChanges || !strings.Contains(stderr, cannotWrite) {
			t.Fatalf("exit %d, want %d (changes planned) with the notice:\n%s", code, cmdutil.ExitChanges, stderr)
		}
		h.ExpectDryRun(t, 1)
	})
	t.Run("json", func(t *testing.T) {
		h.ResetLog()
		stdout, stderr, code := runKey(t, h, h.ReadKey, dir, "kb", "sync", docs, "--dry-run", "-o", "json")
		if code != 0 || strings.Count(stderr, "notice: "+cannotWrite) != 1 {
			t.Fatalf("exit %d, want 0 with one notice on stderr:\n%s", code, stderr)
		}
		doc := oneDocument(t, []byte(stdout))
		if err := schemas(t)["sync.json"].Validate(doc); err != nil {
			t.Errorf("sync.json: %v", err)
		}
		var res struct {
			KeyCannotWrite *struct {
				Status  int    `json:"status"`
				Message string `json:"message"`
				Fix     string `json:"fix"`
			} `json:"keyCannotWrite"`
		}
		json.Unmarshal([]byte(stdout), &res)
		if k := res.KeyCannotWrite; k == nil || k.Status != 403 || !strings.Contains(k.Message, "lacks the knowledge:write scope") || !strings.Contains(k.Fix, "knowledge:write ticked") {
			t.Errorf("keyCannotWrite = %+v, want status 403 with the message and the fix:\n%s", k, stdout)
		}
		h.ExpectDryRun(t, 1)
	})
	t.Run("github actions", func(t *testing.T) {
		h.ResetLog()
		gh := t.TempDir()
		summary, result := filepath.Join(gh, "summary.md"), filepath.Join(gh, "atender-result.json")
		f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.ReadKey, "GITHUB_ACTIONS": "true",
			"GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": filepath.Join(gh, "output.txt"), "RUNNER_TEMP": gh}, dir)
		if code := cli.Run(context.Background(), f, []string{"kb", "sync", docs, "--dry-run"}); code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		if n := strings.Count(out.String(), "::notice title=atender::"+cannotWrite); n != 1 {
			t.Errorf("%d ::notice annotations on stdout, want 1:\n%s", n, out)
		}
		if n := strings.Count(errOut.String(), "notice: "+cannotWrite); n != 1 {
			t.Errorf("%d notices on stderr, want 1:\n%s", n, errOut)
		}
		if b, _ := os.ReadFile(summary); strings.Count(string(b), "**Notice:** "+cannotWrite) != 1 {
			t.Errorf("the job summary does not say it once:\n%s", b)
		}
		if b, _ := os.ReadFile(result); !strings.Contains(string(b), `"keyCannotWrite": {`) || !strings.Contains(string(b), `"status": 403`) {
			t.Errorf("the result file does not say it:\n%s", b)
		}
		h.ExpectDryRun(t, 1)
	})
}

// A key that may write gets no notice (the probe still goes: one, changing nothing); a plan without writes
// and a run without a key send no probe at all.
func TestDryRunProbesOnlyAPlanWithWrites(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := t.TempDir()
	docs := threeArticles(t, dir)

	stdout, stderr, code := runKey(t, h, h.WriteKey, dir, "kb", "sync", docs, "--dry-run", "-o", "json")
	if code != 0 || strings.Contains(stderr, "notice") || strings.Contains(stdout, "keyCannotWrite") {
		t.Fatalf("a key that may write: exit %d, want 0 and no notice:\n%s\n%s", code, stdout, stderr)
	}
	h.ExpectDryRun(t, 1)

	if _, stderr, code := runKey(t, h, h.WriteKey, dir, "kb", "sync", docs); code != 0 {
		t.Fatalf("sync: exit %d\n%s", code, stderr)
	}
	h.ResetLog()
	stdout, stderr, code = runKey(t, h, h.ReadKey, dir, "kb", "sync", docs, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "= 3 unchanged") || strings.Contains(stderr, "notice") {
		t.Fatalf("a plan without writes: exit %d, want 0, all unchanged, no notice:\n%s\n%s", code, stdout, stderr)
	}
	h.ExpectDryRun(t, 0)

	h.ResetLog()
	f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL}, dir)
	if code := cli.Run(context.Background(), f, []string{"kb", "sync", docs, "--dry-run"}); code != cmdutil.ExitAuth || strings.Contains(errOut.String(), "notice") {
		t.Fatalf("no key: exit %d, want %d and no notice:\n%s", code, cmdutil.ExitAuth, errOut)
	}
	if n := len(h.Log()); n != 0 {
		t.Errorf("without a key %d requests were sent, want none", n)
	}
}
