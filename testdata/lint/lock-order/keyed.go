package lockorder

import "sync"

// A per-user lock table in the style of Tu et al.'s resource deadlocks: Acquire waits for a user's lock while it
// holds the table's lock, and returns holding the user's lock; Release, which the caller runs later, takes the
// table's read lock while that user's lock is still held. A second Acquire of the same user holds the table and
// waits for the user; the first holder's Release then waits for the table.
type userLocks struct {
	mu    sync.RWMutex
	users map[int]*sync.Mutex
}

func (t *userLocks) Acquire(user int) {
	t.mu.Lock()
	if t.users[user] == nil {
		t.users[user] = new(sync.Mutex)
	}
	t.users[user].Lock()
	t.mu.Unlock()
}

func (t *userLocks) Release(user int) {
	t.mu.RLock() // want "lock-order"
	defer t.mu.RUnlock()
	if held, ok := t.users[user]; ok {
		held.Unlock()
	}
}
