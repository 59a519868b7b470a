package preview

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/docs"
)

// sample is a small tree with what a reader notices: categories and a subcategory, a link between
// articles, a table, tags, an article with a warning (raw HTML with a script and an onerror handler), one
// with an error (a broken link) and a file that gives no article (bad frontmatter).
var sample = map[string]string{
	"getting-started/_category.yml": "title: Getting started\ndescription: First steps.\nsortOrder: 1\n",
	"getting-started/welcome.md":    "---\ntitle: Welcome\nsummary: Where to begin.\ntags: [intro, basics]\n---\nRead [Billing basics](../billing/basics.md#cards) first.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**bold** text\n",
	"billing/basics.md":             "---\ntitle: Billing basics\nsummary: Cards and invoices.\n---\n## Cards\n\nWe take cards.\n",
	"billing/payments/failed.md":    "---\ntitle: Failed payments\n---\nRetries happen.\n",
	"billing/hostile.md":            "---\ntitle: Hostile page\n---\nHello <script>window.pwned = 1</script>\n\n<img src=\"https://example.invalid/x.png\" onerror=\"window.pwned = 2\">\n\n<a href=\"javascript:alert(1)\">click</a>\n",
	"billing/broken.md":             "---\ntitle: Broken link page\n---\nSee [nowhere](missing.md).\n",
	"billing/bad.md":                "---\ntitle: [unclosed\n---\nBody.\n",
}

func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loader(dir string) Loader {
	return func(ctx context.Context) (*docs.Tree, error) { return docs.LoadContext(ctx, dir, docs.Options{}) }
}

func newTestServer(t *testing.T, dir string) (*Server, *httptest.Server) {
	t.Helper()
	s := NewServer(loader(dir), nil)
	s.Reload(context.Background())
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func mustLack(t *testing.T, what, body string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(body, w) {
			t.Errorf("%s has %q", what, w)
		}
	}
}

