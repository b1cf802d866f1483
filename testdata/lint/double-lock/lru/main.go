// An LRU cache whose eviction callback is given to the constructor (groupcache/hashicorp-lru style). The command
// passes a callback that updates the cache's statistics, under the cache's own lock: Add holds that lock when it
// evicts, so the callback's Lock never returns. In package main every call of NewLRU is in the program.
package main

import (
	"container/list"
	"fmt"
	"sync"
)

type LRU struct {
	mu       sync.Mutex
	capacity int
	order    *list.List
	items    map[string]*list.Element
	evicted  int
	onEvict  func(c *LRU, key string)
}

func NewLRU(capacity int, onEvict func(c *LRU, key string)) *LRU {
	return &LRU{capacity: capacity, order: list.New(), items: map[string]*list.Element{}, onEvict: onEvict}
}

func (c *LRU) Add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = c.order.PushFront(key)
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(string))
		c.onEvict(c, oldest.Value.(string)) // want "double-lock"
	}
}

func countEviction(c *LRU, key string) {
	c.mu.Lock()
	c.evicted++
	c.mu.Unlock()
}

func main() {
	cache := NewLRU(2, countEviction)
	for i := 0; i < 3; i++ {
		cache.Add(fmt.Sprint(i))
	}
}
