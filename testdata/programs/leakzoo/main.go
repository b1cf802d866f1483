// Command leakzoo leaks goroutines of every run-time leak pattern in Goroscope's
// catalog, each with a distinct count, waits until all of them are parked and then
// writes goroutine dumps exactly as net/http/pprof does (debug=2, debug=1, debug=0),
// plus the goroutineleak profile where the runtime has one (Go 1.26+).
//
// Fixture for testdata/dumps; see testdata/dumps/EXPECTED.tsv for the facts.
// Linux only (syscall.Pipe).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	scale  = flag.Int("scale", 1, "multiply every leak count by this")
	outDir = flag.String("out", ".", "directory for the dump files")
	prefix = flag.String("prefix", "leakzoo", "file name prefix for the dump files")
	leakOn = flag.Bool("leakprofile", true, "also write the goroutineleak profile where the runtime has one")
)

// keep holds objects that must stay alive (server side of TCP connections, pipe
// write ends) without making the leaked channels and locks reachable from a global.
var keep []interface{}

var quit int32 // never set; the polling loop in leakSleep checks it

// LogEntry is what request handlers ship to the log consumer.
type LogEntry struct {
	RequestID int
	Msg       string
}

func main() {
	flag.Parse()
	s := *scale
	want := 1 // main

	// Healthy background goroutines.
	url := startServer() // 1: net/http.(*Server).Serve accept loop
	want++
	signal.Notify(make(chan os.Signal, 1), syscall.SIGUSR1) // 1: os/signal.loop
	want++
	startBusy() // 1: CPU loop
	want++

	// Leaks, each with a distinct count (times -scale).
	want += leakChanSend(3 * s)
	want += leakChanRecv(5 * s)
	want += leakChanRange(7 * s)
	want += leakNilSend(2 * s)
	want += leakNilRecv(4 * s)
	want += leakSelectForever(6 * s)
	want += leakSelectLoop(8 * s)
	want += leakMutex(9 * s)
	want += leakRWMutexLock(10 * s)
	want += leakRWMutexRLock(11 * s)
	want += leakWaitGroup(12 * s)
	want += leakCond(13 * s)
	want += leakSleep(14 * s)
	want += leakConnRead(15 * s)
	want += leakHTTPBody(url, 16*s) // 3 goroutines per request: readLoop, writeLoop, server conn
	want += leakSyscall(17 * s)
	want += leakLogShipping(100+53*s, 100) // 53*s senders block after the buffer of 100 fills

	waitSettled(want)

	write("debug2.txt", "goroutine", 2)
	write("debug1.txt", "goroutine", 1)
	write("debug0.pb.gz", "goroutine", 0)
	if *leakOn && pprof.Lookup("goroutineleak") != nil {
		// Written last: the leak-detecting GC moves leaked goroutines to the leaked state.
		write("leak.debug2.txt", "goroutineleak", 2)
		write("leak.debug1.txt", "goroutineleak", 1)
		write("leak.debug0.pb.gz", "goroutineleak", 0)
	}
	fmt.Printf("leakzoo: %d goroutines, dumps written to %s\n", want, *outDir)
	os.Exit(0)
}

func write(name, profile string, debug int) {
	f, err := os.Create(filepath.Join(*outDir, *prefix+"."+name))
	if err != nil {
		fatal(err)
	}
	// Exactly what net/http/pprof's handler does.
	if err := pprof.Lookup(profile).WriteTo(f, debug); err != nil {
		fatal(err)
	}
	if err := f.Close(); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "leakzoo:", err)
	os.Exit(1)
}

// waitSettled waits until exactly want goroutines exist and none but main and the busy
// loop is running or runnable, then waits a second and checks again.
func waitSettled(want int) {
	deadline := time.Now().Add(20 * time.Second)
	settled := func() bool { return runtime.NumGoroutine() == want && active() <= 2 }
	for {
		for !settled() {
			if time.Now().After(deadline) {
				fmt.Fprintf(os.Stderr, "leakzoo: not settled: NumGoroutine=%d want %d, active=%d\n",
					runtime.NumGoroutine(), want, active())
				os.Exit(3)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Second)
		if settled() {
			return
		}
	}
}

// active counts goroutines that are running or runnable.
func active() int {
	var b bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&b, 2)
	return strings.Count(b.String(), " [running") + strings.Count(b.String(), " [runnable")
}

func startServer() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello\n")
	})}
	go srv.Serve(ln) // healthy: accept loop in IO wait
	return "http://" + ln.Addr().String() + "/"
}

func startBusy() {
	go func() {
		x := 0
		for { // healthy: a CPU loop, running or runnable
			x++
		}
	}()
}

func leakChanSend(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			ch <- 1 // chan-send: unbuffered send, nobody ever receives from ch
		}()
	}
	return n
}

func leakChanRecv(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			<-ch // chan-receive: nobody ever sends on ch or closes it
		}()
	}
	return n
}

