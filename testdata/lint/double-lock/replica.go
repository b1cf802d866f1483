package doublelock

import "sync"

// cockroach-style replica status: the status report read-locks the store through a local copy of the replica's
// store pointer, then asks the store for its raft status, which read-locks the same store again; a writer queued
// between the two read locks blocks the second, and the first is never released.
type raftStore struct {
	mu     sync.RWMutex
	status string
}

func (s *raftStore) RaftStatus() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.status
}

func (s *raftStore) setStatus(status string) {
	s.mu.Lock()
	s.status = status
	s.mu.Unlock()
}

type raftReplica struct{ store *raftStore }

func (r *raftReplica) report() string {
	s := r.store
	s.mu.RLock()
	defer s.mu.RUnlock()
	return r.store.RaftStatus() // want "double-lock"
}
