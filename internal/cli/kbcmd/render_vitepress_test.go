package kbcmd

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/preview/previewtest"
)

// A VitePress tree nobody here wrote (testdata/vitepress/slidev: the Markdown pages of slidevjs/slidev's
// docs, MIT, see testdata/vitepress/README.md), set up with a config file only: kb render writes a page for
// every one of its 88 pages but its home page (layout: home, only <LandingPage />: no text of its own, left
// out as a template page, named and counted), and every link between articles resolves to a file of the output (a VitePress
// route such as `/guide/x.html` too). A site path left as written must be named by the tree's diagnostics.
func TestRenderVitePressTreeNobodyHereWrote(t *testing.T) {
	t.Parallel()
	root, _ := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "vitepress", "slidev"))
	cfgPath := root + ".atender.yaml"
	cfg, dir := generatorTree(t, root, cfgPath)
	onDisk := countPages(dir)
	if onDisk < 58 {
		t.Fatalf("the tree has %d pages, want at least 58", onDisk)
	}

	out := filepath.Join(t.TempDir(), "site")
	f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_CONFIG": cfgPath}, root)
	cmd := NewCmdRender(f, nil)
	cmd.PersistentFlags().String("output", "", "")
	cmd.SetArgs([]string{dir, "--out", out})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("kb render: %v\n%s", err, errOut)
	}
	tree, err := loadTree(context.Background(), cfg, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	articles, _ := filepath.Glob(filepath.Join(out, "knowledge", "*", "index.html"))
	if leftOut := tree.PageCounts().LeftOut; len(articles) != onDisk-1 || leftOut["template page"] != 1 {
		t.Errorf("%d article pages written for %d pages of the tree, %v left out", len(articles), onDisk, leftOut)
	}
	links := previewtest.CheckLinks(t, out)
	if links.Between < 60 {
		t.Errorf("%d links between articles followed; the tree has about 70", links.Between)
	}
	for _, a := range links.Absolute {
		_, dest, _ := strings.Cut(a, ": ")
		named := false
		for _, d := range tree.Diagnostics {
			if d.Code == "site-link" && strings.Contains(d.Message, "link "+dest+" ") {
				named = true
			}
		}
		if !named {
			t.Errorf("%s is left as written, and no site-link warning of the tree says so", a)
		}
	}
	t.Logf("%d article pages, %d links between articles resolved, %d site paths left as written (each named by a warning)", len(articles), links.Between, len(links.Absolute))
}
