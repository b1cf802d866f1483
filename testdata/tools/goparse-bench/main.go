// Command goparse-bench times go/parser on every .go file under a directory,
// single-threaded, with the sources already in memory, so its throughput can be
// compared with Goroscope.GoSyntax's on the same files in the same run.
//
// Usage: goparse-bench [-iterations n] <root>
package main

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

func main() {
	iterations := flag.Int("iterations", 5, "timed passes over the files (after one warm-up pass)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: goparse-bench [-iterations n] <root>")
		os.Exit(2)
	}
	root, err := filepath.EvalSymlinks(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var paths []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(path, ".go") {
			paths = append(paths, path)
		}
		return nil
	})
	sort.Strings(paths)
	sources := make([][]byte, len(paths))
	total := 0
	for i, path := range paths {
		sources[i], err = os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		total += len(sources[i])
	}

	modes := []struct {
		name string
		mode parser.Mode
	}{
		{"ParseComments|SkipObjectResolution", parser.ParseComments | parser.SkipObjectResolution},
		{"ParseComments", parser.ParseComments},
	}
	runtime.GOMAXPROCS(1) // single-threaded, including the garbage collector's helpers
	for _, m := range modes {
		pass := func() {
			for i, src := range sources {
				parser.ParseFile(token.NewFileSet(), paths[i], src, m.mode)
			}
		}
		pass() // warm-up
		best := time.Duration(1<<63 - 1)
		for range *iterations {
			start := time.Now()
			pass()
			if d := time.Since(start); d < best {
				best = d
			}
		}
		mb := float64(total) / 1e6
		fmt.Printf("go/parser %-36s files=%d bytes=%d best=%.3fs %.1f MB/s (1 thread)\n",
			m.name, len(sources), total, best.Seconds(), mb/best.Seconds())
	}
}
