package chanopunderlock

import "sync"

// raft-style snapshotter, through `defer`: Save defers s.announce after its deferred Unlock, so the announcement runs
// first, with s.mu still held. The applier goroutine takes s.mu to record each announced index, so the unbuffered
// send in announce waits for an applier that is waiting for s.mu.
type snapshotter struct {
	mu      sync.Mutex
	index   uint64
	applied chan uint64
	done    uint64
}

func newSnapshotter() *snapshotter {
	s := &snapshotter{applied: make(chan uint64)}
	go s.applier()
	return s
}

func (s *snapshotter) applier() {
	for {
		i := <-s.applied
		s.mu.Lock()
		s.done = i
		s.mu.Unlock()
	}
}

func (s *snapshotter) announce() {
	s.applied <- s.index // want "chan-op-under-lock"
}

func (s *snapshotter) Save(index uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.announce()
	s.index = index
}
