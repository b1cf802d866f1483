// Command pprofserver serves net/http/pprof on a loopback address and, optionally,
// leaks chan-send goroutines: -leak-initial N at start, and one more every
// -leak-every (0 = never). Its first stdout line is "listening on 127.0.0.1:PORT",
// printed once the listener is open. Goroscope's tests build and run it.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	every := flag.Duration("leak-every", 0, "leak one goroutine per tick (0 = no periodic leak)")
	initial := flag.Int("leak-initial", 0, "goroutines to leak at start")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pprofserver:", err)
		os.Exit(1)
	}
	for i := 0; i < *initial; i++ {
		leakOne()
	}
	if *every > 0 {
		go leakTicker(*every)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()
	if err := http.Serve(ln, nil); err != nil { // DefaultServeMux has /debug/pprof/
		fmt.Fprintln(os.Stderr, "pprofserver:", err)
		os.Exit(1)
	}
}

func leakTicker(every time.Duration) {
	for range time.Tick(every) {
		leakOne()
	}
}

// leakOne starts one goroutine that blocks forever in leakedSender.
func leakOne() {
	ch := make(chan int)
	go leakedSender(ch)
}

func leakedSender(ch chan int) {
	ch <- 1 // chan-send: ch is unbuffered and nobody ever receives from it
}
