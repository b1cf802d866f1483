package deferinloop

import "sync"

type registry struct {
	mu    sync.Mutex
	items map[string]int
}

// kubernetes-style controller loop: the deferred Unlock never runs, the second pass deadlocks.
func (r *registry) run(updates chan string) {
	go func() {
		for {
			name := <-updates
			r.mu.Lock() // want "double-lock"
			defer r.mu.Unlock() // want "defer-in-loop"
			r.items[name]++
		}
	}()
}
