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

// genTree writes n Markdown files of about 4 KB in 10 folders (categories), like a real docs tree.
func genTree(b *testing.B, n int) string {
	dir := b.TempDir()
	para := strings.Repeat("Hugo renders this page from Markdown with shortcodes, front matter and links. ", 12)
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("section-%d", i%10))
		os.MkdirAll(d, 0o755)
		body := fmt.Sprintf("---\ntitle: Page %d\nstatus: published\n---\n%s\n\n## Usage\n\n%s\n\n## Notes\n\n%s\n%s\n", i, para, para, para, para)
		os.WriteFile(filepath.Join(d, fmt.Sprintf("page-%04d.md", i)), []byte(body), 0o644)
	}
	return dir
}

// BenchmarkFirstSync1000 is a first `kb sync` of 1,000 files (≈4 KB each) into an emulator kept in memory and
// into one that persists to --data: persistence must cost little (issue 12: the whole-file rewrite after every
// write made Hugo's 992 files take 49 s instead of 0.6 s).
//
//	go test -run '^$' -bench FirstSync1000 -benchtime 3x ./internal/emulator/
func BenchmarkFirstSync1000(b *testing.B) {
	dir := genTree(b, 1000)
	for _, persist := range []bool{false, true} {
		name := "memory"
		if persist {
			name = "data-file"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				o := emulator.Options{}
				if persist {
					o.DataFile = filepath.Join(b.TempDir(), "kb.json")
				}
				s := emulator.MustNew(o)
				ts := httptest.NewServer(s)
				key := emulator.NewToken("test")
				s.AddKey(emulator.Key{Token: key, Env: "test"})
				f, _, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": ts.URL + facts.BasePath, "ATENDER_API_KEY": key}, dir)
				b.StartTimer()
				if code := cli.Run(context.Background(), f, []string{"kb", "sync", dir}); code != 0 {
					b.Fatalf("exit %d: %s", code, errOut)
				}
				// Stopping is part of the cost: Close writes what the last writes changed.
				ts.Close()
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if persist {
					again := emulator.MustNew(o)
					if n := len(again.Articles()); n != 1000 {
						b.Fatalf("the data file holds %d articles, want 1000", n)
					}
				}
			}
		})
	}
}
