// Package corporatest finds the real documentation trees of other projects that tests read
// (../shared/corpora beside the project, or beside a worktree's parent; read-only). Only tests import it.
package corporatest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of rel inside the corpora folder ("" for the folder itself), found in the
// nearest folder above the working directory that holds shared/corpora. When it is absent the test skips,
// except when CI is set: then it fails, so that a CI run cannot pass without having checked the corpora.
func Dir(t testing.TB, rel string) string {
	t.Helper()
	if wd, err := os.Getwd(); err == nil {
		for up := wd; ; up = filepath.Dir(up) {
			dir := filepath.Join(up, "shared", "corpora", filepath.FromSlash(rel))
			if _, err := os.Stat(dir); err == nil {
				return dir
			}
			if filepath.Dir(up) == up {
				break
			}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("corpus %q is absent (CI is set, so this fails rather than skips); it lives in ../shared/corpora beside the project", rel)
	}
	t.Skipf("corpus %q is absent; it lives in ../shared/corpora beside the project", rel)
	return ""
}
