package corporatest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFindsTheCorporaAboveTheWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	want := filepath.Join(root, "shared", "corpora", "a-docs")
	deep := filepath.Join(root, "project", "internal", "x")
	for _, d := range []string{want, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(deep)
	if got := Dir(t, "a-docs"); got != want {
		t.Fatalf("Dir = %q, want %q", got, want)
	}
}
