// Command source-excerpt copies the parts of Go files that goroutine dumps point into: the package clause, the
// imports and every function declaration that holds one of the given lines; every other line is left empty, so
// line numbers stay those of the original and the excerpt parses as Go.
//
// Usage: source-excerpt SRC_ROOT DEST_ROOT PATH:LINE...   (PATH relative to SRC_ROOT)
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: source-excerpt SRC_ROOT DEST_ROOT PATH:LINE...")
		os.Exit(2)
	}
	src, dest := os.Args[1], os.Args[2]
	lines := map[string][]int{}
	for _, arg := range os.Args[3:] {
		i := strings.LastIndex(arg, ":")
		n, err := strconv.Atoi(arg[i+1:])
		if i < 0 || err != nil {
			fmt.Fprintf(os.Stderr, "source-excerpt: %s: want PATH:LINE\n", arg)
			os.Exit(2)
		}
		lines[arg[:i]] = append(lines[arg[:i]], n)
	}
	paths := make([]string, 0, len(lines))
	for path := range lines {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		if err := excerpt(filepath.Join(src, path), filepath.Join(dest, path), lines[path]); err != nil {
			fmt.Fprintln(os.Stderr, "source-excerpt:", err)
			os.Exit(1)
		}
	}
}

func excerpt(from, to string, wanted []int) error {
	content, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, from, content, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	source := strings.Split(string(content), "\n")
	keep := make([]bool, len(source)+1)
	span := func(from, to token.Pos) {
		for l := fset.Position(from).Line; l <= fset.Position(to).Line; l++ {
			keep[l] = true
		}
	}
	span(file.Package, file.Name.End())
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				span(d.Pos(), d.End())
			}
		case *ast.FuncDecl:
			first, last := fset.Position(d.Pos()).Line, fset.Position(d.End()).Line
			for _, l := range wanted {
				if first <= l && l <= last {
					span(d.Pos(), d.End())
				}
			}
		}
	}
	for i := range source {
		if !keep[i+1] {
			source[i] = ""
		}
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, []byte(strings.Join(source, "\n")), 0o644)
}
