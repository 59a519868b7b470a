package facts

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/fzipp/gocyclo"
)

// The shape the code keeps so that a newcomer can read any function in one sitting: no non-test Go file over
// maxFileLines lines, no function over maxComplexity (cyclomatic complexity as github.com/fzipp/gocyclo
// counts it; its //gocyclo:ignore directive is not honoured here).
const (
	maxFileLines  = 500
	maxComplexity = 25
)

// notYetSplit names the functions that were over the bound when the bound was set and are being split;
// the list only shrinks. A name here that is no longer over the bound is an error too, so the list stays true.
var notYetSplit = map[string]bool{}

func TestCodeShapeFilesAndFunctionsStaySmall(t *testing.T) {
	t.Parallel() // reads the module's files, writes nothing
	root := moduleRoot(t)
	seen := map[string]bool{}
	files := eachNonTestGoFile(t, root, func(rel string, src []byte) error {
		if n := bytes.Count(src, []byte("\n")); n > maxFileLines {
			t.Errorf("%s has %d lines (at most %d): split it along its ideas", rel, n, maxFileLines)
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, rel, src, 0)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			c := gocyclo.Complexity(fn)
			if c <= maxComplexity {
				continue
			}
			name := file.Name.Name + " " + funcName(fn)
			seen[name] = true
			if !notYetSplit[name] {
				t.Errorf("%s:%d: %s has cyclomatic complexity %d (at most %d): split it",
					rel, fset.Position(fn.Pos()).Line, name, c, maxComplexity)
			}
		}
		return nil
	})
	if files < 100 {
		t.Fatalf("checked only %d files under %s: the walk is wrong", files, root)
	}
	for name := range notYetSplit {
		if !seen[name] {
			t.Errorf("%s is no longer over complexity %d: remove it from notYetSplit", name, maxComplexity)
		}
	}
}

// funcName names a function as gocyclo prints it: "Name", or "(Recv).Name" / "(*Recv).Name" for a method.
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	var recv string
	switch r := fn.Recv.List[0].Type.(type) {
	case *ast.StarExpr:
		recv = "*" + typeName(r.X)
	default:
		recv = typeName(r)
	}
	return "(" + recv + ")." + fn.Name.Name
}

func typeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return typeName(x.X)
	case *ast.IndexListExpr:
		return typeName(x.X)
	}
	return "?"
}
