package lockorder

import "sync"

// kubernetes-style cache with a write-through index: Add locks the items and then the index, Evict (run by
// a janitor goroutine) locks the index and then the items; two RWMutexes, the writers deadlock.
type cache struct {
	itemsMu sync.RWMutex
	indexMu sync.RWMutex
	items   map[string]string
	index   map[string][]string
}

func (c *cache) Add(key, value, label string) {
	c.itemsMu.Lock()
	defer c.itemsMu.Unlock()
	c.items[key] = value
	c.indexMu.Lock()
	c.index[label] = append(c.index[label], key)
	c.indexMu.Unlock()
}

func (c *cache) Evict(label string) {
	c.indexMu.Lock()
	defer c.indexMu.Unlock()
	for _, key := range c.index[label] {
		c.itemsMu.Lock() // want "lock-order"
		delete(c.items, key)
		c.itemsMu.Unlock()
	}
	delete(c.index, label)
}
