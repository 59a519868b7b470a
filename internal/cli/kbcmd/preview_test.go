package kbcmd

import (
	"bytes"
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
)

// startPreview runs `kb preview` with args until the test ends and returns the address it serves.
func startPreview(t *testing.T, f *cmdutil.Factory, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	cmd := NewCmdPreview(f, func(ctx context.Context, o *PreviewOptions) error {
		o.Ready = func(addr string) { ready <- addr }
		return previewRun(ctx, o)
	})
	cmd.PersistentFlags().String("output", "", "")
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview ended with %v", err)
		}
	})
	select {
	case addr := <-ready:
		return addr
	case err := <-done:
		t.Fatalf("preview stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("preview did not start")
	}
	return ""
}

func page(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// With a key, each article is marked against the KB by sync's own planner, and a changed one shows its diff.
func TestPreviewComparesWithTheKB(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	dir := tree(t, 3)
	f, _, _ := factory(h, false)
	if err := run(t, f, dir); err != nil {
		t.Fatalf("sync: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "c", "a1.md"), []byte("# A 1\n\nText, edited.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c", "fresh.md"), []byte("# Fresh\n\nNew text.\n"), 0o644)
	f, _, errOut := factory(h, false)
	addr := startPreview(t, f, dir, "--addr", "127.0.0.1:0")
	home := page(t, "http://"+addr+"/")
	for _, want := range []string{`href="/knowledge/a0"><span class="a-title">A 0</span><span class="status status-unchanged">`,
		`<span class="a-title">A 1</span><span class="status status-changed">`, `<span class="a-title">Fresh</span><span class="status status-new">`, "compared with the KB"} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	art := html.UnescapeString(page(t, "http://"+addr+"/knowledge/a1"))
	if !strings.Contains(art, "-Text.") || !strings.Contains(art, "+Text, edited.") {
		t.Errorf("the changed article shows no diff:\n%s", art)
	}
	if !strings.Contains(errOut.String(), "Comparing with the KB") {
		t.Errorf("stderr: %s", errOut)
	}
	writes := len(h.Log())
	page(t, "http://"+addr+"/knowledge/fresh")
	if len(h.Log()) != writes {
		t.Error("serving a page sent a request to the KB")
	}
}

// Without a key (or with --offline) nothing is sent and the pages carry no status.
func TestPreviewOfflineSendsNothing(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	f, _, _ := factory(h, false)
	addr := startPreview(t, f, tree(t, 2), "--addr", "127.0.0.1:0", "--offline")
	home := page(t, "http://"+addr+"/")
	if !strings.Contains(home, "A 1") || strings.Contains(home, "status-new") || !strings.Contains(home, "offline") {
		t.Errorf("home:\n%s", home)
	}
	if n := len(h.Log()); n != 0 {
		t.Errorf("%d requests to the KB with --offline", n)
	}
}

func TestPreviewPortInUseAndNonLoopbackWarning(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	f, _, _ := cmdutil.NewForTest(nil, t.TempDir())
	cmd := NewCmdPreview(f, nil)
	cmd.SetArgs([]string{tree(t, 1), "--addr", ln.Addr().String()})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err = cmd.ExecuteContext(context.Background())
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()+" is already in use") || cmdutil.CodeOf(err) != cmdutil.ExitFailure {
		t.Fatalf("port in use: %v", err)
	}

	f, _, errOut := cmdutil.NewForTest(nil, t.TempDir())
	startPreview(t, f, tree(t, 1), "--addr", "0.0.0.0:0")
	if !strings.Contains(errOut.String(), "not a loopback address") {
		t.Errorf("no warning for 0.0.0.0: %s", errOut)
	}
}

func TestDefaultAddressIsLoopback(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdutil.NewForTest(nil, t.TempDir())
	var got *PreviewOptions
	cmd := NewCmdPreview(f, func(_ context.Context, o *PreviewOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"docs"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Addr != "127.0.0.1:8080" || got.Dir != "docs" {
		t.Fatalf("%+v", got)
	}
}

// kb render writes the pages of every article; a tree with errors is rendered too, with exit 3.
func TestRenderCommand(t *testing.T) {
	t.Parallel()
	dir := tree(t, 3)
	os.WriteFile(filepath.Join(dir, "c", "bad.md"), []byte("---\ntitle: [x\n---\nText.\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "d"), 0o755)
	os.WriteFile(filepath.Join(dir, "d", "a0.md"), []byte("# Same slug as c/a0.md\n\nText.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "site")
	f, stdout, errOut := cmdutil.NewForTest(nil, t.TempDir())
	cmd := NewCmdRender(f, nil)
	cmd.PersistentFlags().String("output", "", "")
	cmd.SetArgs([]string{dir, "--out", out})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.ExecuteContext(context.Background())
	if cmdutil.CodeOf(err) != cmdutil.ExitInvalidDocs {
		t.Fatalf("exit %d (%v), want 3 for a tree with an error", cmdutil.CodeOf(err), err)
	}
	for _, p := range []string{"index.html", "knowledge/a0/index.html", "knowledge/a2/index.html", "file/c%2Fbad.md.html", "file/d%2Fa0.md.html"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	if !strings.Contains(errOut.String(), "1 file(s) have the slug of an earlier file") {
		t.Errorf("the duplicate slug is not said: %s", errOut)
	}
	if !strings.Contains(errOut.String(), "wrote 3 article pages") || !bytes.Contains(stdout.Bytes(), []byte("c/bad.md")) && !strings.Contains(errOut.String(), "c/bad.md") {
		t.Errorf("stdout %s\nstderr %s", stdout, errOut)
	}

	cmd = NewCmdRender(f, nil)
	cmd.SetArgs([]string{dir})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("without --out: %v", err)
	}
}

// waitFor polls url until its page holds want, for at most 2 s (the preview's promise after a save).
func waitFor(t *testing.T, url, want string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		body := page(t, url)
		if strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not show %q within 2 s of the save:\n%s", url, want, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The config file is watched like the pages: an edit of it shows in the open preview, a broken one is the
// preview's error page naming it, and fixing it brings the pages back.
func TestPreviewWatchesTheConfigFile(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	os.MkdirAll(filepath.Join(repo, "docs"), 0o755)
	os.WriteFile(filepath.Join(repo, "docs", "welcome.md"), []byte("# Welcome\n\nText.\n"), 0o644)
	cfgFile := filepath.Join(repo, ".atender.yaml")
	os.WriteFile(cfgFile, []byte("defaults:\n  category: Alpha section\n"), 0o644)
	f, _, _ := cmdutil.NewForTest(nil, repo)
	addr := startPreview(t, f, filepath.Join(repo, "docs"), "--addr", "127.0.0.1:0")
	home := "http://" + addr + "/"
	if body := page(t, home); !strings.Contains(body, "Alpha section") {
		t.Fatalf("home before the edit:\n%s", body)
	}
	os.WriteFile(cfgFile, []byte("defaults:\n  category: Beta section\n"), 0o644)
	if body := waitFor(t, home, "Beta section"); strings.Contains(body, "Alpha section") {
		t.Error("the old category is still shown")
	}
	os.WriteFile(cfgFile, []byte("defaults:\n  category: [unclosed\n"), 0o644)
	waitFor(t, home, ".atender.yaml")
	os.WriteFile(cfgFile, []byte("defaults:\n  category: Gamma section\n"), 0o644)
	waitFor(t, home, "Gamma section")
}
