package locknotreleased

import (
	"sync"
	"time"
)

// grpc-style transport: the keepalive timer's function literal takes the transport's lock and an early
// return for a closed transport was added without the unlock. The literal is a function of its own, run by
// the timer's goroutine; the next Write or the next timer blocks on the lock forever.
type transport struct {
	mu      sync.Mutex
	closed  bool
	pending int
	timer   *time.Timer
}

func (t *transport) armKeepalive(every time.Duration) {
	t.timer = time.AfterFunc(every, func() {
		t.mu.Lock()
		if t.closed {
			return // want "lock-not-released"
		}
		t.pending++
		t.mu.Unlock()
	})
}

func (t *transport) Write() {
	t.mu.Lock()
	t.pending = 0
	t.mu.Unlock()
}
