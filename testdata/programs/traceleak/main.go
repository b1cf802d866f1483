// traceleak runs a short workload under runtime/trace and stops the trace while goroutines
// it leaked on purpose are still blocked, each kind with a distinct count so that readers and
// reports can be checked against known numbers:
//
//	3 × leakSend     blocked in chan send      (created by main.spawnSenders)
//	2 × leakReceive  blocked in chan receive   (created by main.main)
//	4 × leakSelect   blocked in select         (created by main.main)
//	1 × leakMutex    blocked on sync.Mutex     (created by main.main)
//	5 × leakWait     blocked on sync.WaitGroup (created by main.main)
//
// Before those, a pool of 4 workers drains 200 jobs and exits, so the trace also holds
// goroutines that were created, ran, blocked, unblocked and ended.
//
// Usage: traceleak [-o trace.out]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	out := flag.String("o", "trace.out", "where to write the execution trace")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	runPool(4, 200)

	spawnSenders(3)
	for i := 0; i < 2; i++ {
		go leakReceive(make(chan int))
	}
	for i := 0; i < 4; i++ {
		go leakSelect(make(chan int), make(chan string))
	}
	var mu sync.Mutex
	mu.Lock()
	go leakMutex(&mu)
	var wg sync.WaitGroup
	wg.Add(1)
	for i := 0; i < 5; i++ {
		go leakWait(&wg)
	}

	// Let every leaked goroutine reach its blocking point before the trace ends.
	time.Sleep(100 * time.Millisecond)
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func runPool(workers, jobs int) {
	queue := make(chan int)
	results := make(chan int, jobs)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go worker(queue, results, &wg)
	}
	for j := 0; j < jobs; j++ {
		queue <- j
	}
	close(queue)
	wg.Wait()
}

func worker(queue <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range queue {
		sum := 0
		for k := 0; k < 20000; k++ {
			sum += k * j
		}
		results <- sum
	}
}

func spawnSenders(n int) {
	for i := 0; i < n; i++ {
		go leakSend(make(chan int))
	}
}

func leakSend(ch chan int) { ch <- 1 }

func leakReceive(ch chan int) { <-ch }

func leakSelect(a chan int, b chan string) {
	select {
	case <-a:
	case <-b:
	}
}

func leakMutex(mu *sync.Mutex) { mu.Lock() }

func leakWait(wg *sync.WaitGroup) { wg.Wait() }
