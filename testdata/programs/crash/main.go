// Command crash parks a few goroutines and then either panics in another goroutine
// (-mode panic: the GOTRACEBACK=all panic trace on stderr) or waits to be sent
// SIGQUIT (-mode wait: prints "ready" first; the SIGQUIT trace goes to stderr).
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"time"
)

func main() {
	mode := flag.String("mode", "panic", "panic or wait")
	flag.Parse()
	blockSenders(3)
	blockLockers(2)
	settle(1+3+2, 1)
	switch *mode {
	case "panic":
		go explode()
	case "wait":
		fmt.Println("ready")
	default:
		fmt.Fprintln(os.Stderr, "bad -mode")
		os.Exit(2)
	}
	time.Sleep(time.Hour) // main: waits for the crash or the signal
}

func blockSenders(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- 1 // chan-send: nobody receives
		}()
	}
}

func blockLockers(n int) {
	mu := new(sync.Mutex)
	mu.Lock() // never unlocked
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock() // mutex: held forever by blockLockers
		}()
	}
}

func explode() {
	parseConfig(nil)
}

func parseConfig(cfg map[string]string) {
	if cfg == nil {
		panic("crash: parseConfig called with nil config") // the panic the trace is about
	}
}
