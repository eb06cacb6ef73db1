package observe_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryServiceCallIsObserved reads the services' source: each exported
// method of a Service that takes a context first (except the ...Tx
// helpers, which run inside their caller's transaction and its call)
// begins with the line that starts its call, under its own name, so a
// method added later without it fails here.
func TestEveryServiceCallIsObserved(t *testing.T) {
	fset := token.NewFileSet()
	for _, pkg := range []string{"auth", "personnel", "referral", "video"} {
		files, err := filepath.Glob(filepath.Join("..", "..", pkg, "*.go"))
		require.NoError(t, err)
		seen := 0
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			require.NoError(t, err)
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || !fn.Name.IsExported() || recvName(fn) != "*Service" || !takesCtx(fn) || takesTx(fn) {
					continue
				}
				seen++
				want := fmt.Sprintf("defer s.obs.Call(&ctx, %q)(&callErr)", pkg+"."+fn.Name.Name)
				got := ""
				if len(fn.Body.List) > 0 {
					got = source(fset, fn.Body.List[0])
				}
				assert.Equal(t, want, got, "%s: %s.%s", fset.Position(fn.Pos()), pkg, fn.Name.Name)
			}
		}
		assert.NotZero(t, seen, pkg)
	}
}

func recvName(fn *ast.FuncDecl) string {
	if s, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
		if id, ok := s.X.(*ast.Ident); ok {
			return "*" + id.Name
		}
	}
	return ""
}

func paramType(fn *ast.FuncDecl, i int) string {
	n := 0
	for _, f := range fn.Type.Params.List {
		names := max(len(f.Names), 1)
		if i < n+names {
			return types(f.Type)
		}
		n += names
	}
	return ""
}

func types(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return types(x.X) + "." + x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func takesCtx(fn *ast.FuncDecl) bool { return paramType(fn, 0) == "context.Context" }

func takesTx(fn *ast.FuncDecl) bool { return paramType(fn, 1) == "Tx" }

func source(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	_ = printer.Fprint(&b, fset, n)
	return b.String()
}
