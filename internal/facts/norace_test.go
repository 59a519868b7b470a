package facts

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The tests built without the race detector (//go:build !race) are the whole-corpus walks, which -race makes
// several times slower without checking anything more; `make test` runs them in its second step, chosen by
// name and package. A !race test that step does not choose would run in a plain `go test ./...` only, so
// the Makefile and the files are kept in step here.
func TestMakeTestRunsEveryTestBuiltWithoutRace(t *testing.T) {
	root := moduleRoot(t)
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\t\$\(GO\) test -count=1 -run '([^']+)' (.+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("the Makefile has no `$(GO) test -count=1 -run '…' PACKAGES` line for the tests built without -race")
	}
	chosen := regexp.MustCompile(string(m[1]))
	var pkgs []string
	for _, p := range strings.Fields(string(m[2])) {
		pkgs = append(pkgs, filepath.Clean(p))
	}
	withNoRace := map[string]bool{}
	eachGoFile(t, root, true, func(rel string, src []byte) error {
		if !strings.HasPrefix(string(src), "//go:build !race\n") {
			return nil
		}
		pkg := filepath.Dir(rel)
		withNoRace[pkg] = true
		if !slices.Contains(pkgs, pkg) {
			t.Errorf("%s is built without -race, but make test's second step does not test ./%s/", rel, pkg)
		}
		file, err := parser.ParseFile(token.NewFileSet(), rel, src, 0)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && !chosen.MatchString(fn.Name.Name) {
				t.Errorf("%s: %s is built without -race, but make test's -run '%s' does not choose it", rel, fn.Name.Name, m[1])
			}
		}
		return nil
	})
	for _, p := range pkgs {
		if !withNoRace[p] {
			t.Errorf("make test's second step tests ./%s/, which has no test built without -race", p)
		}
	}
	if len(withNoRace) == 0 {
		t.Fatal("no test file is built without -race: the walk is wrong")
	}
}
