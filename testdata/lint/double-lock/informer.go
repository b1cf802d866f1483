package doublelock

import "sync"

// kubernetes-style informer: the controller registers itself as the handler of its own events through an exported
// interface, and Resync calls the handler while it holds the controller's lock. The handler is the controller's own
// OnUpdate, which takes that lock again (Tu et al. count callbacks run under the caller's lock among the double-locking
// bugs). The interface is exported, but the field is not and its only value is the controller itself, so the call
// reaches exactly OnUpdate, on the same controller.
type EventHandler interface {
	OnUpdate(key string)
}

type Controller struct {
	mu      sync.Mutex
	items   map[string]int
	handler EventHandler
}

func NewController() *Controller {
	c := &Controller{items: map[string]int{}}
	c.handler = c
	return c
}

func (c *Controller) OnUpdate(key string) {
	c.mu.Lock()
	c.items[key]++
	c.mu.Unlock()
}

func (c *Controller) Resync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key := range c.items {
		c.handler.OnUpdate(key) // want "double-lock"
	}
}

// A handler set from outside (an exported setter other packages may call) may be anything: its call reaches no
// body the rule can trust, so the same shape is not reported.
type Queue struct {
	mu      sync.Mutex
	pending []string
	handler EventHandler
}

func (q *Queue) SetHandler(h EventHandler) { q.handler = h }

func (q *Queue) OnUpdate(key string) {
	q.mu.Lock()
	q.pending = append(q.pending, key)
	q.mu.Unlock()
}

func (q *Queue) Flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, key := range q.pending {
		q.handler.OnUpdate(key)
	}
}
