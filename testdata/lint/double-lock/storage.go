package doublelock

import "sync"

// etcd-style backend: compaction holds the global batch lock and commits through the unexported
// backend interface; both implementations take that same lock to commit, so compaction hangs forever.
var batchMu sync.Mutex

type backend interface{ commit(keys []string) }

type boltBackend struct{ pending []string }
type memBackend struct{ pending []string }

func (b *boltBackend) commit(keys []string) {
	batchMu.Lock()
	defer batchMu.Unlock()
	b.pending = append(b.pending[:0], keys...)
}

func (m *memBackend) commit(keys []string) {
	batchMu.Lock()
	m.pending = append(m.pending, keys...)
	batchMu.Unlock()
}

func compact(be backend, keys []string) {
	batchMu.Lock()
	defer batchMu.Unlock()
	keep := keys[:len(keys)/2]
	be.commit(keep) // want "double-lock"
}

// cockroach-style stopper: the deferred drain is registered after the deferred Unlock, so it runs first,
// with the stopper's lock still held, and locks it again.
type stopper struct {
	mu      sync.Mutex
	closers []func()
}

func (s *stopper) drain() {
	s.mu.Lock()
	for _, c := range s.closers {
		c()
	}
	s.closers = nil
	s.mu.Unlock()
}

func (s *stopper) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.drain() // want "double-lock"
	s.closers = append(s.closers, func() {})
}
