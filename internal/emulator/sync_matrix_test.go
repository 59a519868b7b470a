package emulator_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
)

// matrixTree writes n small articles in two folders: more than one page of 100, so that paging matters.
func matrixTree(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("section-%d", i%2))
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, fmt.Sprintf("page-%03d.md", i)), []byte(fmt.Sprintf("# Page %d\n\nText %d.\n", i, i)), 0o644)
	}
	return dir
}

type matrixEmu struct {
	s   *emulator.Server
	url string
	key string
}

func (m *matrixEmu) sync(t *testing.T, dir string, args ...string) (int, string) {
	f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": m.url, "ATENDER_API_KEY": m.key}, dir)
	code := cli.Run(context.Background(), f, append([]string{"kb", "sync", dir}, args...))
	return code, errOut.String()
}

func (m *matrixEmu) writes() int {
	n := 0
	for _, e := range m.s.Log() {
		if e.Method != "GET" && e.Status >= 200 && e.Status < 300 {
			n++
		}
	}
	return n
}

func newMatrixEmu(t *testing.T, shape string) *matrixEmu {
	t.Helper()
	sh, err := emulator.ParseShapes(shape)
	if err != nil {
		t.Fatal(err)
	}
	s := emulator.MustNew(emulator.Options{Shapes: sh})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	m := &matrixEmu{s: s, url: ts.URL + facts.BasePath, key: emulator.NewToken("test")}
	s.AddKey(emulator.Key{Token: m.key, Env: "test"})
	return m
}

// step runs one sync and checks its exit code and how many writes the emulator applied.
func (m *matrixEmu) step(t *testing.T, what, dir string, wantExit, wantWrites int, args ...string) {
	t.Helper()
	m.s.ResetLog()
	code, errOut := m.sync(t, dir, args...)
	if (code == 0) != (wantExit == 0) || m.writes() != wantWrites {
		t.Errorf("%s: exit %d with %d writes applied, want exit %d with %d\nstderr: %s", what, code, m.writes(), wantExit, wantWrites, errOut)
	}
}

// TestSyncAgainstEveryShape runs the real `kb sync` against the emulator in each reply shape (issue 10 §5):
// a first sync, an in-sync rerun and a one-file edit, over more than one page of articles. A shape the
// client can read gives the usual result (the rerun sends nothing, the edit one PATCH); one it cannot trust
// ends in an error with nothing written. No duplicate is ever made.
func TestSyncAgainstEveryShape(t *testing.T) {
	const n = 105
	for _, tc := range []struct {
		shape      string
		unreadable bool // the client must refuse the listing once the KB has more than a page
	}{
		{shape: ""}, {shape: "items"}, {shape: "results"}, {shape: "plural"}, {shape: "bare"},
		{shape: "cap-limit=20"}, {shape: "no-total"}, {shape: "cap-limit=20,no-total"}, {shape: "cursor"},
		{shape: "wrap-data"}, {shape: "wrap-name"}, {shape: "time-unix"}, {shape: "time-unix-ms"},
		{shape: "time-no-zone"}, {shape: "flat-errors"}, {shape: "plain-401"}, {shape: "hostile"},
		{shape: "items,cap-limit=20,no-total,wrap-name,time-unix-ms"},
		{shape: "ignore-page", unreadable: true},
	} {
		name := strings.ReplaceAll(tc.shape, ",", "+")
		if name == "" {
			name = "usual"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel() // its own emulator and tree
			m := newMatrixEmu(t, tc.shape)
			dir := matrixTree(t, n)
			before := len(m.s.Articles())
			m.step(t, "first sync", dir, 0, n+2) // two categories, n articles
			if got := len(m.s.Articles()) - before; got != n {
				t.Fatalf("first sync made %d articles, want %d", got, n)
			}
			if tc.unreadable {
				m.step(t, "in-sync rerun", dir, 1, 0)
			} else {
				m.step(t, "in-sync rerun", dir, 0, 0)
			}
			os.WriteFile(filepath.Join(dir, "section-1", "page-007.md"), []byte("# Page 7\n\nEdited.\n"), 0o644)
			if tc.unreadable {
				m.step(t, "one-file edit", dir, 1, 0)
			} else {
				m.step(t, "one-file edit", dir, 0, 1)
			}
			if now, most := m.s.Duplicates(""); now != 0 || most != 0 {
				t.Errorf("duplicates: %d left, %d at most", now, most)
			}
		})
	}
}

// A listing that silently leaves out a third of the articles: the rerun plans creates for them, each comes
// back as slug-1, and the client must stop and remove what it made: it fails, no duplicate is left, and
// never more existed at once than requests run in parallel.
func TestSyncAgainstAListingThatHidesArticles(t *testing.T) {
	m := newMatrixEmu(t, "")
	dir := matrixTree(t, 60)
	m.step(t, "first sync", dir, 0, 62)
	sh, _ := emulator.ParseShapes("hide-articles=0.33")
	m.s.SetShapes(sh)
	m.s.ResetLog()
	code, errOut := m.sync(t, dir, "--concurrency", "3")
	now, most := m.s.Duplicates("")
	if code == 0 || now != 0 || most > 3 || most == 0 || len(m.s.Articles()) != 60 {
		t.Errorf("exit %d, %d duplicates left, %d at once, %d articles; want a failure, none left, 1 to 3 at once, 60 articles\nstderr: %s",
			code, now, most, len(m.s.Articles()), errOut)
	}
}

// A server that redirects: nothing is followed and nothing is written.
func TestSyncAgainstARedirectingServer(t *testing.T) {
	for _, shape := range []string{"redirect-307", "redirect-301", "redirect-302"} {
		m := newMatrixEmu(t, shape)
		m.step(t, shape+" first sync", matrixTree(t, 3), 1, 0)
		for _, e := range m.s.Log() {
			if e.Followed {
				t.Errorf("%s: the client followed to %s %s", shape, e.Method, e.Path)
			}
		}
	}
}

// --kb-id sends ?kbId= on every request: a sync lands in that knowledge base only, and the same tree synced
// into two knowledge bases makes two independent copies, each in sync afterwards (issue 10 §3).
func TestSyncIntoAKnowledgeBaseByID(t *testing.T) {
	m := newMatrixEmu(t, "")
	dir := matrixTree(t, 4)
	for _, kbID := range []string{"kb_docs", "kb_other"} {
		if code, errOut := m.sync(t, dir, "--kb-id", kbID); code != 0 {
			t.Fatalf("sync into %s: exit %d\n%s", kbID, code, errOut)
		}
		if n := len(m.s.SnapshotKB(kbID).Articles); n != 4 {
			t.Fatalf("%s holds %d articles, want 4", kbID, n)
		}
	}
	if n := len(m.s.Articles()); n != 0 {
		t.Fatalf("the default knowledge base got %d articles", n)
	}
	for _, e := range m.s.Log() {
		if e.KBID == "" {
			t.Fatalf("a request without kbId: %s %s", e.Method, e.Path)
		}
	}
	m.step(t, "in-sync rerun into kb_docs", dir, 0, 0, "--kb-id", "kb_docs")
	if now, most := m.s.Duplicates("kb_other"); now != 0 || most != 0 {
		t.Fatalf("duplicates in kb_other: %d, %d", now, most)
	}
}
