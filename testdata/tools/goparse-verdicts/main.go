// Command goparse-verdicts records go/parser's verdict for every .go file
// under a Go source tree, so the C# parser can be compared against it.
//
// Usage: goparse-verdicts <root> > verdicts.txt
//
// Each output line is "<relative path>\tok", "<relative path>\tok\t<go version>"
// when a //go:build line implies a minimum Go version (ast.File.GoVersion), or
// "<relative path>\terror\t<line>:<col>: <message>" (the first error).
// Files are parsed with parser.ParseComments|parser.AllErrors; the error
// cap of the default mode changes how many errors are reported, never
// whether a file is accepted.
package main

import (
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goparse-verdicts <root>")
		os.Exit(2)
	}
	root, err := filepath.EvalSymlinks(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var paths []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasSuffix(path, ".go") {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sort.Strings(paths)
	var out strings.Builder
	for _, path := range paths {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ParseComments|parser.AllErrors)
		if err == nil && f.GoVersion != "" {
			fmt.Fprintf(&out, "%s\tok\t%s\n", rel, f.GoVersion)
			continue
		}
		if err == nil {
			fmt.Fprintf(&out, "%s\tok\n", rel)
			continue
		}
		first := err.Error()
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			first = fmt.Sprintf("%d:%d: %s", list[0].Pos.Line, list[0].Pos.Column, list[0].Msg)
		}
		fmt.Fprintf(&out, "%s\terror\t%s\n", rel, strings.ReplaceAll(first, "\n", `\n`))
	}
	fmt.Print(out.String())
}
