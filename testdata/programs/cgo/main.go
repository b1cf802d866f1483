// Command cgo parks 2 goroutines inside a C function that sleeps for an hour, next
// to 3 goroutines blocked in Go, and writes a debug=2 dump and its debug=1 twin. Needs CGO_ENABLED=1 and gcc.
package main

/*
#include <unistd.h>
static void sleep_in_c(void) { sleep(3600); }
*/
import "C"

import (
	"flag"
	"path/filepath"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	flag.Parse()
	for i := 0; i < 2; i++ {
		go inC()
	}
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go inGo(ch)
	}
	settle(1+2+3, 1)
	dumpWithTwin(filepath.Join(*out, "cgo.debug2.txt"))
}

func inC() {
	C.sleep_in_c() // cgo: blocked inside a C call that sleeps for an hour
}

func inGo(ch chan int) {
	<-ch // chan-receive: nobody sends on ch
}
