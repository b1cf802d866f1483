// Command minutes parks goroutines, forces two GCs (which stamp their wait start),
// waits -wait (default 65s) and writes a debug=2 dump (and its debug=1 twin) whose headers say ", 1 minutes".
package main

import (
	"flag"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	wait := flag.Duration("wait", 65*time.Second, "how long to wait before dumping")
	flag.Parse()
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go stuckReceiver(ch)
	}
	mu := new(sync.Mutex)
	mu.Lock() // never unlocked
	for i := 0; i < 2; i++ {
		go stuckLocker(mu)
	}
	settle(1+3+2, 1)
	// The runtime stamps a waiting goroutine's wait start only while a GC scans its
	// stack, with the time the previous GC finished; so it takes two GCs.
	runtime.GC()
	runtime.GC()
	time.Sleep(*wait)
	dumpWithTwin(filepath.Join(*out, "minutes.debug2.txt"))
}

func stuckReceiver(ch chan int) {
	<-ch // chan-receive: nobody sends on ch
}

func stuckLocker(mu *sync.Mutex) {
	mu.Lock() // mutex: main holds it forever
}
