// Command deep parks goroutines at the bottom of deep recursions and writes debug=2
// and debug=1 dumps: 2 goroutines 150 frames deep (Go elides the middle of their
// traces: "...N frames elided..." since 1.21, "...additional frames elided..." before)
// and 3 goroutines 40 frames deep (printed in full).
package main

import (
	"flag"
	"path/filepath"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	flag.Parse()
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		go deepDescend(150, ch)
	}
	for i := 0; i < 3; i++ {
		go shallowDescend(40, ch)
	}
	settle(1+2+3, 1)
	dump(filepath.Join(*out, "deep.debug2.txt"), "goroutine", 2)
	dump(filepath.Join(*out, "deep.debug1.txt"), "goroutine", 1)
}

//go:noinline
func deepDescend(n int, ch chan int) int {
	if n > 1 {
		return deepDescend(n-1, ch) + 1
	}
	return <-ch // chan-receive: at the bottom of 150 frames; nobody sends on ch
}

//go:noinline
func shallowDescend(n int, ch chan int) int {
	if n > 1 {
		return shallowDescend(n-1, ch) + 1
	}
	return <-ch // chan-receive: at the bottom of 40 frames; nobody sends on ch
}
