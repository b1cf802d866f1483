// Command hung is a small service hit by four concurrency bugs of the kinds the Go bug studies
// (Tu et al., "Understanding Real-World Concurrency Bugs in Go", ASPLOS 2019) found most often in
// Docker, Kubernetes, etcd, gRPC and CockroachDB. Each bug strands its goroutines for good, while a
// heartbeat goroutine keeps running, as a live service's would. It writes debug=2 and debug=1 dumps,
// then, where the runtime has it (Go 1.26+), the goroutineleak profile that marks the stranded ones.
//
//	hung -out DIR [-prefix hung]
package main

import (
	"errors"
	"flag"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"time"
)

func main() {
	out := flag.String("out", ".", "directory for the dump files")
	prefix := flag.String("prefix", "hung", "file name prefix")
	flag.Parse()

	go heartbeat()
	go resizeImages([]string{"a.png", "b.png", "broken.png", "c.png"}) // bug 1: 3 workers stranded
	startHub()                                                          // bug 2: 2 goroutines stranded
	go syncReplicas([]string{"r1", "r2", "r3"})                         // bug 3: 1 waiter and 1 replica stranded
	startCache()                                                        // bug 4: 2 goroutines stranded
	settle(1+1+3+2+2+2, 1)

	dump(filepath.Join(*out, *prefix+".debug2.txt"), "goroutine", 2)
	dump(filepath.Join(*out, *prefix+".debug1.txt"), "goroutine", 1)
	if pprof.Lookup("goroutineleak") != nil {
		// Written last: the leak-detecting GC moves the stranded goroutines to the leaked state.
		dump(filepath.Join(*out, *prefix+".leak.debug2.txt"), "goroutineleak", 2)
	}
}

// heartbeat is the healthy part of the service: it wakes every 50 ms.
func heartbeat() {
	for {
		time.Sleep(50 * time.Millisecond)
	}
}

// ---- bug 1: a worker pool whose result channel nobody drains after an error ----------------

type result struct {
	name string
	err  error
}

// resizeImages fans out one worker per file and returns at the first error: the workers that
// finish later block forever sending their results on the unbuffered channel.
func resizeImages(files []string) error {
	results := make(chan result) // the fix: make(chan result, len(files))
	for _, f := range files {
		go resize(f, results)
	}
	for range files {
		if r := <-results; r.err != nil {
			return r.err
		}
	}
	return nil
}

func resize(name string, results chan<- result) {
	var err error
	if name == "broken.png" {
		err = errors.New("resize " + name + ": bad header")
	} else {
		time.Sleep(100 * time.Millisecond) // resizing takes longer than failing
	}
	results <- result{name, err}
}

// ---- bug 2: a mutex held across a channel send whose receiver needs the mutex --------------

type Hub struct {
	mu          sync.Mutex
	subscribers int
	events      chan string
}

// Publish holds the lock while it sends, and the only receiver takes the same lock first.
//
//go:noinline
func (h *Hub) Publish(event string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events <- event
}

// Drain counts subscribers under the lock before it receives: it waits for Publish's lock.
//
//go:noinline
func (h *Hub) Drain() {
	for {
		h.mu.Lock()
		n := h.subscribers
		h.mu.Unlock()
		if n >= 0 {
			<-h.events
		}
	}
}

func startHub() {
	h := &Hub{events: make(chan string)}
	go h.Publish("started")
	time.Sleep(50 * time.Millisecond) // Publish holds the lock and waits in the send
	go h.Drain()
}

// ---- bug 3: a WaitGroup whose Done is skipped on an error path -----------------------------

// syncReplicas waits for every replica before it reads the errors, but a replica that fails
// sends its error first, on an unbuffered channel, and only then would call Done.
func syncReplicas(replicas []string) error {
	var wg sync.WaitGroup
	errs := make(chan error)
	for _, r := range replicas {
		wg.Add(1)
		go syncReplica(r, &wg, errs)
	}
	wg.Wait() // never returns: r2 is stuck in the send below, before its Done
	close(errs)
	return <-errs
}

//go:noinline
func syncReplica(name string, wg *sync.WaitGroup, errs chan<- error) {
	if name == "r2" {
		errs <- errors.New("replica " + name + " unreachable") // the error path skips Done
		return
	}
	wg.Done()
}

// ---- bug 4: a double RLock with a writer waiting in between --------------------------------

type Cache struct {
	mu      sync.RWMutex
	entries map[string]string
}

// Get read-locks, then calls Len, which read-locks again. When a writer arrives between the two,
// RWMutex makes the second RLock wait for the writer, and the writer waits for the first RLock.
//
//go:noinline
func (c *Cache) Get(key string, writerWaiting chan<- struct{}, writerIn <-chan struct{}) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	writerWaiting <- struct{}{}
	<-writerIn
	time.Sleep(50 * time.Millisecond) // the writer is now blocked in Lock
	if c.Len() == 0 {
		return ""
	}
	return c.entries[key]
}

//go:noinline
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

//go:noinline
func (c *Cache) Set(key, value string, writerIn chan<- struct{}) {
	close(writerIn)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = value
}

func startCache() {
	c := &Cache{entries: map[string]string{}}
	writerWaiting, writerIn := make(chan struct{}), make(chan struct{})
	go c.Get("k", writerWaiting, writerIn)
	<-writerWaiting
	go c.Set("k", "v", writerIn)
}
