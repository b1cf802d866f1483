package waitunderreadlock

import "sync"

// A connection pool in the style of the etcd/grpc blocking bugs of the GCatch paper: acquiring a connection
// read-locks the pool's settings and, through the unexported waiter interface, waits for a free slot; resizing
// write-locks the settings, and the release that would free the slot reads them first.
type waiter interface {
	await()
	release()
}

type slots struct {
	mu   sync.Mutex
	free *sync.Cond
	n    int
}

func (s *slots) await() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.n == 0 {
		s.free.Wait()
	}
	s.n--
}

func (s *slots) release() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	s.free.Signal()
}

type pool struct {
	settingsMu sync.RWMutex
	size       int
	capacity   waiter
}

func newPool(size int) *pool {
	s := &slots{n: size}
	s.free = sync.NewCond(&s.mu)
	return &pool{size: size, capacity: s}
}

func (p *pool) acquire() int {
	p.settingsMu.RLock()
	defer p.settingsMu.RUnlock()
	p.capacity.await() // want "wait-under-read-lock"
	return p.size
}

func (p *pool) resize(size int) {
	p.settingsMu.Lock()
	p.size = size
	p.settingsMu.Unlock()
}

func (p *pool) done() {
	p.settingsMu.RLock()
	defer p.settingsMu.RUnlock()
	p.capacity.release()
}
