// Command locked parks 2 goroutines that called runtime.LockOSThread (their headers
// say ", locked to thread") next to 3 that did not, and writes a debug=2 dump and its debug=1 twin.
package main

import (
	"flag"
	"path/filepath"
	"runtime"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	flag.Parse()
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		go lockedWorker(ch)
	}
	for i := 0; i < 3; i++ {
		go unlockedWorker(ch)
	}
	settle(1+2+3, 1)
	dumpWithTwin(filepath.Join(*out, "locked.debug2.txt"))
}

func lockedWorker(ch chan int) {
	runtime.LockOSThread() // never unlocked: the goroutine keeps its thread
	<-ch                   // chan-receive: blocked while locked to its thread; nobody sends
}

func unlockedWorker(ch chan int) {
	<-ch // chan-receive: nobody sends on ch
}
