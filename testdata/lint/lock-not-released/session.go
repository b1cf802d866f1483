package locknotreleased

import (
	"sync"
	"time"
)

// etcd-style session: acquire polls for the session to be granted, read-locking it each round and releasing
// it before it sleeps; when the grant is there it returns out of the loop still read-locked, and no caller
// releases it. The next Revoke's Lock waits for that read lock forever.
type session struct {
	mu      sync.RWMutex
	granted bool
	id      int64
}

func (s *session) acquire() int64 {
	for {
		s.mu.RLock()
		if s.granted {
			return s.id // want "lock-not-released"
		}
		s.mu.RUnlock()
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *session) KeepAlive() int64 { return s.acquire() }

func (s *session) Revoke() {
	s.mu.Lock()
	s.granted = false
	s.mu.Unlock()
}
