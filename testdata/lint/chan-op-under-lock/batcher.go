package chanopunderlock

import "sync"

// A metrics batcher: Flush sends every pending sample on a channel buffered for four while it holds b.mu, and the
// exporter loop takes b.mu after each receive to update its counters. With more than four samples pending while
// the exporter waits for b.mu, the buffer fills, Flush blocks holding b.mu, and neither goes on.
type batcher struct {
	mu      sync.Mutex
	pending []float64
	out     chan float64
	sent    int
}

func newBatcher() *batcher {
	b := &batcher{out: make(chan float64, 4)}
	go b.export()
	return b
}

func (b *batcher) export() {
	for {
		v := <-b.out
		b.mu.Lock()
		b.sent++
		_ = v
		b.mu.Unlock()
	}
}

func (b *batcher) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.pending {
		b.out <- v // want "chan-op-under-lock"
	}
	b.pending = nil
}
