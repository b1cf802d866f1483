// Command checker prints go/types' view of Go packages, for comparison with Goroscope.GoTypes.
//
// Usage: checker [-all] [importpath=]dir ...
//
// For each package directory (files chosen by go/build's default context, tests left out) it type-checks the
// package with go/types, importing dependencies from source, and prints one line per identifier, selector and
// call expression whose type is concurrency-relevant (a channel; sync.Mutex, RWMutex, WaitGroup, Cond, Once;
// context.Context, CancelFunc; time.Timer, Ticker; net/http.Response; pointers to those; tuples holding one):
//
//	expr <TAB> file:line:col:endline:endcol:kind <TAB> type
//
// and one line per package-level named type and its pointer with the names in its method set:
//
//	methods <TAB> type <TAB> name,name,...
//
// With -all, every identifier, selector and call expression is printed, whatever its type.
//
// Positions are raw byte offsets' lines and columns (//line directives ignored), as Goroscope reports them.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var relevantNamed = map[string]bool{
	"sync.Mutex": true, "sync.RWMutex": true, "sync.WaitGroup": true, "sync.Cond": true, "sync.Once": true,
	"context.Context": true, "context.CancelFunc": true, "time.Timer": true, "time.Ticker": true, "net/http.Response": true,
}

var all = flag.Bool("all", false, "print every expression, not only the concurrency-relevant ones")

func relevant(t types.Type) bool {
	if *all {
		return true
	}
	t = types.Unalias(t)
	if tuple, ok := t.(*types.Tuple); ok {
		for i := 0; i < tuple.Len(); i++ {
			if relevant(tuple.At(i).Type()) {
				return true
			}
		}
		return false
	}
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = types.Unalias(p.Elem())
	}
	switch t := t.(type) {
	case *types.Chan:
		return true
	case *types.Named:
		obj := t.Obj()
		return obj.Pkg() != nil && relevantNamed[obj.Pkg().Path()+"."+obj.Name()]
	}
	return false
}

// typeString prints tuples without result names, so that both sides agree on the format.
func typeString(t types.Type) string {
	if tuple, ok := t.(*types.Tuple); ok {
		parts := make([]string, tuple.Len())
		for i := range parts {
			parts[i] = types.TypeString(tuple.At(i).Type(), nil)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return types.TypeString(t, nil)
}

func main() {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	flag.Parse()
	for _, arg := range flag.Args() {
		importPath, dir, explicit := strings.Cut(arg, "=")
		if !explicit {
			dir, importPath = arg, ""
		}
		if err := check(fset, imp, importPath, dir, out); err != nil {
			fmt.Fprintf(os.Stderr, "checker: %s: %v\n", dir, err)
		}
	}
}

func check(fset *token.FileSet, imp types.Importer, importPath, dir string, out *bufio.Writer) error {
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return err
	}
	if importPath == "" {
		importPath = bp.ImportPath
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	pkg, _ := conf.Check(importPath, fset, files, info)

	var lines []string
	emit := func(node ast.Node, kind string, t types.Type) {
		if t == nil || !relevant(t) {
			return
		}
		from, to := fset.PositionFor(node.Pos(), false), fset.PositionFor(node.End(), false)
		lines = append(lines, fmt.Sprintf("expr\t%s:%d:%d:%d:%d:%s\t%s", from.Filename, from.Line, from.Column, to.Line, to.Column, kind, typeString(t)))
	}
	for id, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok && !v.Embedded() {
			emit(id, "ident", v.Type())
		}
	}
	for id, obj := range info.Uses {
		if v, ok := obj.(*types.Var); ok {
			emit(id, "ident", v.Type())
		}
	}
	for expr, tv := range info.Types {
		if !tv.IsValue() {
			continue
		}
		switch expr.(type) {
		case *ast.SelectorExpr:
			emit(expr, "selector", tv.Type)
		case *ast.CallExpr:
			emit(expr, "call", tv.Type)
		}
	}
	if pkg != nil {
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok || named.TypeParams().Len() > 0 {
				continue
			}
			for _, t := range []types.Type{named, types.NewPointer(named)} {
				if _, isInterface := named.Underlying().(*types.Interface); isInterface && t != types.Type(named) {
					continue
				}
				mset := types.NewMethodSet(t)
				names := make([]string, mset.Len())
				for i := range names {
					names[i] = mset.At(i).Obj().Name()
				}
				lines = append(lines, fmt.Sprintf("methods\t%s\t%s", types.TypeString(t, nil), strings.Join(names, ",")))
			}
		}
	}
	sort.Strings(lines)
	for _, line := range lines {
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return nil
}
