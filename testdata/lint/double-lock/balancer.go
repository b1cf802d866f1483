package doublelock

import "sync"

// grpc-style balancer: Pick holds the read lock and reaches the read lock again two calls down; a Close
// waiting for the write lock between the two RLocks deadlocks all three.
type address struct {
	addr string
	up   bool
}

type roundRobin struct {
	mu    sync.RWMutex
	addrs []address
	next  int
}

func (rr *roundRobin) upCount() int {
	rr.mu.RLock()
	defer rr.mu.RUnlock()
	n := 0
	for _, a := range rr.addrs {
		if a.up {
			n++
		}
	}
	return n
}

func (rr *roundRobin) ready() bool {
	return rr.upCount() > 0
}

func (rr *roundRobin) Pick() (string, bool) {
	rr.mu.RLock()
	defer rr.mu.RUnlock()
	if !rr.ready() { // want "double-lock"
		return "", false
	}
	a := rr.addrs[rr.next%len(rr.addrs)]
	return a.addr, true
}

func (rr *roundRobin) Close() {
	rr.mu.Lock()
	rr.addrs = nil
	rr.mu.Unlock()
}