func TestHomeListsCategoriesInOrderWithSummariesAndSearch(t *testing.T) {
	_, hs := newTestServer(t, writeTree(t, sample))
	code, h, body := get(t, hs.URL+"/")
	if code != 200 {
		t.Fatalf("home: %d", code)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	mustContain(t, "home", body, "Getting started", "First steps.", ">Welcome<", "Where to begin.", "Billing basics", "Cards and invoices.",
		"Failed payments", "<h3>Payments</h3>", `href="/knowledge/welcome"`, `id="search"`, `src="/_preview/preview.js"`, "billing/bad.md")
	// The category with a sortOrder comes first; the subcategory sits inside its category.
	if strings.Index(body, "Getting started") > strings.Index(body, "Billing basics") {
		t.Error("Getting started (sortOrder 1) is not before billing")
	}
	if !strings.Contains(body, `data-search="welcome where to begin. intro basics"`) {
		t.Error("the search text of an article is not its title, summary and tags")
	}
	mustLack(t, "home", body, "<script>window")
}

func TestArticleIsRenderedHTMLWithWorkingLinksAndTags(t *testing.T) {
	_, hs := newTestServer(t, writeTree(t, sample))
	code, _, body := get(t, hs.URL+"/knowledge/welcome")
	if code != 200 {
		t.Fatalf("article: %d", code)
	}
	mustContain(t, "article", body, "<h1>Welcome", `<p class="lead">Where to begin.</p>`, "<strong>bold</strong>", "<table>",
		`href="/knowledge/basics#cards"`, "<li>intro</li>", "<li>basics</li>", "Getting started")
	_, _, target := get(t, hs.URL+"/knowledge/basics")
	mustContain(t, "linked article", target, `<h2 id="cards">Cards</h2>`)
}

func TestContentScriptsAreRemoved(t *testing.T) {
	_, hs := newTestServer(t, writeTree(t, sample))
	_, _, body := get(t, hs.URL+"/knowledge/hostile")
	mustContain(t, "hostile article", body, "Hello", `src="https://example.invalid/x.png"`)
	mustLack(t, "hostile article", body, "<script>", "onerror", "javascript:")
	// What remains of the script is text (the summary sync derives from the paragraph), never markup.
	mustLack(t, "hostile article body", body[strings.Index(body, `<div class="body">`):], "window.pwned")
}

func TestProblemsShownInPlace(t *testing.T) {
	dir := writeTree(t, sample)
	_, hs := newTestServer(t, dir)
	_, _, hostile := get(t, hs.URL+"/knowledge/hostile")
	mustContain(t, "article with warnings", hostile, `class="banner warn"`)
	_, _, broken := get(t, hs.URL+"/knowledge/broken")
	mustContain(t, "article with an error", broken, `class="banner error"`, "missing.md")
	mustLack(t, "article with an error", broken, `<div class="body">`)
	_, _, problems := get(t, hs.URL+"/problems")
	mustContain(t, "problems", problems, "billing/bad.md", "billing/broken.md", "billing/hostile.md", `href="/knowledge/broken"`, `href="/file/billing%2Fbad.md"`)
	code, _, bad := get(t, hs.URL+"/file/billing%2Fbad.md")
	if code != 200 {
		t.Fatalf("error page of a file: %d", code)
	}
	mustContain(t, "error page", bad, "billing/bad.md", "gives no article", `class="banner error"`)
	if code, _, _ := get(t, hs.URL+"/knowledge/nope"); code != 404 {
		t.Errorf("unknown slug: %d", code)
	}
}

// A file that cannot be read (permissions, or a folder named like a page) gets its error page.
func TestUnreadableFileHasErrorPage(t *testing.T) {
	dir := writeTree(t, map[string]string{"c/a.md": "# A\n\nText.\n", "c/b.md": "# B\n\nText.\n"})
	if err := os.Mkdir(filepath.Join(dir, "c", "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	unreadable := os.Geteuid() != 0 // root reads any file whatever its mode
	if unreadable {
		os.Chmod(filepath.Join(dir, "c", "b.md"), 0)
	}
	_, hs := newTestServer(t, dir)
	_, _, home := get(t, hs.URL+"/")
	if unreadable {
		mustContain(t, "home", home, "c/b.md")
		_, _, page := get(t, hs.URL+"/file/c%2Fb.md")
		mustContain(t, "error page", page, "cannot read")
	}
	_, _, problems := get(t, hs.URL+"/problems")
	if !strings.Contains(problems, "c/folder.md") {
		t.Skip("this docs loader does not report a folder named like a page") // never: docs reports it
	}
	_, _, page := get(t, hs.URL+"/file/c%2Ffolder.md")
	mustContain(t, "error page", page, "c/folder.md", "gives no article")
}

func TestTreeThatCannotLoadShowsItsError(t *testing.T) {
	s := NewServer(func(context.Context) (*docs.Tree, error) { return nil, errors.New("docs folder x does not exist") }, nil)
	s.Reload(context.Background())
	hs := httptest.NewServer(s)
	defer hs.Close()
	code, _, body := get(t, hs.URL+"/")
	if code != 503 || !strings.Contains(body, "docs folder x does not exist") {
		t.Fatalf("%d %s", code, body)
	}
}

func TestAssetsAreEmbedded(t *testing.T) {
	_, hs := newTestServer(t, writeTree(t, sample))
	for path, ct := range map[string]string{"/_preview/style.css": "text/css", "/_preview/preview.js": "text/javascript"} {
		code, h, body := get(t, hs.URL+path)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), ct) || len(body) < 200 {
			t.Errorf("%s: %d %s %d bytes", path, code, h.Get("Content-Type"), len(body))
		}
	}
	if code, _, _ := get(t, hs.URL+"/_preview/../go.mod"); code != 404 {
		t.Errorf("asset outside the set: %d", code)
	}
}

// An edit is seen by the watcher and told to an open event stream within 2 s, and the page then shows it.
func TestWatchReloadsAndTellsOpenPages(t *testing.T) {
	dir := writeTree(t, sample)
	s, hs := newTestServer(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Watch(ctx, dir, nil, func(err error) { t.Errorf("watch: %v", err) }); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+"/_preview/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- v
			}
		}
	}()
	if v := <-events; v != "1" {
		t.Fatalf("first event %q, want the current version 1", v)
	}
	start := time.Now()
	os.WriteFile(filepath.Join(dir, "billing", "basics.md"), []byte("---\ntitle: Billing made simple\n---\nText.\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "new"), 0o755)
	select {
	case v := <-events:
		if v == "1" {
			t.Fatalf("event %q after an edit", v)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no event within 2 s of an edit")
	}
	_, _, home := get(t, hs.URL+"/")
	mustContain(t, "home after the edit", home, "Billing made simple")
	// A file in a folder made after the start is seen too.
	os.WriteFile(filepath.Join(dir, "new", "fresh.md"), []byte("# Fresh article\n\nText.\n"), 0o644)
	deadline := time.Now().Add(2 * time.Second)
	for {
		if _, _, home := get(t, hs.URL+"/"); strings.Contains(home, "Fresh article") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a file in a new folder did not appear within 2 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("edit seen in %v", time.Since(start))
}

func TestListenInUseNamesTheAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen(ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) || !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), "--addr") {
		t.Fatalf("got %v", err)
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, ":8080": false, "0.0.0.0:8080": false, "192.168.1.2:80": false, "nonsense": false} {
		if got := Loopback(addr); got != want {
			t.Errorf("Loopback(%q) = %v", addr, got)
		}
	}
}

func TestServeStopsWithContext(t *testing.T) {
	s := NewServer(loader(writeTree(t, sample)), nil)
	s.Reload(context.Background())
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, s) }()
	// An open event stream does not hold the shutdown.
	resp, err := http.Get("http://" + ln.Addr().String() + "/_preview/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not stop")
	}
}
