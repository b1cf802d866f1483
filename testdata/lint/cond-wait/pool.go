package condwait

import "sync"

// Docker-style connection pool: goroutines wait for a free slot under `if`. put's Signal wakes one waiter,
// but a goroutine arriving between the Signal and the waiter's re-lock takes the slot first; the woken waiter
// goes on with free at -1, and the next put's Signal is spent on it: a later waiter blocks forever.
type connPool struct {
	mu   sync.Mutex
	cond sync.Cond
	free int
}

func (p *connPool) init() { p.cond.L = &p.mu }

func (p *connPool) put() {
	p.mu.Lock()
	p.free++
	p.cond.Signal()
	p.mu.Unlock()
}

func (p *connPool) acquireAsync(done chan<- struct{}) {
	go func() {
		p.mu.Lock()
		if p.free == 0 {
			p.cond.Wait() // want "cond-wait"
		}
		p.free--
		p.mu.Unlock()
		done <- struct{}{}
	}()
}

// A Cond exported from a library can be signalled by its importers: not reported.
type Barrier struct {
	Ready *sync.Cond
	n     int
}

func (b *Barrier) Await() {
	b.Ready.L.Lock()
	for b.n > 0 {
		b.Ready.Wait()
	}
	b.Ready.L.Unlock()
}
