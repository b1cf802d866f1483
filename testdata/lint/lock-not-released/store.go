package locknotreleased

import (
	"errors"
	"sync"
)

// etcd/docker-style store: Put validates under the lock and an error check added later returns without
// unlocking (Tu et al. count missing unlocks on error paths among the commonest blocking bugs). The next
// Put or Get blocks forever.
type store struct {
	mu      sync.Mutex
	entries map[string][]byte
	limit   int
}

var errFull = errors.New("store full")

func (s *store) Put(key string, value []byte) error {
	s.mu.Lock()
	if len(s.entries) >= s.limit {
		return errFull // want "lock-not-released"
	}
	s.entries[key] = value
	s.mu.Unlock()
	return nil
}

func (s *store) Get(key string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entries[key]
}
