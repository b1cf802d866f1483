// Command manyleaks parks N goroutines (default 420000) in 20 distinct stacks,
// -depth to -depth+4 frames of named functions deep (default 4 to 8, which puts about
// 80,000 goroutines in the 64 MiB debug=2 cap), blocked on a channel send, a channel
// receive, a mutex or a select, then writes the goroutine profile exactly as
// net/http/pprof does: debug=2 to -out (runtime/pprof caps it at 64 MiB, cutting the
// last goroutine off mid-trace) and debug=1 to -out1. Benchmark input for Goroscope.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"
)

const shapes = 20 // shape s: -depth+s/4 frames deep, blocking kind s%4

var (
	sendCh  = make(chan int) // nobody receives
	recvCh  = make(chan int) // nobody sends
	selA    = make(chan int) // nobody sends
	selB    = make(chan string)
	held    sync.Mutex // locked by main, never unlocked
	blocked int64      // goroutines about to block
)

func main() {
	n := flag.Int("n", 420000, "goroutines to park")
	out := flag.String("out", "manyleaks.debug2.txt", "debug=2 output file")
	out1 := flag.String("out1", "manyleaks.debug1.txt", "debug=1 output file")
	depth := flag.Int("depth", 4, "frames of the shallowest stack; shape s is depth+s/4 deep")
	flag.Parse()
	start := time.Now()
	held.Lock()
	for i := 0; i < *n; i++ {
		go handle(i%shapes, *depth+(i%shapes)/4)
	}
	for atomic.LoadInt64(&blocked) < int64(*n) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second) // let the last ones finish parking
	parked := time.Now()
	size2 := write(*out, 2)
	t2 := time.Since(parked)
	size1 := write(*out1, 1)
	full, total := count(*out)
	fmt.Printf("goroutines=%d debug2=%d bytes (cap 64 MiB = %d) headers=%d complete=%d debug1=%d bytes\n",
		runtime.NumGoroutine(), size2, 64<<20, total, full, size1)
	fmt.Printf("spawn+park=%s debug2 write=%s total=%s\n", parked.Sub(start).Round(time.Millisecond),
		t2.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

func write(name string, debug int) int64 {
	f, err := os.Create(name)
	if err == nil {
		err = pprof.Lookup("goroutine").WriteTo(f, debug)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

// count returns how many goroutine traces in the debug=2 file are complete (end with
// a blank line or at the end of an untruncated file) and how many headers it has.
func count(name string) (complete, headers int) {
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	headers = bytes.Count(data, []byte("\ngoroutine ")) + 1
	complete = bytes.Count(data, []byte("\n\ngoroutine "))
	if len(data) < 64<<20 {
		complete++ // the last trace is whole
	}
	return complete, headers
}

// The recursion: handle -> process -> dispatch -> handle ... until depth runs out.

//go:noinline
func handle(shape, depth int) {
	if depth > 1 {
		process(shape, depth-1)
		return
	}
	block(shape)
}

//go:noinline
func process(shape, depth int) {
	if depth > 1 {
		dispatch(shape, depth-1)
		return
	}
	block(shape)
}

//go:noinline
func dispatch(shape, depth int) {
	if depth > 1 {
		handle(shape, depth-1)
		return
	}
	block(shape)
}

//go:noinline
func block(shape int) {
	atomic.AddInt64(&blocked, 1)
	switch shape % 4 {
	case 0:
		sendCh <- 1 // chan-send: nobody receives
	case 1:
		<-recvCh // chan-receive: nobody sends
	case 2:
		held.Lock() // mutex: main holds it forever
	case 3:
		select { // select: nobody sends on selA or selB
		case <-selA:
		case <-selB:
		}
	}
}
