// Command go-mutants writes randomly damaged copies of the .go files under a
// tree, for differential testing of Goroscope.GoSyntax against go/parser:
//
//	go run ./testdata/tools/go-mutants /opt/go/1.27/src /tmp/mutants 4000
//	go run ./testdata/tools/goparse-verdicts /tmp/mutants > /tmp/mutants/verdicts.txt
//	GOROSCOPE_MUTANTS=/tmp/mutants dotnet test tests/Goroscope.GoSyntax.Tests --filter DamagedFilesAreJudgedLikeGoParser
//
// Each mutant deletes a few bytes, inserts a Go fragment or duplicates a slice,
// one to three times; the seed is fixed so runs are reproducible.
package main

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

var fragments = []string{
	"(", ")", "{", "}", "[", "]", ",", ";", "\n", ":=", "=", "func", "type", "[T any]", "<-", "chan",
	"...", "~", "|", ".", "*", "go ", "range", "\"", "`", "/*", "//", "'", "0x", "1e", "interface{",
	"struct{", "case", "default:", "select", "if", "for", "else", "var", "const", "import", "package",
	"\xff", "\x00", "\xef\xbb\xbf",
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go-mutants <source root> <output dir> <count>")
		os.Exit(2)
	}
	root, err := filepath.EvalSymlinks(os.Args[1])
	check(err)
	count, err := strconv.Atoi(os.Args[3])
	check(err)
	var paths []string
	check(filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(path, ".go") {
			paths = append(paths, path)
		}
		return nil
	}))
	sort.Strings(paths)
	rng := rand.New(rand.NewSource(7))
	rng.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
	check(os.MkdirAll(os.Args[2], 0o755))
	written := 0
	for _, path := range paths {
		if written == count {
			break
		}
		data, err := os.ReadFile(path)
		check(err)
		if len(data) < 50 || len(data) > 60000 {
			continue
		}
		for range 1 + rng.Intn(3) {
			data = mutate(rng, data)
		}
		check(os.WriteFile(filepath.Join(os.Args[2], fmt.Sprintf("m%05d.go", written)), data, 0o644))
		written++
	}
}

func mutate(rng *rand.Rand, data []byte) []byte {
	i := rng.Intn(len(data))
	switch op := rng.Float64(); {
	case op < 0.4:
		j := min(len(data), i+1+rng.Intn(20))
		return append(data[:i:i], data[j:]...)
	case op < 0.8:
		out := append([]byte{}, data[:i]...)
		out = append(out, fragments[rng.Intn(len(fragments))]...)
		return append(out, data[i:]...)
	default:
		j := min(len(data), i+1+rng.Intn(200))
		k := rng.Intn(len(data))
		out := append([]byte{}, data[:k]...)
		out = append(out, data[i:j]...)
		return append(out, data[k:]...)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
