package doublelock

import "sync"

// Watch hub in the style of kubernetes/docker event broadcasters: Stop binds the hub's notify method to a
// local before taking the lock, then calls it under the lock to tell watchers they are done; notify locks the
// hub again, so Stop never returns. A local bound to a method value runs on the receiver it was taken from.
type hub struct {
	mu       sync.Mutex
	watchers []chan string
	stopped  bool
}

func (h *hub) notify(event string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range h.watchers {
		select {
		case w <- event:
		default:
		}
	}
}

func (h *hub) Stop() {
	tell := h.notify
	h.mu.Lock()
	h.stopped = true
	tell("stopped") // want "double-lock"
	h.mu.Unlock()
}
