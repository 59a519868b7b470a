package facts

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// trackerID matches the ways a tracker has been cited in comments: "(F12)", "adversarial F17", "issue 11",
// "issue #11". Such a reference tells a reader of the code nothing; a comment says what the code does.
var trackerID = regexp.MustCompile(`\(F\d+\)|\badversarial F\d+|\b[Ii]ssues? #?\d+\b|\bF\d{1,3}\b`)

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// eachNonTestGoFile calls fn with the path (relative to root) and source of every non-test Go file of the
// module, skipping hidden folders and testdata, and returns how many it read.
func eachNonTestGoFile(t *testing.T, root string, fn func(rel string, src []byte) error) int {
	t.Helper()
	return eachGoFile(t, root, false, fn)
}

// eachGoFile is eachNonTestGoFile for the test files (tests true) or the others.
func eachGoFile(t *testing.T, root string, tests bool, fn func(rel string, src []byte) error) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") != tests {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		n++
		return fn(rel, src)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The comments are read with go/scanner: every comment token, as the parser would collect them, without
// building each file's syntax tree (which the shape test builds, and the two run side by side).
func TestNoTrackerIDInNonTestComments(t *testing.T) {
	t.Parallel() // reads the module's files, writes nothing
	root := moduleRoot(t)
	checked := eachNonTestGoFile(t, root, func(rel string, src []byte) error {
		fset := token.NewFileSet()
		var s scanner.Scanner
		var bad error
		s.Init(fset.AddFile(rel, -1, len(src)), src, func(pos token.Position, msg string) { bad = fmt.Errorf("%s: %s", pos, msg) }, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.COMMENT {
				continue
			}
			if m := trackerID.FindString(lit); m != "" {
				t.Errorf("%s:%d: comment cites a tracker id %q; say what the code does instead", rel, fset.Position(pos).Line, m)
			}
		}
		return bad
	})
	if checked < 50 {
		t.Fatalf("checked only %d Go files under %s; the walk missed the tree", checked, root)
	}
}
