package locknotreleased

import "sync"

// kubernetes-style controller loop: each item is handled under the queue lock, and a `continue` that skips
// deleted items keeps the lock, so the next iteration's Lock blocks forever.
type item struct {
	key     string
	deleted bool
}

type controller struct {
	mu    sync.Mutex
	queue []item
	done  map[string]bool
}

func (c *controller) processAll(handle func(item)) {
	for i := range c.queue {
		c.mu.Lock()
		it := c.queue[i]
		if it.deleted {
			continue // want "lock-not-released"
		}
		c.done[it.key] = true
		c.mu.Unlock()
		handle(it)
	}
}

// Handing the lock to the caller by design is not a leak: every path of acquireQueue returns holding it.
func (c *controller) acquireQueue() []item {
	c.mu.Lock()
	return c.queue
}

// A path that releases on the early exit, and a deferred unlock, are not reported.
func (c *controller) markDone(key string) bool {
	c.mu.Lock()
	if c.done[key] {
		c.mu.Unlock()
		return false
	}
	c.done[key] = true
	c.mu.Unlock()
	return true
}
