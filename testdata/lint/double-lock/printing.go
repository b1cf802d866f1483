package doublelock

import (
	"fmt"
	"log"
	"sync"
)

// cockroach-style descriptor cache: the lookup read-locks the cache and, on a miss, logs the cache itself; fmt calls
// the cache's String method, which read-locks it again. A writer refreshing the cache between the two read locks
// blocks the second one, and the lookup never releases the first.
type descriptorCache struct {
	mu          sync.RWMutex
	descriptors map[string]int
}

func (c *descriptorCache) String() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fmt.Sprintf("%d descriptors", len(c.descriptors))
}

func (c *descriptorCache) refresh(name string, id int) {
	c.mu.Lock()
	c.descriptors[name] = id
	c.mu.Unlock()
}

func (c *descriptorCache) lookup(name string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.descriptors[name]
	if !ok {
		log.Printf("descriptor %s not in %v", name, c) // want "double-lock"
	}
	return id, ok
}
