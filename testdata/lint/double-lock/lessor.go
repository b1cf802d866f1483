package doublelock

import (
	"sync"
	"time"
)

// etcd-style lessor: the constructor wires a checkpoint callback into a function field, and Renew calls it
// while it holds the lessor's lock. The callback is the lessor's own method, which takes that lock again
// (Tu et al. list callbacks invoked under the caller's lock among the double-locking bugs), so every renewal
// hangs. Calls through function values are followed when every value stored in the field is known.
type lessor struct {
	mu         sync.Mutex
	expiry     map[int64]time.Time
	checkpoint func(id int64, remaining time.Duration)
}

func newLessor() *lessor {
	le := &lessor{expiry: map[int64]time.Time{}}
	le.checkpoint = le.saveCheckpoint
	return le
}

func (le *lessor) saveCheckpoint(id int64, remaining time.Duration) {
	le.mu.Lock()
	le.expiry[id] = time.Now().Add(remaining)
	le.mu.Unlock()
}

func (le *lessor) Renew(id int64, ttl time.Duration) {
	le.mu.Lock()
	defer le.mu.Unlock()
	if remaining := time.Until(le.expiry[id]); remaining < ttl/2 {
		le.checkpoint(id, remaining) // want "double-lock"
	}
	le.expiry[id] = time.Now().Add(ttl)
}