func leakChanRange(n int) int {
	ch := make(chan string)
	for i := 0; i < n; i++ {
		go func() {
			for s := range ch { // chan-receive: range over a channel nobody ever closes
				_ = s
			}
		}()
	}
	return n
}

func leakNilSend(n int) int {
	var ch chan int
	for i := 0; i < n; i++ {
		go func() {
			ch <- 1 // nil-chan: a send on a nil channel blocks forever
		}()
	}
	return n
}

func leakNilRecv(n int) int {
	var ch chan int
	for i := 0; i < n; i++ {
		go func() {
			<-ch // nil-chan: a receive from a nil channel blocks forever
		}()
	}
	return n
}

func leakSelectForever(n int) int {
	for i := 0; i < n; i++ {
		go func() {
			select {} // select-forever: a select with no cases never proceeds
		}()
	}
	return n
}

func leakSelectLoop(n int) int {
	a := make(chan int)
	b := make(chan string)
	for i := 0; i < n; i++ {
		go func() {
			for {
				select { // select: nothing ever sends on a or b, and the loop has no exit case
				case <-a:
				case <-b:
				}
			}
		}()
	}
	return n
}

func leakMutex(n int) int {
	mu := new(sync.Mutex)
	mu.Lock() // never unlocked
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock() // mutex: leakMutex holds the lock and never unlocks it
			mu.Unlock()
		}()
	}
	return n
}

func leakRWMutexLock(n int) int {
	for i := 0; i < n; i++ {
		rw := new(sync.RWMutex) // one lock per writer, so every writer waits in the same place
		rw.RLock()              // a reader that never calls RUnlock
		go func() {
			rw.Lock() // rwmutex: the writer waits for a reader that never leaves
		}()
	}
	return n
}

func leakRWMutexRLock(n int) int {
	rw := new(sync.RWMutex)
	rw.Lock() // a writer that never calls Unlock
	for i := 0; i < n; i++ {
		go func() {
			rw.RLock() // rwmutex: the reader waits for a writer that never leaves
		}()
	}
	return n
}

func leakWaitGroup(n int) int {
	wg := new(sync.WaitGroup)
	wg.Add(1) // never matched by Done
	for i := 0; i < n; i++ {
		go func() {
			wg.Wait() // waitgroup: the counter never reaches zero
		}()
	}
	return n
}

func leakCond(n int) int {
	mu := new(sync.Mutex)
	c := sync.NewCond(mu)
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			c.Wait() // cond: nobody ever calls Signal or Broadcast
			mu.Unlock()
		}()
	}
	return n
}

func leakSleep(n int) int {
	for i := 0; i < n; i++ {
		go func() {
			for {
				time.Sleep(time.Hour) // sleep: polls for a quit flag that is never set
				if atomic.LoadInt32(&quit) != 0 {
					return
				}
			}
		}()
	}
	return n
}

func leakConnRead(n int) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	defer ln.Close()
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			fatal(err)
		}
		peer, err := ln.Accept()
		if err != nil {
			fatal(err)
		}
		keep = append(keep, peer) // the peer stays open and never writes
		go func() {
			buf := make([]byte, 1)
			c.Read(buf) // io-wait: the peer keeps the connection open and never writes
		}()
	}
	return n
}

func leakHTTPBody(url string, n int) int {
	for i := 0; i < n; i++ {
		resp, err := http.Get(url) // io-wait: resp.Body is never closed, pinning readLoop and writeLoop
		if err != nil {
			fatal(err)
		}
		_ = resp
	}
	return 3 * n // client readLoop + writeLoop, server conn per request
}

func leakSyscall(n int) int {
	for i := 0; i < n; i++ {
		var p [2]int
		if err := syscall.Pipe(p[:]); err != nil {
			fatal(err)
		}
		keep = append(keep, p) // the write end stays open and is never written
		go func() {
			buf := make([]byte, 1)
			syscall.Read(p[0], buf) // syscall: a raw blocking read on a pipe nobody writes to
		}()
	}
	return n
}

// leakLogShipping reproduces the incident: a log-shipping channel whose consumer died.
// The first bufSize request goroutines fill the buffer and return; the rest block.
func leakLogShipping(requests, bufSize int) int {
	logCh := make(chan *LogEntry, bufSize)
	died := make(chan struct{})
	go func() {
		defer close(died)
		shipLogs(logCh)
	}()
	<-died
	for i := 0; i < requests; i++ {
		go handleRequest(i, logCh)
	}
	return requests - bufSize
}

// shipLogs is the consumer; it fails at once (the "died" consumer) and returns.
func shipLogs(logCh <-chan *LogEntry) error {
	return fmt.Errorf("log backend unreachable")
}

func handleRequest(id int, logCh chan<- *LogEntry) {
	entry := &LogEntry{RequestID: id, Msg: "handled"}
	logCh <- entry // chan-send: the consumer died, so once the buffer is full every send blocks
}
