package kbcmd

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium (or a Chrome where CI runners have one). In CI its absence fails the test: .ci/run installs it, and
// a browser test that skipped there would pass a build that checked nothing.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome",
		"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", // macOS runners of GitHub Actions
		`C:\Program Files\Google\Chrome\Application\chrome.exe`} {      // Windows runners
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const hint = "install it to run this test: sudo apt-get update && sudo apt-get install -y chromium (Debian/Ubuntu; .ci/run does this)"
	if os.Getenv("CI") != "" {
		t.Fatalf("chromium is not installed and CI is set, so the browser test fails rather than skips; %s", hint)
	}
	t.Skipf("chromium is not installed; %s", hint)
	return ""
}

// recorder is a loopback server that notes every path asked of it: a script that ran would call it.
type recorder struct {
	mu    sync.Mutex
	paths []string
	srv   *httptest.Server
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.paths = append(r.paths, req.URL.Path)
		r.mu.Unlock()
		http.NotFound(w, req) // the picture is missing, so an onerror handler would fire
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.paths)
}

// copyExamples copies examples/ (the docs tree and its .atender.yaml) into a fresh folder.
func copyExamples(t *testing.T) string {
	t.Helper()
	src, _ := filepath.Abs(filepath.Join("..", "..", "..", "examples"))
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// artifactDir is where the browser test keeps its screenshot: $ATENDER_TEST_ARTIFACTS (.ci/run sets it, so
// CI can keep the folder), else a folder of the system's temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ATENDER_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "atender-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// kb preview of the example tree in headless Chromium, one browser and one tab: the home page lists every
// article title, a click opens the article as rendered HTML, a page with <script> and onerror= runs nothing,
// and a title edited in a file appears on the open home page within 2 s. The home page's screenshot is kept.
func TestPreviewInABrowser(t *testing.T) {
	t.Parallel()
	exe := chromium(t)
	start := time.Now()
	rec := newRecorder(t)
	repo := copyExamples(t)
	docsDir := filepath.Join(repo, "docs")
	hostile := "---\ntitle: Hostile page\n---\nHello <script>document.title = 'PWNED'; window.pwned = 1; fetch('" + rec.srv.URL + "/script')</script>\n\n" +
		"<img src=\"" + rec.srv.URL + "/missing.png\" onerror=\"document.title = 'PWNED'; window.pwned = 2; fetch('" + rec.srv.URL + "/onerror')\">\n"
	if err := os.WriteFile(filepath.Join(docsDir, "getting-started", "hostile.md"), []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}

	f, _, _ := cmdutil.NewForTest(nil, repo)
	cfg, err := f.ConfigFunc(NewCmdPreview(f, nil).Flags(), docsDir)()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := loadTree(context.Background(), cfg, docsDir, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range tree.Pages {
		want = append(want, p.Title)
	}
	if len(want) < 8 {
		t.Fatalf("the example tree gives %d articles", len(want))
	}
	addr := startPreview(t, f, docsDir, "--addr", "127.0.0.1:0", "--offline")
	home := "http://" + addr + "/"

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 15*time.Second)
	defer cancelTimeout()

	// The home page lists every article title.
	if err := chromedp.Do(ctx, chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#catalog"))); err != nil {
		t.Fatalf("opening the home page: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#catalog .a-title"), e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Sort(got); !slices.Equal(got, sorted(want)) {
		t.Errorf("home page titles %q, want every article's %q", got, sorted(want))
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(artifactDir(t), "preview-home.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the home page: %s (%d bytes)", shotPath, len(shot))

	// A click on a home-page link opens the article, rendered as HTML.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#catalog a[href="/knowledge/welcome"]`)), chromedp.WaitVisible(chromedp.CSS(".body ul li a"))); err != nil {
		t.Fatalf("clicking the article: %v", err)
	}
	type page struct {
		Path, H1, Link string
		Items          int
	}
	art, err := chromedp.Run(ctx, chromedp.Evaluate[page](`({Path: location.pathname, H1: document.querySelector("h1").textContent.trim(),
		Link: document.querySelector(".body ul li a").getAttribute("href"), Items: document.querySelectorAll(".body ul li").length})`))
	if err != nil {
		t.Fatal(err)
	}
	if art.Path != "/knowledge/welcome" || art.H1 != "Welcome to Acme" || art.Link != "/knowledge/create-account" || art.Items < 2 {
		t.Errorf("the clicked article: %+v", art)
	}

	// Injected script never runs: no title change, no global, no call to the recorder; the picture itself was
	// asked for (so its error event fired, and an onerror handler, had one survived, would have run).
	if err := chromedp.Do(ctx, chromedp.Navigate(home+"knowledge/hostile"), chromedp.WaitVisible(chromedp.CSS(".body"))); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		Title, Pwned string
		Complete     bool
		Handlers     int
	}
	var o outcome
	deadline := time.Now().Add(2 * time.Second)
	for {
		o, err = chromedp.Run(ctx, chromedp.Evaluate[outcome](`({Title: document.title, Pwned: typeof window.pwned, Complete: document.readyState === "complete",
			Handlers: document.querySelectorAll("[onerror], .body script").length})`))
		if err != nil {
			t.Fatal(err)
		}
		if o.Complete && slices.Contains(rec.seen(), "/missing.png") || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond) // polling the page, not waiting for a guess
	}
	if !slices.Contains(rec.seen(), "/missing.png") {
		t.Errorf("the picture was never asked for (%q): the test proves nothing about onerror", rec.seen())
	}
	if o.Title == "PWNED" || o.Pwned != "undefined" || o.Handlers != 0 || slices.Contains(rec.seen(), "/script") || slices.Contains(rec.seen(), "/onerror") {
		t.Errorf("injected script ran or survived: %+v, recorder saw %q", o, rec.seen())
	}

	// A title edited in a file appears on the open home page within 2 s, without a reload by hand.
	if err := chromedp.Do(ctx, chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#catalog"))); err != nil {
		t.Fatal(err)
	}
	refunds := filepath.Join(docsDir, "billing", "refunds.md")
	b, err := os.ReadFile(refunds)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "\ntitle: Refunds\n", "\ntitle: Edited in the browser test, Refunds\n", 1)
	if edited == string(b) {
		t.Fatal("billing/refunds.md has no title: line to edit")
	}
	saved := time.Now()
	if err := os.WriteFile(refunds, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.innerText.includes("Edited in the browser test, ")`))
		if err == nil && shown {
			break
		}
		if time.Since(saved) > 2*time.Second {
			srvSide := strings.Contains(pageBody(home), "Edited in the browser test")
			ver, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.getAttribute("data-version") + " " + document.getElementById("live").className`))
			t.Logf("server side shows it: %v; page %s", srvSide, ver)
			t.Fatalf("the edited title is not on the open home page 2 s after the save (last error %v)", err)
		}
		time.Sleep(20 * time.Millisecond) // polling the page while it reloads itself
	}
	t.Logf("edit shown after %v; whole test %v", time.Since(saved).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func pageBody(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
