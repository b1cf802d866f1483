// tracepool is the benchmark input for `goroscope trace`: a busy worker pool traced for a fixed time. Producers
// hand small jobs to workers over unbuffered channels, workers compute, block on a shared mutex now and then,
// sleep briefly and send results; every few milliseconds a burst of short-lived goroutines is spawned; a few
// goroutines leak on purpose. The trace grows to roughly 25 MB per second of run time on two cores.
//
// Usage: tracepool -o trace.out -d 3s
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
	duration := flag.Duration("d", 3*time.Second, "how long to run traced")
	workers := flag.Int("workers", 64, "worker goroutines")
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

	jobs := make(chan int)
	results := make(chan int, 16)
	var mu sync.Mutex
	shared := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				sum := 0
				for k := 0; k < 200; k++ {
					sum += k ^ j
				}
				if j%8 == 0 {
					mu.Lock()
					shared += sum
					mu.Unlock()
				}
				if j%32 == 0 {
					time.Sleep(50 * time.Microsecond)
				}
				results <- sum
			}
		}()
	}
	go func() {
		for range results {
		}
	}()
	for p := 0; p < 4; p++ {
		go func(p int) {
			for j := p; ; j += 4 {
				select {
				case jobs <- j:
				case <-stop:
					return
				}
			}
		}(p)
	}
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				var burst sync.WaitGroup
				for i := 0; i < 20; i++ {
					burst.Add(1)
					go func() {
						defer burst.Done()
						time.Sleep(10 * time.Microsecond)
					}()
				}
				burst.Wait()
			case <-stop:
				return
			}
		}
	}()
	for i := 0; i < 10; i++ {
		go func() { select {} }()
	}

	time.Sleep(*duration)
	close(stop)
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
