package condwait

import "sync"

// Docker-style connection pool: a goroutine waits for a free slot with a bare Wait, no condition at all.
// When put's Signal runs before this goroutine reaches Wait (the pool had a free slot already), the wake-up
// is lost and the goroutine blocks forever.
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
		p.cond.Wait() // want "cond-wait"
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
