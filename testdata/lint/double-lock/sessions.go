package doublelock

import (
	"sync"
	"time"
)

// A session table whose constructor wires an expiry callback into a function field as a closure over the table
// itself; Sweep invokes the callback while it holds the table's lock, and the callback takes that lock again.
// The classic shape of the published callback deadlocks (a callback invoked while holding the mutex its owner
// takes): the closure names the lock through the variable it captured, which the call names as the struct whose
// field it calls.
type sessionTable struct {
	mu       sync.Mutex
	sessions map[string]time.Time
	onExpire func(id string)
}

func newSessionTable() *sessionTable {
	t := &sessionTable{sessions: map[string]time.Time{}}
	t.onExpire = func(id string) {
		t.mu.Lock()
		delete(t.sessions, id)
		t.mu.Unlock()
	}
	return t
}

func (t *sessionTable) Sweep(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, deadline := range t.sessions {
		if now.After(deadline) {
			t.onExpire(id) // want "double-lock"
		}
	}
}
