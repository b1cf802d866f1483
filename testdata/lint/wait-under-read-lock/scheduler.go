package waitunderreadlock

import "sync"

// Kubernetes-style controller (Tu et al., ASPLOS 2019, RWMutex writer priority): each worker read-locks the
// controller's cache while it waits for the next item of its queue; a periodic resync write-locks the cache. Once
// the resync waits for a worker that waits on an empty queue, the other workers' RLock waits behind the resync, and
// the worker that would fill the queue is one of them.
type itemQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func newItemQueue() *itemQueue {
	q := &itemQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *itemQueue) pop() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}

func (q *itemQueue) push(item string) {
	q.mu.Lock()
	q.items = append(q.items, item)
	q.mu.Unlock()
	q.cond.Signal()
}

type scheduler struct {
	cacheMu sync.RWMutex
	cache   map[string]int
	queue   *itemQueue
	retries *itemQueue
}

func (s *scheduler) processNext() {
	s.cacheMu.RLock()
	defer s.cacheMu.RUnlock()
	item := s.queue.pop() // want "wait-under-read-lock"
	if s.cache[item] > 3 {
		s.retries.push(item)
	}
}

func (s *scheduler) resync(fresh map[string]int) {
	s.cacheMu.Lock()
	s.cache = fresh
	s.cacheMu.Unlock()
}
