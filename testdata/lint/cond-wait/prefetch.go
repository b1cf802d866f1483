package condwait

import "sync"

// The lost wake-up of the Go bug studies (a Broadcast that can come before the waiter reaches Wait, Tu et al.,
// ASPLOS 2019; GCatch's "missing condition check" class): the fetcher broadcasts without the lock and the caller
// waits without checking whether the fetch already finished, so a fast fetch leaves it waiting forever.
type prefetcher struct {
	mu    sync.Mutex
	ready *sync.Cond
	page  []byte
}

func (p *prefetcher) fetch(get func() []byte) []byte {
	p.ready = sync.NewCond(&p.mu)
	go func() {
		p.page = get()
		p.ready.Broadcast()
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ready.Wait() // want "cond-wait"
	return p.page
}
