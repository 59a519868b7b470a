package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
)

// TestNoCommandPrintsTheKey runs every command's error paths with --debug and known keys, and checks that
// no full key (nor an Authorization header) appears in stdout or stderr. The streams are NOT wrapped in the
// redactor that production uses, so this proves the code itself never prints a key; the redactor is only
// the last line of defence.
func TestNoCommandPrintsTheKey(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	live := emulatortest.NewToken("live")
	h.AddKey(emulatortest.Key{Token: live, Env: "live"})
	unknown := emulatortest.NewToken("test")
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs", "billing")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "a.md"), []byte("# A\n\nText.\n"), 0o644)
	bad := filepath.Join(dir, "bad", "c")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "b.md"), []byte("---\nstatus: nope\n---\nx\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "key.env"), []byte("ATENDER_API_KEY="+h.WriteKey+"\n"), 0o600)

	type tc struct {
		name  string
		key   string
		setup func()
		args  []string
	}
	base := []string{"--debug", "--base-url", h.URL}
	cases := []tc{
		{"verify ok", h.WriteKey, nil, []string{"keys", "verify"}},
		{"verify json", h.WriteKey, nil, []string{"keys", "verify", "-o", "json"}},
		{"verify read-only", h.ReadKey, nil, []string{"keys", "verify"}},
		{"verify unknown", unknown, nil, []string{"keys", "verify"}},
		{"verify wrong env", live, nil, []string{"keys", "verify"}},
		{"verify test key to prod", h.WriteKey, nil, []string{"keys", "verify", "--base-url", "", "--env", "prod"}},
		{"verify live key to staging", live, nil, []string{"keys", "verify", "--base-url", "", "--env", "staging"}},
		{"verify no server", h.WriteKey, nil, []string{"keys", "verify", "--base-url", "http://127.0.0.1:1/api/v1/kb"}},
		{"verify http to remote host", h.WriteKey, nil, []string{"keys", "verify", "--base-url", "http://example.com/api/v1/kb"}},
		{"verify 429 storm", h.WriteKey, func() { h.Storm429(20, 1) }, []string{"keys", "verify"}},
		{"verify 5xx", h.WriteKey, func() { h.FailNext(20) }, []string{"keys", "verify"}},
		{"verify padded key", " " + h.WriteKey + "\n", nil, []string{"keys", "verify"}},
		{"verify env file", "", nil, []string{"keys", "verify", "--env-file", filepath.Join(dir, "key.env")}},
		{"sync invalid tree", h.WriteKey, nil, []string{"kb", "sync", filepath.Join(dir, "bad")}},
		{"sync dry-run", h.WriteKey, nil, []string{"kb", "sync", filepath.Join(dir, "docs"), "--dry-run", "--diff"}},
		{"sync read-only", h.ReadKey, nil, []string{"kb", "sync", filepath.Join(dir, "docs")}},
		{"sync unknown key", unknown, nil, []string{"kb", "sync", filepath.Join(dir, "docs")}},
		{"sync faults", h.WriteKey, func() { h.SetFaults(0.5, 0.5) }, []string{"kb", "sync", filepath.Join(dir, "docs"), "-o", "json"}},
		{"sync github", h.WriteKey, func() { h.SetFaults(0, 0); h.Storm429(2, 1) }, []string{"kb", "sync", filepath.Join(dir, "docs"), "-o", "github"}},
		{"sync no server", h.WriteKey, nil, []string{"kb", "sync", filepath.Join(dir, "docs"), "--base-url", "http://127.0.0.1:1/api/v1/kb"}},
		{"pull", h.WriteKey, nil, []string{"kb", "pull", filepath.Join(dir, "pulled")}},
		{"pull unknown key", unknown, nil, []string{"kb", "pull", filepath.Join(dir, "pulled2")}},
		{"pull conflicts outside git", h.WriteKey, nil, []string{"kb", "pull", filepath.Join(dir, "docs"), "--conflicts"}},
		{"pull bad status", h.WriteKey, nil, []string{"kb", "pull", filepath.Join(dir, "x"), "--status", "live"}},
		{"validate", h.WriteKey, nil, []string{"kb", "validate", filepath.Join(dir, "bad")}},
		{"ls", h.WriteKey, nil, []string{"kb", "ls", filepath.Join(dir, "docs")}},
		{"bad flag", h.WriteKey, nil, []string{"kb", "sync", "--no-such-flag"}},
		{"unknown command", h.WriteKey, nil, []string{"kb", "nope"}},
		{"emulator bad addr", h.WriteKey, nil, []string{"emulator", "--addr", "0.0.0.0:0"}},
		{"version", h.WriteKey, nil, []string{"version"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_API_KEY": c.key}, dir)
			f.ClientOptions = func(o *kb.Options) {
				o.MaxRetryAfter, o.BackoffBase, o.Timeout = 50*time.Millisecond, time.Millisecond, 2*time.Second
				o.Clock = fakeclock.New() // back-off and Retry-After take no wall time
			}
			args := append(append([]string{}, base...), c.args...)
			cli.Run(context.Background(), f, args)
			all := out.String() + errOut.String()
			for _, k := range []string{h.WriteKey, h.ReadKey, live, unknown} {
				if strings.Contains(all, k) {
					t.Fatalf("output shows a full key:\n%s", all)
				}
			}
			if strings.Contains(all, "Bearer") {
				t.Fatalf("output shows an Authorization header:\n%s", all)
			}
			if all == "" {
				t.Fatal("the command printed nothing at all; the check would be empty")
			}
		})
	}
}

// The production streams redact a registered key even if some future message quoted it.
func TestRedactorMasksKeys(t *testing.T) {
	t.Parallel()
	r := &cmdutil.Redactor{}
	key := emulatortest.NewToken("live")
	r.Add(key, "sa_live_xx…yy")
	var buf bytes.Buffer
	w := r.Wrap(&buf)
	w.Write([]byte("header: Bearer " + key + "\n"))
	if strings.Contains(buf.String(), key) || !strings.Contains(buf.String(), "sa_live_xx…yy") {
		t.Fatalf("got %q", buf.String())
	}
}
