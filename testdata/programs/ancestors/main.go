// Command ancestors builds a three-level tree of blocked goroutines (1 parent, 2
// children, 4 grandchildren) and writes a debug=2 dump and its debug=1 twin. Run it with
// GODEBUG=tracebackancestors=5 so each goroutine's trace ends with the
// "[originating from goroutine N]:" stacks of the goroutines that created it.
package main

import (
	"flag"
	"path/filepath"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	flag.Parse()
	go parent()
	settle(1+1+2+4, 1)
	dumpWithTwin(filepath.Join(*out, "ancestors.debug2.txt"))
}

var never = make(chan int) // nobody ever sends on it

func parent() {
	for i := 0; i < 2; i++ {
		go child()
	}
	<-never // chan-receive: parks forever after starting its children
}

func child() {
	for i := 0; i < 2; i++ {
		go grandchild()
	}
	<-never // chan-receive: parks forever after starting its children
}

func grandchild() {
	<-never // chan-receive: nobody ever sends on never
}
