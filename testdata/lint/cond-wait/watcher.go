package condwait

import "sync"

// etcd-style watch hub: watchers wait on `changed` for a newer revision, but the store's update path was
// refactored to notify through channels and no longer broadcasts the Cond. Every watcher blocks forever.
type watchHub struct {
	mu       sync.Mutex
	changed  *sync.Cond
	revision int64
}

func newWatchHub() *watchHub {
	h := &watchHub{}
	h.changed = sync.NewCond(&h.mu)
	return h
}

func (h *watchHub) update(rev int64) {
	h.mu.Lock()
	h.revision = rev
	h.mu.Unlock()
}

func (h *watchHub) waitFor(rev int64) int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	for h.revision < rev {
		h.changed.Wait() // want "cond-wait"
	}
	return h.revision
}

// A helper that only waits, called from a loop that re-checks: not reported.
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	opened bool
}

func (g *gate) sleep() { g.cond.Wait() }

func (g *gate) pass() {
	g.mu.Lock()
	for !g.opened {
		g.sleep()
	}
	g.mu.Unlock()
}

func (g *gate) open() {
	g.mu.Lock()
	g.opened = true
	g.cond.Broadcast()
	g.mu.Unlock()
}
