package locknotreleased

import "sync"

// grpc-style resolver: Lookup read-locks the address table and returns early on a miss without RUnlock.
// Readers still get in, but the first UpdateAddrs waits for the write lock forever, and every reader after it.
type resolver struct {
	mu    sync.RWMutex
	addrs map[string][]string
}

func (r *resolver) Lookup(name string) ([]string, bool) {
	r.mu.RLock()
	addrs, ok := r.addrs[name]
	if !ok {
		return nil, false // want "lock-not-released"
	}
	out := append([]string(nil), addrs...)
	r.mu.RUnlock()
	return out, true
}

func (r *resolver) UpdateAddrs(name string, addrs []string) {
	r.mu.Lock()
	r.addrs[name] = addrs
	r.mu.Unlock()
}
