//go:build !race

// A walk of every corpus does not run under the race detector: it makes goldmark six times slower there
// (4 s of the race suite for this sample) and checks nothing concurrent. `make test` runs it after the
// race-enabled suite.

package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/corporatest"
)

// The line scan and goldmark also agree on the corpora's pages (every tenth, a sample across the seven trees
// that keeps the test under a second; all 1,668 pages with a '<' parsed alike when this was written).
func TestLineRawHTMLIsGoldmarksOnTheCorpora(t *testing.T) {
	root := corporatest.Dir(t, "")
	n, seen := 0, 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".mdx")) {
			return nil
		}
		if seen++; seen%10 != 0 {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "<") {
			sameTree(t, p, b)
			n++
		}
		return nil
	})
	t.Logf("%d pages parsed alike", n)
}
